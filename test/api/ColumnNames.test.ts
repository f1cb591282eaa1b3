import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { SparkSession, functions as F, type DataFrame } from "../../src/index.js";

/** Unaliased columns are named as Spark 3.5 names them (ResolveAliases, and a generator's element schema). */
let spark: SparkSession;
let df: DataFrame;
before(() => {
  spark = SparkSession.builder().master("local[1]").appName("column-names").getOrCreate();
  df = spark.createDataFrame([{ k: "7", xs: [1, 2], m: new Map([["a", 1]]) }], "k STRING, xs ARRAY<INT>, m MAP<STRING, INT>");
  df.createOrReplaceTempView("t");
});
after(() => spark.stop());

test("a cast of a named column keeps the column's name; other casts print as SQL", () => {
  assert.deepEqual(df.select(F.col("k").cast("int"), F.col("k").alias("x").cast("int")).columns, ["k", "x"]);
  assert.deepEqual(df.select(F.col("k").cast("int").cast("string"), F.lit("1").cast("int")).columns, ["CAST(CAST(k AS INT) AS STRING)", "CAST(1 AS INT)"]);
  assert.deepEqual(spark.sql("SELECT CAST(k AS INT), CAST(k AS INT) + 1 FROM t").columns, ["k", "(CAST(k AS INT) + 1)"]);
  assert.deepEqual(df.selectExpr("CAST(k AS BIGINT)").schema.toDDL(), "k BIGINT");
});

test("explode names an array's elements col, a map's entries key and value", async () => {
  assert.deepEqual(df.select(F.explode("xs")).columns, ["col"]);
  assert.deepEqual(spark.sql("SELECT k, explode(xs) FROM t").columns, ["k", "col"]);
  const entries = df.select("k", F.explode("m"));
  assert.deepEqual(entries.columns, ["k", "key", "value"]);
  assert.deepEqual(await entries.collect(), [{ k: "7", key: "a", value: 1 }]);
  assert.deepEqual(await spark.sql("SELECT explode(m) FROM t").collect(), [{ key: "a", value: 1 }]);
  assert.throws(() => df.select(F.explode("m").alias("e")), /\[UDTF_ALIAS_NUMBER_MISMATCH\] .* Expected 2 aliases, but got e\./);
});
