import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { SparkSession, functions as F, type DataFrame } from "../../src/index.js";

/** Row objects of a result with two columns of one name keep the later one, as PySpark's Row.asDict(). */
let spark: SparkSession;
let joined: DataFrame;
before(() => {
  spark = SparkSession.builder().master("local[1]").appName("duplicate-column-names").getOrCreate();
  const people = spark.createDataFrame([{ name: "Alice", dept: "eng" }, { name: "Eve", dept: "hr" }], "name STRING, dept STRING");
  const depts = spark.createDataFrame([{ dept: "eng", floor: 3 }], "dept STRING, floor INT");
  joined = people.alias("p").join(depts.alias("d"), F.col("p.dept").equalTo(F.col("d.dept")), "left").orderBy("name");
});
after(() => spark.stop());

test("the later of two same-named columns is the value a row object keeps", async () => {
  assert.deepEqual(joined.columns, ["name", "dept", "dept", "floor"]);
  assert.deepEqual(await joined.collect(), [
    { name: "Alice", dept: "eng", floor: 3 },
    { name: "Eve", dept: null, floor: null },
  ]);
  const rows: unknown[] = [];
  for await (const row of joined.toLocalIterator()) rows.push(row);
  assert.deepEqual(rows, await joined.collect());
});

test("aliasing one of them keeps both", async () => {
  assert.deepEqual(await joined.select("name", "p.dept", F.col("d.dept").alias("d_dept")).collect(), [
    { name: "Alice", dept: "eng", d_dept: "eng" },
    { name: "Eve", dept: "hr", d_dept: null },
  ]);
});
