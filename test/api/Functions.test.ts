import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { SparkSession, functions as F, type Column, type DataFrame } from "../../src/index.js";

let spark: SparkSession;
let df: DataFrame;
before(() => {
  spark = SparkSession.builder().master("local[1]").appName("functions").config("spark.sql.session.timeZone", "UTC").getOrCreate();
  df = spark.createDataFrame([
    { ts: new Date(Date.UTC(2024, 2, 5, 13, 4, 5)), d: "2024-03-05", s: " Hi there ", n: -2.5, xs: [3, 1], m: new Map([["k", 1]]), j: '{"a": 1}' },
  ]);
});
after(() => spark.stop());

/** The one row of `df` selecting `columns`, as an object keyed by Spark's column names. */
async function row(...columns: Column[]): Promise<Record<string, unknown>> {
  const rows = await df.select(...columns).collect();
  assert.equal(rows.length, 1);
  return rows[0]!;
}

test("date and time functions read and show timestamps in the session time zone", async () => {
  assert.deepEqual(await row(F.year("ts"), F.month("ts"), F.dayofmonth("ts"), F.hour("ts"), F.minute("ts"), F.second("ts")), {
    "year(ts)": 2024, "month(ts)": 3, "dayofmonth(ts)": 5, "hour(ts)": 13, "minute(ts)": 4, "second(ts)": 5,
  });
  assert.deepEqual(await row(F.to_date("d"), F.date_format("ts", "yyyy-MM-dd HH:mm"), F.date_add("d", 3), F.datediff(F.lit("2024-03-10"), "d")), {
    "to_date(d)": 19787, "date_format(ts, yyyy-MM-dd HH:mm)": "2024-03-05 13:04", "date_add(d, 3)": 19790, "datediff(2024-03-10, d)": 5,
  });
  assert.deepEqual(await row(F.to_timestamp("d"), F.unix_timestamp("ts"), F.from_unixtime(F.lit(0)), F.current_date().isNotNull().alias("today")), {
    "to_timestamp(d)": 1709596800000000n, "unix_timestamp(ts)": 1709643845n, "from_unixtime(0)": "1970-01-01 00:00:00", today: true,
  });
  assert.deepEqual(await row(F.window("ts", "10 minutes")), { window: { start: 1709643600000000n, end: 1709644200000000n } });
});

test("string functions", async () => {
  assert.deepEqual(await row(F.trim("s"), F.upper("s"), F.length("s"), F.substring("s", 2, 3), F.split(F.trim("s"), " ").alias("words"), F.concat("s", F.lit("!")), F.concat_ws("-", "d", "d")), {
    "trim(s)": "Hi there", "upper(s)": " HI THERE ", "length(s)": 10, "substring(s, 2, 3)": "Hi ", words: ["Hi", "there"], "concat(s, !)": " Hi there !", "concat_ws(-, d, d)": "2024-03-05-2024-03-05",
  });
  assert.deepEqual(await row(F.regexp_extract("d", "(\\d+)-(\\d+)", 2).alias("month"), F.regexp_replace("d", "-", "/").alias("slashed"), F.lower("s").alias("lower")), {
    month: "03", slashed: "2024/03/05", lower: " hi there ",
  });
});

test("math, null and comparison functions", async () => {
  assert.deepEqual(await row(F.abs("n"), F.round("n"), F.floor("n"), F.ceil("n"), F.sqrt(F.lit(4)), F.pow("n", 2)), {
    "abs(n)": 2.5, "round(n, 0)": -3, "floor(n)": -3n, "ceil(n)": -2n, "sqrt(4)": 2, "pow(n, 2)": 6.25,
  });
  assert.deepEqual(await row(F.greatest(F.lit(1), F.lit(3)), F.least(F.lit(1), F.lit(3)), F.coalesce(F.lit(null), F.lit(2)), F.isnull("n")), {
    "greatest(1, 3)": 3, "least(1, 3)": 1, "coalesce(NULL, 2)": 2, "(n IS NULL)": false,
  });
  assert.equal(typeof (await row(F.hash("s").alias("h")))["h"], "number");
});

test("Column predicates and casts", async () => {
  assert.deepEqual(
    await row(F.col("s").like("%Hi%"), F.col("s").rlike("th.re"), F.col("s").startsWith(" Hi"), F.col("s").endsWith("re "), F.col("s").contains("the"), F.col("n").isin(1, -2.5), F.col("n").between(-3, 0), F.col("n").cast("string")),
    {
      "s LIKE %Hi%": true, "s RLIKE th.re": true, "startswith(s,  Hi)": true, "endswith(s, re )": true, "contains(s, the)": true,
      "(n IN (1, -2.5))": true, "((n >= -3) AND (n <= 0))": true, n: "-2.5",
    },
  );
  assert.deepEqual(await row(F.col("n").notEqual(1).and(F.col("n").lt(0)).or(F.lit(false)).not().alias("x"), F.col("n").multiply(2).minus(1).divide(2).mod(5).alias("y")), { x: false, y: -3 });
  assert.deepEqual(await row(F.when(F.col("n").gt(0), "pos").when(F.col("n").lt(0), "neg").alias("sign"), F.when(F.col("n").gt(0), 1).alias("none")), { sign: "neg", none: null });
});

test("structs, arrays, maps and JSON", async () => {
  assert.deepEqual(await row(F.struct("n", "d").alias("st"), F.array("n", F.lit(1)).alias("arr"), F.size("xs"), F.col("xs").getItem(0), F.col("m").getItem("k")), {
    st: { n: -2.5, d: "2024-03-05" }, arr: [-2.5, 1], "size(xs)": 2, "xs[0]": 3, "m[k]": 1,
  });
  assert.deepEqual(await row(F.from_json("j", "a INT").getField("a").alias("a"), F.to_json(F.struct(F.col("n").alias("n"))).alias("json")), { a: 1, json: '{"n":-2.5}' });
  assert.deepEqual((await df.select(F.explode("xs").alias("x")).collect()).map((r) => r["x"]), [3, 1]);
});

test("aggregate functions", async () => {
  const many = spark.createDataFrame([{ k: "a", v: 1 }, { k: "a", v: 1 }, { k: "b", v: null }, { k: "b", v: 4 }]);
  const rows = await many
    .groupBy("k")
    .agg(F.sum("v").alias("sum"), F.avg("v").alias("avg"), F.min("v").alias("min"), F.first("v", true).alias("first"), F.last("v").alias("last"), F.collect_list("v").alias("list"), F.collect_set("v").alias("set"))
    .orderBy("k")
    .collect();
  assert.deepEqual(rows, [
    { k: "a", sum: 2n, avg: 1, min: 1, first: 1, last: 1, list: [1, 1], set: [1] },
    { k: "b", sum: 4n, avg: 4, min: 4, first: 4, last: 4, list: [4], set: [4] },
  ]);
  assert.deepEqual(await many.select(F.countDistinct("k").alias("keys")).collect(), [{ keys: 2n }]);
});

test("expr parses SQL in the session time zone", async () => {
  assert.deepEqual(await row(F.expr("n * 2 AS twice"), F.expr("TIMESTAMP '2024-03-05 13:04:05' = ts").alias("same")), { twice: -5, same: true });
});
