import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { SparkConf, SparkContext } from "../../../src/index.js";

/** Narrow transformations and the partition-count changers, on real worker-thread task slots. */
describe("RDD transformations", () => {
  let sc: SparkContext;
  before(() => {
    sc = new SparkContext(new SparkConf().setMaster("local[2]").setAppName("Transformations"));
  });
  after(() => sc.stop());

  it("parallelize keeps order and slices as asked", async () => {
    const rdd = sc.parallelize([5, 4, 3, 2, 1], 3);
    assert.equal(rdd.getNumPartitions(), 3);
    assert.deepEqual(await rdd.glom().collect(), [[5], [4, 3], [2, 1]]);
  });

  it("range counts up, down and by step, with one argument meaning the end", async () => {
    assert.deepEqual(await sc.range(4).collect(), [0, 1, 2, 3]);
    assert.deepEqual(await sc.range(10, 0, -3).collect(), [10, 7, 4, 1]);
    assert.deepEqual(await sc.range(0, 10, 4, 2).collect(), [0, 4, 8]);
  });

  it("map, filter and flatMap compose, with captured values", async () => {
    const factor = 10;
    const out = await sc.parallelize([1, 2, 3, 4], 2)
      .map((x) => x * factor, { factor })
      .filter((x) => x !== 20)
      .flatMap((x) => [x, -x])
      .collect();
    assert.deepEqual(out, [10, -10, 30, -30, 40, -40]);
  });

  it("mapPartitions sees a whole partition; mapPartitionsWithIndex also its index", async () => {
    const rdd = sc.parallelize([1, 2, 3, 4, 5, 6], 3);
    assert.deepEqual(await rdd.mapPartitions(function* (it) {
      let sum = 0;
      for (const x of it) sum += x;
      yield sum;
    }).collect(), [3, 7, 11]);
    assert.deepEqual(await rdd.mapPartitionsWithIndex((i, it) => [...it].map((x) => `${i}:${x}`)).collect(),
      ["0:1", "0:2", "1:3", "1:4", "2:5", "2:6"]);
  });

  it("keyBy, mapValues and flatMapValues build pairs", async () => {
    const pairs = sc.parallelize(["apple", "kiwi"], 2).keyBy((s) => s.length);
    assert.deepEqual(await pairs.collect(), [[5, "apple"], [4, "kiwi"]]);
    assert.deepEqual(await pairs.mapValues((s) => s.toUpperCase()).collect(), [[5, "APPLE"], [4, "KIWI"]]);
    assert.deepEqual(await pairs.flatMapValues((s) => s.slice(0, 2)).collect(), [[5, "a"], [5, "p"], [4, "k"], [4, "i"]]);
  });

  it("union puts partitions side by side", async () => {
    const a = sc.parallelize([1, 2], 2);
    const b = sc.parallelize([3], 1);
    const u = a.union(b, a);
    assert.equal(u.getNumPartitions(), 5);
    assert.deepEqual(await u.collect(), [1, 2, 3, 1, 2]);
    assert.deepEqual(await sc.union([b, b]).collect(), [3, 3]);
  });

  it("distinct drops duplicates, composite values included", async () => {
    const out = await sc.parallelize([3, 1, 3, 2, 1, 3], 3).distinct().collect();
    assert.deepEqual(out.sort(), [1, 2, 3]);
    const rows = await sc.parallelize([[1, "a"], [1, "a"], { b: 2, a: 1 }, { a: 1, b: 2 }], 2).distinct(2).collect();
    assert.equal(rows.length, 2);
  });

  it("coalesce merges partitions without a shuffle and keeps order", async () => {
    const rdd = sc.parallelize(Array.from({ length: 10 }, (_, i) => i), 5).coalesce(2);
    assert.equal(rdd.getNumPartitions(), 2);
    assert.deepEqual(await rdd.collect(), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    assert.equal(sc.parallelize([1, 2], 2).coalesce(5).getNumPartitions(), 2, "coalesce without shuffle cannot add partitions");
  });

  it("repartition spreads every element over the new partitions", async () => {
    const rdd = sc.range(0, 1000, 1, 1).repartition(4);
    const sizes = (await rdd.glom().collect()).map((p) => p.length);
    assert.equal(sizes.length, 4);
    assert.equal(sizes.reduce((a, b) => a + b), 1000);
    for (const n of sizes) assert.ok(n > 150, `partition sizes should be balanced: ${sizes}`);
    assert.deepEqual((await rdd.collect()).sort((a, b) => a - b), Array.from({ length: 1000 }, (_, i) => i));
  });

  it("partitionBy places each key by its hash and skips a shuffle already done", async () => {
    const rdd = sc.parallelize([[1, "a"], [2, "b"], [3, "c"], [4, "d"]] as [number, string][], 1).partitionBy(2);
    assert.deepEqual(await rdd.glom().collect(), [[[2, "b"], [4, "d"]], [[1, "a"], [3, "c"]]]);
    assert.equal(rdd.partitionBy(2), rdd);
  });
});
