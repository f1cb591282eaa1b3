import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Attribute } from "../../../src/expr/AttributeReference.js";
import type { LogicalPlan } from "../../../src/plan/logical/LogicalPlan.js";
import { outputOf } from "../../../src/plan/logical/PlanOutput.js";
import { Deduplicate } from "../../../src/plan/logical/UnaryNodes.js";
import { IntegerType, StringType, TimestampType } from "../../../src/types/AtomicTypes.js";
import { MicroBatchHarness, localContext, sorted, ts } from "./harness.js";

const sc = localContext();
after(() => sc.stop());

const columns = { id: StringType, time: TimestampType, n: IntegerType };
const tenSeconds = { column: "time", delay: "10 seconds", delayMs: 10_000 };

/** `dropDuplicates(keys)` (or `dropDuplicatesWithinWatermark`) over the source. */
const dedup = (keys: readonly string[], withinWatermark = false) => (source: LogicalPlan) => {
  const byName = (name: string) => outputOf(source).find((a) => a.name === name) as Attribute;
  return Deduplicate(keys.map(byName), source, withinWatermark);
};

describe("StreamingDeduplicateExec", () => {
  it("emits a row whose key was never seen, in this batch or any before, and counts the duplicates it drops", async () => {
    const h = new MicroBatchHarness(sc, columns, "append", dedup(["id"]));
    const b0 = await h.run([["a", ts(1), 1], ["a", ts(2), 2], ["b", ts(3), 3]]);
    assert.deepEqual(sorted(b0.rows).map((r) => r[0]), ["a", "b"]);
    const [progress] = b0.stateOperators;
    assert.equal(progress!.operatorName, "dedupe");
    assert.equal(progress!.numRowsTotal, 2);
    assert.equal(progress!.numRowsUpdated, 2);
    assert.equal(progress!.customMetrics["numDroppedDuplicateRows"], 1);
    const b1 = await h.run([["a", ts(9), 9], ["c", ts(4), 4]]);
    assert.deepEqual(b1.rows, [["c", ts(4), 4]]);
    assert.equal(b1.stateOperators[0]!.numRowsTotal, 3);
    assert.equal(b1.stateOperators[0]!.customMetrics["numDroppedDuplicateRows"], 1);
    assert.match(b1.explain, /StreamingDeduplicate \[id\], state info \[ checkpoint = [^\]]+, opId = 0, ver = 1, numPartitions = 3\], 0, 0/);
  });

  it("without keys, deduplicates whole rows", async () => {
    const h = new MicroBatchHarness(sc, columns, "append", dedup([]));
    assert.equal((await h.run([["a", ts(1), 1], ["a", ts(1), 1], ["a", ts(1), 2]])).rows.length, 2);
    assert.deepEqual((await h.run([["a", ts(1), 2], ["b", ts(1), 2]])).rows, [["b", ts(1), 2]]);
  });

  it("with a watermark on a key column, drops late rows and lets keys go once the watermark passes their event time", async () => {
    const h = new MicroBatchHarness(sc, columns, "append", dedup(["id", "time"]), tenSeconds);
    assert.equal((await h.run([["a", ts(5), 1], ["b", ts(20), 2]])).rows.length, 2);
    assert.equal(h.watermarkMs, 10_000);
    assert.equal(h.needsNoDataBatch(), true);
    const b1 = await h.run([["a", ts(5), 3], ["c", ts(25), 4]]);
    assert.deepEqual(b1.rows, [["c", ts(25), 4]], "(a, 5s) is still in the state: a duplicate");
    assert.equal(b1.stateOperators[0]!.numRowsRemoved, 1, "(a, 5s) is behind the watermark (10s) and goes after this batch");
    const b2 = await h.run([["a", ts(5), 5], ["d", ts(9), 6], ["e", ts(14), 7]]);
    assert.deepEqual(b2.rows, [["e", ts(14), 7]], "5s and 9s are at or behind the watermark the previous batch was planned with (10s)");
    assert.equal(b2.stateOperators[0]!.numRowsDroppedByWatermark, 2);
  });

  it("within the watermark: a key is kept until the watermark passes its row's event time plus the delay", async () => {
    const h = new MicroBatchHarness(sc, columns, "append", dedup(["id"], true), tenSeconds);
    const b0 = await h.run([["a", ts(5), 1], ["a", ts(12), 2], ["z", ts(30), 3]]);
    assert.deepEqual(sorted(b0.rows).map((r) => r[0]), ["a", "z"]);
    assert.equal(b0.stateOperators[0]!.operatorName, "dedupeWithinWatermark");
    assert.match(b0.explain, /StreamingDeduplicateWithinWatermark \[id\]/);
    assert.equal(h.watermarkMs, 20_000);
    // "a" expires at 15s (its first row, 5s, plus 10s): this batch, planned with watermark 20s, lets it go.
    const b1 = await h.run([["a", ts(25), 4]]);
    assert.deepEqual(b1.rows, [], "still a duplicate while this batch runs");
    assert.equal(b1.stateOperators[0]!.numRowsRemoved, 1);
    assert.deepEqual((await h.run([["a", ts(26), 5]])).rows, [["a", ts(26), 5]], "a new first row for a key that expired");
  });

  it("dropDuplicatesWithinWatermark needs a watermark", async () => {
    const h = new MicroBatchHarness(sc, columns, "append", dedup(["id"], true));
    await assert.rejects(h.run([["a", ts(1), 1]]), /dropDuplicatesWithinWatermark is not supported on streaming DataFrames\/DataSets without watermark/);
  });

  it("keeps its state across a restart with nothing in memory", async () => {
    const h = new MicroBatchHarness(sc, columns, "append", dedup(["id"]));
    await h.run([["a", ts(1), 1], ["b", ts(1), 1]]);
    const again = h.restarted({ "spark.sql.streaming.maxBatchesToRetainInMemory": "0" });
    assert.deepEqual((await again.run([["a", ts(2), 2], ["c", ts(2), 2]])).rows, [["c", ts(2), 2]]);
  });
});
