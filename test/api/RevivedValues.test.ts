import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { SparkSession, StorageLevel, types as T, type DataFrame } from "../../src/index.js";

/** Decimals cross threads and disk as plain objects; rows reaching user code must hold Decimal again. */
let spark: SparkSession;
let prices: DataFrame;
before(async () => {
  spark = SparkSession.builder().master("local[2]").appName("revived-values").getOrCreate();
  prices = spark
    .createDataFrame([{ k: 1, d: new T.Decimal(150n, 2) }, { k: 2, d: null }, { k: 3, d: new T.Decimal(-5n, 2) }], "k INT, d DECIMAL(5,2)")
    .repartition(2)
    .persist(StorageLevel.DISK_ONLY);
  await prices.count(); // the cached blocks are on disk, so every later read deserializes them
});
after(() => spark.stop());

test("toLocalIterator yields Decimal values", async () => {
  const seen: [unknown, string][] = [];
  for await (const row of prices.toLocalIterator()) seen.push([row["k"], row["d"] instanceof T.Decimal ? row["d"].toString() : String(row["d"])]);
  assert.deepEqual(seen.sort(([a], [b]) => Number(a) - Number(b)), [[1, "1.50"], [2, "null"], [3, "-0.05"]]);
});

test("functions over df.rdd see Decimal values", async () => {
  const texts = await prices.rdd.map((row) => `${row["k"]}:${String(row["d"])}`).collect();
  assert.deepEqual(texts.sort(), ["1:1.50", "2:null", "3:-0.05"]);
});
