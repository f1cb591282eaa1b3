import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { DataFrameReader, DataFrameWriter, SparkSession, functions as F, types as T, type DataFrame } from "../../src/index.js";
import { printed } from "./printed.js";

let spark: SparkSession;
before(() => {
  spark = SparkSession.builder().master("local[1]").appName("dataframe-schema").getOrCreate();
});
after(() => spark.stop());

test("createDataFrame infers columns in first-seen order and the widest type of each, as lit() types values", () => {
  const df = spark.createDataFrame([
    { name: "a", n: 1, when: new Date(0), tags: ["x"], point: { x: 1, y: 2.5 } },
    { name: "b", n: 2.5, when: null, tags: [], point: null, extra: 3n },
  ]);
  assert.deepEqual(df.columns, ["name", "n", "when", "tags", "point", "extra"]);
  assert.deepEqual(df.dtypes, [
    ["name", "string"], ["n", "double"], ["when", "timestamp"], ["tags", "array<string>"], ["point", "struct<x:int,y:double>"], ["extra", "bigint"],
  ]);
  assert.equal(df.isStreaming, false);
  assert.equal(String(df.select("name", "n")), "DataFrame[name: string, n: double]");
});

test("a column with only nulls cannot be inferred; values that do not fit a given schema are named", () => {
  assert.throws(() => spark.createDataFrame([{ a: null }]), /CANNOT_DETERMINE_TYPE.*column a/);
  assert.throws(() => spark.createDataFrame([]), /CANNOT_INFER_EMPTY_SCHEMA/);
  assert.throws(() => spark.createDataFrame([{ a: 1 }, { a: "x" }]), /CANNOT_MERGE_TYPE.*field a.*int and string/);
  assert.throws(() => spark.createDataFrame([{ a: "x" }], "a INT"), /FIELD_DATA_TYPE_UNACCEPTABLE.*field a: int can not accept object 'x' of type string/);
  assert.throws(() => spark.createDataFrame([{ s: { v: 1.5 } }], "s STRUCT<v: INT>"), /field s\.v: int can not accept object 1\.5/);
  assert.throws(() => spark.createDataFrame([[1]], "a INT NOT NULL, b INT"), /AXIS_LENGTH_MISMATCH.*\(1\).*\(2\)/);
});

test("a schema is a DDL string or a StructType, and printSchema prints Spark's tree", () => {
  const ddl = spark.createDataFrame([[1, "x", [{ k: 2n }]]], "id INT NOT NULL, name STRING, items ARRAY<STRUCT<k: BIGINT>>");
  const struct = new T.StructType().add("id", T.IntegerType, false).add("name", T.StringType).add("items", new T.ArrayType(new T.StructType().add("k", T.LongType)));
  assert.ok(spark.createDataFrame([{ id: 1, name: "x", items: [{ k: 2n }] }], struct).schema.equals(ddl.schema));
  assert.equal(
    printed(() => ddl.printSchema()),
    [
      "root",
      " |-- id: integer (nullable = false)",
      " |-- name: string (nullable = true)",
      " |-- items: array (nullable = true)",
      " |    |-- element: struct (containsNull = true)",
      " |    |    |-- k: long (nullable = true)",
      "",
    ].join("\n"),
  );
});

test("spark.read and df.write are the file reader and writer", () => {
  assert.ok(spark.read instanceof DataFrameReader);
  assert.ok(spark.range(1).write instanceof DataFrameWriter);
});

test("range has one non-null bigint column id", () => {
  const df = spark.range(10);
  assert.deepEqual(df.dtypes, [["id", "bigint"]]);
  assert.equal(df.schema.fields[0]!.nullable, false);
  assert.throws(() => spark.range(0, 10, 0), /step of a range must not be 0/);
});

test("transformations name their columns as Spark does", () => {
  const df: DataFrame = spark.createDataFrame([], "a INT, b STRING, c DOUBLE");
  assert.deepEqual(df.select("a", F.col("a").plus(1), F.upper("b"), F.col("c").cast("int").alias("ci")).columns, ["a", "(a + 1)", "upper(b)", "ci"]);
  assert.deepEqual(df.selectExpr("a * 2 AS twice", "b IS NULL").columns, ["twice", "(b IS NULL)"]);
  assert.deepEqual(df.withColumn("b", F.lit(1)).withColumn("d", F.col("a")).dtypes, [["a", "int"], ["b", "int"], ["c", "double"], ["d", "int"]]);
  assert.deepEqual(df.withColumnRenamed("a", "x").withColumnRenamed("nope", "y").columns, ["x", "b", "c"]);
  assert.deepEqual(df.drop("b", "nope").columns, ["a", "c"]);
  assert.deepEqual(df.drop(df.col("c")).columns, ["a", "b"]);
  assert.deepEqual(df.groupBy("b").agg(F.count("*"), F.sum("a"), F.countDistinct("c"), F.max("c").alias("top")).columns, ["b", "count(1)", "sum(a)", "count(DISTINCT c)", "top"]);
  assert.deepEqual(df.groupBy("b").count().columns, ["b", "count"]);
  assert.deepEqual(df.groupBy().avg().columns, ["avg(a)", "avg(c)"]);
  assert.deepEqual(df.agg({ a: "max", "*": "count" }).columns, ["max(a)", "count(1)"]);
  assert.deepEqual(df.select(F.when(F.col("a").gt(1), "big").when(F.col("a").isNull(), "none").otherwise("small").alias("size")).dtypes, [["size", "string"]]);
});

test("joins on column names keep one copy of each, and a join on a condition keeps both sides", () => {
  const left = spark.createDataFrame([], "id INT, x STRING");
  const right = spark.createDataFrame([], "id INT, y STRING");
  assert.deepEqual(left.join(right, "id").columns, ["id", "x", "y"]);
  assert.deepEqual(left.join(right, ["id"], "left_anti").columns, ["id", "x"]);
  assert.deepEqual(left.join(right, left.col("id").equalTo(right.col("id")), "full").columns, ["id", "x", "id", "y"]);
  assert.deepEqual(left.alias("l").join(right.alias("r"), F.col("l.id").equalTo(F.col("r.id"))).select("l.x", "r.*").columns, ["x", "id", "y"]);
  assert.deepEqual(left.unionByName(right, true).columns, ["id", "x", "y"]);
  assert.throws(() => left.join(right, "id", "sideways"), /Unsupported join type 'sideways'/);
});
