import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { SparkConf, SparkContext } from "../../../src/index.js";

/** sortByKey and sortBy: range-partitioned, so the output is sorted within and across partitions. */
describe("sorting", () => {
  let sc: SparkContext;
  before(() => {
    sc = new SparkContext(new SparkConf().setMaster("local[2]").setAppName("Sorting"));
  });
  after(() => sc.stop());

  // A deterministic shuffle of 0..n-1, so every test sorts the same unsorted input.
  const scrambled = (n: number): number[] => Array.from({ length: n }, (_, i) => (i * 7919) % n);

  it("sortByKey ascending sorts globally: each partition holds a range, in order", async () => {
    const pairs = scrambled(1000).map((k) => [k, `v${k}`] as [number, string]);
    const rdd = sc.parallelize(pairs, 4).sortByKey(true, 4);
    const parts = await rdd.glom().collect();
    assert.deepEqual(parts.flat().map(([k]) => k), Array.from({ length: 1000 }, (_, i) => i));
    assert.ok(parts.filter((p) => p.length > 0).length > 1, "the sort uses more than one partition");
    assert.deepEqual((await rdd.collect())[7], [7, "v7"]);
  });

  it("sortByKey descending sorts globally from the largest key", async () => {
    const out = await sc.parallelize(scrambled(500).map((k) => [k, null] as [number, null]), 3).sortByKey(false, 3).keys().collect();
    assert.deepEqual(out, Array.from({ length: 500 }, (_, i) => 499 - i));
  });

  it("more partitions than distinct keys still sort, with repeated keys together", async () => {
    const pairs = Array.from({ length: 60 }, (_, i) => [["b", "c", "a"][i % 3]!, i] as [string, number]);
    const rdd = sc.parallelize(pairs, 3).sortByKey(true, 8);
    const keys = await rdd.keys().collect();
    assert.deepEqual(keys, [...Array(20).fill("a"), ...Array(20).fill("b"), ...Array(20).fill("c")]);
    const parts = await rdd.glom().collect();
    for (const key of ["a", "b", "c"]) {
      assert.equal(parts.filter((p) => p.some(([k]) => k === key)).length, 1, `key ${key} sits in one partition`);
    }
  });

  it("sortBy orders by a computed key in either direction", async () => {
    const words = ["pear", "fig", "banana", "kiwi", "apple"];
    assert.deepEqual(await sc.parallelize(words, 2).sortBy((w) => w.length, true, 2).collect(), ["fig", "pear", "kiwi", "apple", "banana"]);
    assert.deepEqual(await sc.parallelize(words, 2).sortBy((w) => w, false, 3).collect(), ["pear", "kiwi", "fig", "banana", "apple"]);
  });

  it("composite keys sort element by element", async () => {
    const keys: [number, string][] = [[2, "a"], [1, "b"], [1, "a"], [2, "b"], [0, "z"]];
    const out = await sc.parallelize(keys.map((k) => [k, 0] as [[number, string], number]), 2).sortByKey(true, 2).keys().collect();
    assert.deepEqual(out, [[0, "z"], [1, "a"], [1, "b"], [2, "a"], [2, "b"]]);
  });
});
