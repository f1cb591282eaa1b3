import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { SparkConf, SparkContext } from "../../../src/index.js";
import type { SparkListener } from "../../../src/index.js";

/** Sorts [key, value] pairs the way the assertions expect them, whatever partition each key landed in. */
function sorted<T>(rows: T[]): T[] {
  return rows.map((r) => [JSON.stringify(r), r] as const).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, r]) => r);
}

/** By-key aggregations, joins and cogroup: the shuffle-based operations of pair RDDs. */
describe("pair RDD functions", () => {
  let sc: SparkContext;
  before(() => {
    sc = new SparkContext(new SparkConf().setMaster("local[2]").setAppName("PairFunctions"));
  });
  after(() => sc.stop());

  const sales = (): [string, number][] => [["a", 1], ["b", 2], ["a", 3], ["c", 4], ["b", 5], ["a", 6]];

  it("reduceByKey combines every value of a key across partitions", async () => {
    const out = await sc.parallelize(sales(), 3).reduceByKey((x, y) => x + y).collect();
    assert.deepEqual(sorted(out), [["a", 10], ["b", 7], ["c", 4]]);
  });

  it("reduceByKey honours its number of partitions", async () => {
    const rdd = sc.parallelize(sales(), 3).reduceByKey((x, y) => x + y, undefined, 5);
    assert.equal(rdd.getNumPartitions(), 5);
    assert.equal(await rdd.count(), 3);
  });

  it("aggregateByKey starts each partition's value from a fresh zero", async () => {
    const out = await sc.parallelize(sales(), 3)
      .aggregateByKey([] as number[], (acc, v) => (acc.push(v), acc), (a, b) => a.concat(b))
      .mapValues((vs) => vs.sort((x, y) => x - y))
      .collect();
    assert.deepEqual(sorted(out), [["a", [1, 3, 6]], ["b", [2, 5]], ["c", [4]]]);
  });

  it("foldByKey folds from its zero value", async () => {
    const out = await sc.parallelize(sales(), 2).foldByKey(100, (x, y) => Math.max(x, y)).collect();
    assert.deepEqual(sorted(out), [["a", 100], ["b", 100], ["c", 100]]);
    const sums = await sc.parallelize(sales(), 2).foldByKey(0, (x, y) => x + y).collect();
    assert.deepEqual(sorted(sums), [["a", 10], ["b", 7], ["c", 4]]);
  });

  it("combineByKey uses each of its three functions", async () => {
    const out = await sc.parallelize(sales(), 3)
      .combineByKey((v) => [v, 1] as [number, number], (c, v) => [c[0] + v, c[1] + 1] as [number, number],
        (a, b) => [a[0] + b[0], a[1] + b[1]] as [number, number])
      .mapValues(([sum, n]) => sum / n)
      .collect();
    assert.deepEqual(sorted(out), [["a", 10 / 3], ["b", 3.5], ["c", 4]]);
  });

  it("groupByKey gathers every value of a key", async () => {
    const out = await sc.parallelize(sales(), 3).groupByKey().mapValues((vs) => vs.sort((x, y) => x - y)).collect();
    assert.deepEqual(sorted(out), [["a", [1, 3, 6]], ["b", [2, 5]], ["c", [4]]]);
  });

  it("arrays and objects group as keys by their contents, whichever task made them", async () => {
    const rows: [unknown, number][] = [[[1, "x"], 1], [{ id: 1, tag: "y" }, 2], [[1, "x"], 3], [{ tag: "y", id: 1 }, 4], [[1, "y"], 5]];
    const out = await sc.parallelize(rows, 5).reduceByKey((a, b) => a + b, undefined, 3).collect();
    assert.deepEqual(sorted(out), sorted([[[1, "x"], 4], [{ id: 1, tag: "y" }, 6], [[1, "y"], 5]]));
  });

  it("shuffles of an RDD with no partitions are empty, as Spark's", async () => {
    const none = sc.emptyRDD<[string, number]>();
    assert.deepEqual(await none.reduceByKey((a, b) => a + b).collect(), []);
    assert.deepEqual(await none.groupByKey().collect(), []);
    assert.deepEqual(await none.sortByKey().collect(), []);
    assert.deepEqual(await none.distinct().collect(), []);
    assert.deepEqual(await none.countByKey(), new Map());
    assert.deepEqual(await none.cogroup(none).collect(), []);
  });

  it("a negative or fractional partition count is refused at the call", () => {
    const rdd = sc.parallelize(sales(), 2);
    assert.throws(() => rdd.reduceByKey((a, b) => a + b, undefined, -1), /combineByKey: the number of partitions must be an integer >= 0, but was -1/);
    assert.throws(() => rdd.partitionBy(1.5), /partitionBy: the number of partitions must be an integer >= 0, but was 1.5/);
    assert.throws(() => rdd.repartition(0), /coalesce: the number of partitions must be an integer >= 1, but was 0/);
  });

  describe("joins", () => {
    const left = (): [number, string][] => [[1, "a"], [2, "b"], [2, "bb"], [3, "c"]];
    const right = (): [number, string][] => [[2, "x"], [3, "y"], [3, "yy"], [4, "z"]];

    it("join pairs every match and drops keys on one side only", async () => {
      const out = await sc.parallelize(left(), 2).join(sc.parallelize(right(), 3)).collect();
      assert.deepEqual(sorted(out), sorted([[2, ["b", "x"]], [2, ["bb", "x"]], [3, ["c", "y"]], [3, ["c", "yy"]]]));
    });

    it("leftOuterJoin keeps left keys with null for no match", async () => {
      const out = await sc.parallelize(left(), 2).leftOuterJoin(sc.parallelize(right(), 2)).collect();
      assert.deepEqual(sorted(out), sorted([[1, ["a", null]], [2, ["b", "x"]], [2, ["bb", "x"]], [3, ["c", "y"]], [3, ["c", "yy"]]]));
    });

    it("rightOuterJoin keeps right keys with null for no match", async () => {
      const out = await sc.parallelize(left(), 2).rightOuterJoin(sc.parallelize(right(), 2)).collect();
      assert.deepEqual(sorted(out), sorted([[2, ["b", "x"]], [2, ["bb", "x"]], [3, ["c", "y"]], [3, ["c", "yy"]], [4, [null, "z"]]]));
    });

    it("fullOuterJoin keeps keys of both sides", async () => {
      const out = await sc.parallelize(left(), 2).fullOuterJoin(sc.parallelize(right(), 2)).collect();
      assert.deepEqual(sorted(out), sorted([[1, ["a", null]], [2, ["b", "x"]], [2, ["bb", "x"]], [3, ["c", "y"]], [3, ["c", "yy"]], [4, [null, "z"]]]));
    });

    it("cogroup lists each side's values per key", async () => {
      const out = await sc.parallelize(left(), 2).cogroup(sc.parallelize(right(), 2), 3).collect();
      assert.deepEqual(sorted(out), sorted([[1, [["a"], []]], [2, [["b", "bb"], ["x"]]], [3, [["c"], ["y", "yy"]]], [4, [[], ["z"]]]]));
    });

    it("a side already partitioned like the join is read in place, not shuffled again", async () => {
      const stagesPerJob: number[] = [];
      const listener: SparkListener = { onJobStart: (e) => void stagesPerJob.push(e.stageInfos.length) };
      sc.addSparkListener(listener);
      const partitioned = sc.parallelize(left(), 2).partitionBy(2);
      const out = await partitioned.join(sc.parallelize(right(), 2), 2).collect();
      await sc.env.listenerBus.waitUntilEmpty();
      sc.removeSparkListener(listener);
      assert.deepEqual(sorted(out), sorted([[2, ["b", "x"]], [2, ["bb", "x"]], [3, ["c", "y"]], [3, ["c", "yy"]]]));
      assert.deepEqual(stagesPerJob, [3], "partitionBy's shuffle, the right side's shuffle and the result stage; no third shuffle");
    });
  });
});
