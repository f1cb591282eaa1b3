import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { SparkSession, StorageLevel, functions as F } from "../../src/index.js";

let spark: SparkSession;
before(() => {
  spark = SparkSession.builder().master("local[2]").appName("dataframe-cache").getOrCreate();
});
after(() => spark.stop());

test("DataFrames derived from a cached one, its count and SQL over it read the cache until unpersist", async () => {
  const people = spark.createDataFrame(
    [
      { name: "Alice", age: 34 },
      { name: "Bob", age: 45 },
      { name: "Carol", age: 29 },
    ],
    "name STRING, age INT",
  );
  const adults = people.filter(F.col("age").gt(30)).persist(StorageLevel.MEMORY_ONLY);
  const derived = adults.select("name").filter(F.col("name").startsWith("B"));
  assert.match(derived.queryExecution.explainString("simple"), /InMemoryTableScan/);
  assert.deepEqual(await derived.collect(), [{ name: "Bob" }]);
  assert.equal(await adults.count(), 2);

  adults.createOrReplaceTempView("adults");
  const sql = spark.sql("SELECT max(age) AS oldest FROM adults");
  assert.match(sql.queryExecution.explainString("simple"), /InMemoryTableScan/);
  assert.deepEqual(await sql.collect(), [{ oldest: 45 }]);

  await adults.unpersist(true);
  assert.doesNotMatch(adults.select("name").queryExecution.explainString("simple"), /InMemoryTableScan/);
  assert.deepEqual((await adults.select("name").collect()).map((r) => r["name"]).sort(), ["Alice", "Bob"]);
});
