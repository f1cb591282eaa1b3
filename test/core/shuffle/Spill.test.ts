import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { SparkConf, SparkContext } from "../../../src/index.js";
import type { SparkListener, TaskMetrics } from "../../../src/index.js";

const RECORDS = 200_000;
const KEYS = 5_000;

/**
 * Shuffles far larger than a shuffle's buffer (spark.shuffle.spill.numElementsForceSpillThreshold = 1000): every
 * shuffle operation must spill to disk and still give exactly the right answer.
 */
describe("shuffle with spill", () => {
  let sc: SparkContext;
  before(() => {
    sc = new SparkContext(new SparkConf().setMaster("local[2]").setAppName("Spill")
      .set("spark.shuffle.spill.numElementsForceSpillThreshold", 1000));
  });
  after(() => sc.stop());

  /** Runs a job and returns its answer with the metrics of every task it ran, by task type. */
  async function withMetrics<R>(job: () => Promise<R>): Promise<{ result: R; map: TaskMetrics[]; result_: TaskMetrics[] }> {
    await sc.env.listenerBus.waitUntilEmpty();
    const map: TaskMetrics[] = [];
    const result_: TaskMetrics[] = [];
    const listener: SparkListener = {
      onTaskEnd: (e) => {
        if (e.taskMetrics) (e.taskType === "ShuffleMapTask" ? map : result_).push(e.taskMetrics);
      },
    };
    sc.addSparkListener(listener);
    try {
      const result = await job();
      await sc.env.listenerBus.waitUntilEmpty();
      return { result, map, result_ };
    } finally {
      sc.removeSparkListener(listener);
    }
  }

  const total = (ms: TaskMetrics[], f: (m: TaskMetrics) => number): number => ms.reduce((s, m) => s + f(m), 0);

  const assertSpilled = (ms: TaskMetrics[], side: string): void => {
    assert.ok(total(ms, (m) => m.diskBytesSpilled) > 0, `${side} tasks spilled to disk`);
    assert.ok(total(ms, (m) => m.memoryBytesSpilled) > 0, `${side} tasks report the memory they freed by spilling`);
  };

  it("reduceByKey spills on the map side and the reduce side, and sums exactly", async () => {
    const { result, map, result_ } = await withMetrics(() =>
      sc.range(0, RECORDS, 1, 4).map((i) => [i % KEYS, i] as [number, number], { KEYS }).reduceByKey((a, b) => a + b, undefined, 3).collect());
    assert.equal(result.length, KEYS);
    // Key k holds k, k + KEYS, ...: RECORDS / KEYS terms, so its sum is n*k + KEYS*n*(n-1)/2.
    const n = RECORDS / KEYS;
    for (const [k, sum] of result) assert.equal(sum, n * k + (KEYS * n * (n - 1)) / 2, `sum of key ${k}`);
    assertSpilled(map, "map");
    assertSpilled(result_, "reduce");
  });

  it("groupByKey spills and gathers every value of every key", async () => {
    const { result, map, result_ } = await withMetrics(() =>
      sc.range(0, RECORDS, 1, 4).map((i) => [i % KEYS, i] as [number, number], { KEYS }).groupByKey(2).collect());
    assert.equal(result.length, KEYS);
    for (const [k, vs] of result) {
      assert.equal(vs.length, RECORDS / KEYS);
      assert.deepEqual(vs.sort((a, b) => a - b), Array.from({ length: RECORDS / KEYS }, (_, j) => k + j * KEYS));
    }
    assertSpilled(map, "map");
    assertSpilled(result_, "reduce");
  });

  it("groupByKey of few keys with many values spills: records read fill memory, not distinct keys", async () => {
    const { result, result_ } = await withMetrics(() =>
      sc.range(0, RECORDS, 1, 4).map((i) => [i % 10, i] as [number, number]).groupByKey(2).mapValues((vs) => vs.length).collect());
    assert.deepEqual(result.sort(([a], [b]) => a - b), Array.from({ length: 10 }, (_, k) => [k, RECORDS / 10]));
    assertSpilled(result_, "reduce");
    const grouped = await withMetrics(() =>
      sc.range(0, RECORDS, 1, 4).map((i) => [i % 10, i] as [number, number])
        .aggregateByKey([] as number[], (acc, v) => (acc.push(v), acc), (a, b) => a.concat(b), undefined, 2).count());
    assert.equal(grouped.result, 10);
    assertSpilled(grouped.map, "map-side combine");
  });

  it("sortByKey spills sorted runs and merges them into one global order", async () => {
    const { result, result_ } = await withMetrics(() =>
      sc.range(0, RECORDS, 1, 4).map((i) => [(i * 7919) % RECORDS, i] as [number, number], { RECORDS }).sortByKey(true, 3).keys().collect());
    assert.equal(result.length, RECORDS);
    for (let i = 0; i < RECORDS; i++) if (result[i] !== i) assert.fail(`position ${i} holds ${result[i]}`);
    assertSpilled(result_, "reduce");
  });

  it("join spills while cogrouping and pairs every match", async () => {
    const left = sc.range(0, RECORDS / 2, 1, 4).map((i) => [i, `L${i}`] as [number, string]);
    const right = sc.range(0, RECORDS / 2, 1, 3).filter((i) => i % 2 === 0).map((i) => [i, i * 2] as [number, number]);
    const { result, result_ } = await withMetrics(() => left.join(right, 2).collect());
    assert.equal(result.length, RECORDS / 4);
    for (const [k, [l, r]] of result) {
      assert.equal(l, `L${k}`);
      assert.equal(r, k * 2);
    }
    assertSpilled(result_, "reduce");
  });

  it("shuffle write and read metrics count every record and byte", async () => {
    const { map, result_ } = await withMetrics(() =>
      sc.range(0, RECORDS, 1, 4).map((i) => [i, i] as [number, number]).partitionBy(3).count());
    assert.equal(total(map, (m) => m.shuffleWriteMetrics.recordsWritten), RECORDS);
    assert.equal(total(result_, (m) => m.shuffleReadMetrics.recordsRead), RECORDS);
    const written = total(map, (m) => m.shuffleWriteMetrics.bytesWritten);
    assert.ok(written > 0);
    assert.equal(total(result_, (m) => m.shuffleReadMetrics.localBytesRead + m.shuffleReadMetrics.remoteBytesRead), written,
      "every byte written is read once");
    assert.ok(total(result_, (m) => m.shuffleReadMetrics.localBlocksFetched) > 0);
  });
});
