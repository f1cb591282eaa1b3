import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { AttributeReference } from "../../src/expr/AttributeReference.js";
import { Range } from "../../src/plan/logical/Relations.js";
import * as T from "../../src/types/index.js";
import { sortRows, TestSession } from "./harness.js";

/**
 * Generated code holds longs as numbers while they fit in ±(2^53 - 1) and aggregates in typed arrays; these
 * are the values where that could differ from BigInts and from the interpreter. Every query runs with codegen
 * on and off (TestSession.rows), and its answer is also checked here.
 */
describe("longs held as numbers in generated code", () => {
  let s: TestSession;
  const SAFE = 9007199254740991n; // 2^53 - 1
  before(() => {
    s = new TestSession();
    // One batch whose longs fit in 32 bits, then in 53, then in neither, then again.
    s.view("v", { k: T.IntegerType, l: T.LongType, d: T.DoubleType }, [
      [1, 5n, 1.5],
      [1, 3_000_000_000n, -0],
      [2, SAFE, Number.NaN],
      [1, 2n ** 62n, 0],
      [2, -7n, null],
      [null, 0n, 2.5],
      [2, null, -1],
      [1, -(2n ** 63n), Number.NaN],
    ]);
    s.rangeView("big", 0, 3000, 2);
  });
  after(() => s.stop());

  it("projects and filters longs past 2^53 exactly, the batch going on with BigInts from the first that does not fit", async () => {
    assert.deepEqual(await s.rows("SELECT l * 3, l + 1, l % 1000, l FROM v WHERE l IS NOT NULL AND l <> 0"), [
      [15n, 6n, 5n, 5n],
      [9_000_000_000n, 3_000_000_001n, 0n, 3_000_000_000n],
      [3n * SAFE, SAFE + 1n, 991n, SAFE],
      [-(2n ** 62n), 2n ** 62n + 1n, 2n ** 62n % 1000n, 2n ** 62n],
      [-21n, -6n, -7n, -7n],
      [-(2n ** 63n), -(2n ** 63n) + 1n, -808n, -(2n ** 63n)],
    ]);
  });

  it("aggregates longs past 2^53 by their exact values, keys and arguments alike", async () => {
    assert.deepEqual(await s.sortedRows("SELECT k, count(l), sum(l), min(l), max(l), avg(l) FROM v GROUP BY k"), sortRows([
      [1, 4n, BigInt.asIntN(64, 5n + 3_000_000_000n + 2n ** 62n - 2n ** 63n), -(2n ** 63n), 2n ** 62n, Number(5n + 3_000_000_000n + 2n ** 62n - 2n ** 63n) / 4],
      [2, 2n, SAFE - 7n, -7n, SAFE, Number(SAFE - 7n) / 2],
      [null, 1n, 0n, 0n, 0n, 0],
    ]));
    assert.deepEqual(await s.sortedRows("SELECT l * 2 AS twice, count(*) FROM v GROUP BY 1"), sortRows([
      [10n, 1n], [6_000_000_000n, 1n], [2n * SAFE, 1n], [-(2n ** 63n), 1n], [-14n, 1n], [0n, 2n], [null, 1n],
    ]));
  });

  it("sums past 2^53 stay exact and wrap past 2^63 as Spark's long sums do", async () => {
    const rows = await s.sortedRows(`SELECT id % 2 AS k, sum(CAST(${SAFE} AS BIGINT)), sum(id * 3000000000000) FROM big GROUP BY 1`);
    const ids = (k: number) => Array.from({ length: 1500 }, (_, i) => BigInt(2 * i + k));
    assert.deepEqual(rows, [0, 1].map((k) => [BigInt(k), BigInt.asIntN(64, 1500n * SAFE), ids(k).reduce((a, id) => a + id * 3_000_000_000_000n, 0n)]));
  });

  it("a long's 0 is never -0.0, as a double or as a group", async () => {
    const rows = await s.rows("SELECT CAST(l * -1 AS DOUBLE), CAST(l % 7 AS DOUBLE) FROM v WHERE k = 2 AND l < 0 OR l = 0");
    assert.ok(rows.flat().every((x) => !Object.is(x, -0)), `no -0 in ${rows}`);
    assert.deepEqual(await s.sortedRows("SELECT (l * -1) % 7 AS z, count(*) FROM v WHERE l = 0 OR l = -7 GROUP BY 1"), [[0n, 2n]]);
  });

  it("min and max of doubles in Spark's order: NaN above all, -0.0 equal to 0.0 and shown as first seen", async () => {
    assert.deepEqual(await s.sortedRows("SELECT k, min(d), max(d), sum(d), count(d) FROM v GROUP BY k"), sortRows([
      [1, -0, Number.NaN, Number.NaN, 4n],
      [2, -1, Number.NaN, Number.NaN, 2n],
      [null, 2.5, 2.5, 2.5, 1n],
    ]));
    assert.deepEqual(await s.rows("SELECT min(d), max(d) FROM v WHERE d = 0"), [[-0, -0]]);
  });

  it("a global aggregate and one over no rows", async () => {
    assert.deepEqual(await s.rows("SELECT count(*), sum(id), min(id), max(id), avg(id) FROM big WHERE id % 3 = 0"), [[1000n, 1498500n, 0n, 2997n, 1498.5]]);
    assert.deepEqual(await s.rows("SELECT count(*), sum(id), max(id) FROM big WHERE id < 0"), [[0n, null, null]]);
    assert.deepEqual(await s.rows("SELECT k, count(*) FROM v WHERE k > 5 GROUP BY k"), []);
  });

  it("groups by ints, dates and timestamps, with null as a group", async () => {
    s.view("times", { day: T.DateType, at: T.TimestampType, n: T.IntegerType }, [
      [19000, 1_640_995_200_000_000n, 1],
      [19001, null, 2],
      [19000, 1_640_995_200_000_000n, 4],
      [null, 1_641_081_600_000_000n, 8],
    ]);
    assert.deepEqual(await s.sortedRows("SELECT day, sum(n), max(at) FROM times GROUP BY day"), sortRows([
      [19000, 5n, 1_640_995_200_000_000n], [19001, 2n, null], [null, 8n, 1_641_081_600_000_000n],
    ]));
    assert.deepEqual(await s.sortedRows("SELECT at, count(*), min(day) FROM times GROUP BY at"), sortRows([
      [1_640_995_200_000_000n, 2n, 19000], [null, 1n, 19001], [1_641_081_600_000_000n, 1n, null],
    ]));
  });

  it("groups many keys, small ones by index and the rest (negative, large) by hash", async () => {
    s.rangeView("many", 0, 100_000, 2);
    const rows = await s.rows("SELECT id % 50000 - 25000 AS k, count(*), min(id) FROM many GROUP BY 1 ORDER BY 1");
    assert.deepEqual(rows, Array.from({ length: 50_000 }, (_, i) => [BigInt(i - 25_000), 2n, BigInt(i)]));
  });

  it("ranges past 2^53 and with negative steps", async () => {
    const id = AttributeReference("id", T.LongType, false);
    s.catalog.createOrReplaceTempView("edge", Range(SAFE - 2n, SAFE + 3n, 1n, 2, id));
    assert.deepEqual(await s.rows("SELECT id, id - 1 FROM edge"), [0n, 1n, 2n, 3n, 4n].map((i) => [SAFE - 2n + i, SAFE - 3n + i]));
    s.catalog.createOrReplaceTempView("down", Range(10n, -10n, -3n, 3, id));
    assert.deepEqual(await s.rows("SELECT id FROM down"), [10n, 7n, 4n, 1n, -2n, -5n, -8n].map((i) => [i]));
  });

  it("explain shows the loops a batch may run through", () => {
    const out = s.query("SELECT k, sum(l) FROM v GROUP BY k").explainString("codegen");
    assert.match(out, /const g = .*groups\.groupOf\(r0\);/);
    assert.match(out, /return i;/);
    assert.match(out, /\/\/ Rows whose longs do not fit in the loop above go on through:\n.*\n[\s\S]*agg\.groupOfValue/);
  });
});

describe("typed partial aggregates past the memory share", () => {
  let s: TestSession;
  let spilledInMemory = 0;
  before(() => {
    s = new TestSession({ "spark.shuffle.spill.numElementsForceSpillThreshold": "100" });
    s.sc.addSparkListener({ onTaskEnd: (e) => void (spilledInMemory += e.taskMetrics?.memoryBytesSpilled ?? 0) });
    s.rangeView("big", 0, 5000, 2);
  });
  after(() => s.stop());

  it("let go of their groups early and give the same answers", async () => {
    const rows = await s.sortedRows("SELECT id % 700 AS k, count(*), sum(id), max(id) FROM big GROUP BY 1");
    assert.equal(rows.length, 700);
    const ids = Array.from({ length: 5000 }, (_, i) => i).filter((i) => i % 700 === 7);
    assert.deepEqual(rows.find(([k]) => k === 7n), [7n, BigInt(ids.length), BigInt(ids.reduce((a, b) => a + b)), BigInt(Math.max(...ids))]);
    await s.sc.env.listenerBus.waitUntilEmpty();
    assert.ok(spilledInMemory > 0, "the partial aggregate emitted its groups early");
  });
});
