import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { SparkConf, SparkContext } from "../../../src/index.js";

/** Actions: each runs a job and brings an answer back to the driver. */
describe("RDD actions", () => {
  let sc: SparkContext;
  before(() => {
    sc = new SparkContext(new SparkConf().setMaster("local[2]").setAppName("Actions"));
  });
  after(() => sc.stop());

  it("collect and count see every element of every partition", async () => {
    const rdd = sc.range(0, 100, 1, 7);
    assert.equal(await rdd.count(), 100);
    assert.deepEqual(await rdd.collect(), Array.from({ length: 100 }, (_, i) => i));
    assert.equal(await sc.emptyRDD<number>().count(), 0);
  });

  it("reduce combines partitions' results; an empty RDD is an error", async () => {
    assert.equal(await sc.range(1, 11, 1, 3).reduce((a, b) => a + b), 55);
    assert.equal(await sc.parallelize([7], 4).reduce((a, b) => a * b), 7, "empty partitions are skipped, not combined");
    await assert.rejects(sc.parallelize([] as number[], 2).reduce((a, b) => a + b), /empty collection/);
  });

  it("fold applies its zero value once per partition and once on the driver, as Spark", async () => {
    assert.equal(await sc.parallelize([1, 2, 3], 3).fold(10, (a, b) => a + b), 46);
    assert.deepEqual(await sc.parallelize([[1], [2]], 2).fold([] as number[], (a, b) => a.concat(b)), [1, 2]);
  });

  it("aggregate folds within partitions by seqOp and across them by combOp", async () => {
    const [sum, n] = await sc.parallelize([1, 2, 3, 4], 3).aggregate([0, 0] as [number, number],
      (acc, x) => [acc[0] + x, acc[1] + 1], (a, b) => [a[0] + b[0], a[1] + b[1]]);
    assert.deepEqual([sum, n], [10, 4]);
  });

  it("take reads only what it needs, in order, and goes on to later partitions past empty ones", async () => {
    assert.deepEqual(await sc.range(0, 100, 1, 10).take(3), [0, 1, 2]);
    assert.deepEqual(await sc.range(0, 100, 1, 10).take(25), Array.from({ length: 25 }, (_, i) => i));
    const lateData = sc.parallelize([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 10).filter((x) => x >= 9);
    assert.deepEqual(await lateData.take(2), [9, 10]);
    assert.deepEqual(await lateData.take(5), [9, 10], "fewer than asked when the RDD has fewer");
    assert.deepEqual(await sc.parallelize([1, 2], 2).take(0), []);
  });

  it("first returns the first element; of an empty RDD it is an error", async () => {
    assert.equal(await sc.parallelize([null, 1], 2).first(), null);
    assert.equal(await sc.parallelize([3, 2, 1], 3).filter((x) => x < 3).first(), 2);
    await assert.rejects(sc.parallelize([1], 2).filter(() => false).first(), /empty collection/);
  });

  it("foreach and foreachPartition run on executors, and report through an accumulator", async () => {
    const seen = sc.longAccumulator("seen");
    await sc.range(0, 50, 1, 4).foreach((x) => seen.add(x), { seen });
    assert.equal(seen.value, 1225);
    const partitions = sc.longAccumulator("partitions");
    await sc.range(0, 50, 1, 4).foreachPartition((it) => {
      partitions.add(1);
      for (const _ of it);
    }, { partitions });
    assert.equal(partitions.value, 4);
  });

  it("countByKey and countByValue count occurrences; collectAsMap keeps one value per key", async () => {
    const pairs = sc.parallelize([["a", 1], ["b", 2], ["a", 3]] as [string, number][], 2);
    assert.deepEqual(await pairs.countByKey(), new Map([["a", 2], ["b", 1]]));
    const byValue = await sc.parallelize(["x", "y", "x", "x"], 3).countByValue();
    assert.deepEqual([...byValue].sort(), [["x", 3], ["y", 1]]);
    assert.deepEqual(await sc.parallelize([[1, "a"], [2, "b"]] as [number, string][], 2).collectAsMap(), new Map([[1, "a"], [2, "b"]]));
  });

  it("countByValue counts composite values by their contents", async () => {
    const counts = await sc.parallelize([[1, 2], [1, 2], [2, 1]], 3).countByValue();
    assert.deepEqual([...counts.values()].sort(), [1, 2]);
  });

  it("a result that is not plain data fails the job saying which task's result and what would be right", async () => {
    await assert.rejects(sc.parallelize([1, 2], 1).map((x) => () => x).collect(),
      /The result of task \d+ cannot be serialized: .*Records must be plain data/);
  });

  it("an RDD captured by another RDD's function is refused at the call, as Spark's SPARK-5063", () => {
    const inner = sc.parallelize([1], 1);
    assert.throws(() => sc.parallelize([1], 1).map(() => inner.count(), { inner }), /Task not serializable: map: captured value 'inner'.*SPARK-5063/);
  });
});
