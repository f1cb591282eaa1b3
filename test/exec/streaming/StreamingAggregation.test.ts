import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { AggregateExpression } from "../../../src/expr/FunctionCall.js";
import { Alias } from "../../../src/expr/Alias.js";
import { Aggregate } from "../../../src/plan/logical/Aggregate.js";
import { Repartition } from "../../../src/plan/logical/UnaryNodes.js";
import { IntegerType, StringType, TimestampType } from "../../../src/types/AtomicTypes.js";
import { Decimal } from "../../../src/types/Decimal.js";
import { DecimalType } from "../../../src/types/DecimalType.js";
import { parsePlan } from "../../../src/sql/SqlParser.js";
import { MicroBatchHarness, localContext, sorted, ts } from "./harness.js";

const parseSql = (sql: string) => parsePlan(sql, { timeZone: "UTC" });

const sc = localContext();
after(() => sc.stop());

const wordsAndTimes = { time: TimestampType, word: StringType };
const tenSeconds = { column: "time", delay: "10 seconds", delayMs: 10_000 };
/** A window struct `[start, end)` of seconds, as the window() function gives it. */
const win = (start: number, end: number) => [ts(start), ts(end)];

describe("Streaming aggregation: output modes", () => {
  it("update mode emits only the groups a batch changed, with their running aggregates", async () => {
    const h = MicroBatchHarness.sql(sc, { k: StringType, v: IntegerType }, "update", "SELECT k, count(*) AS c, sum(v) AS s FROM events GROUP BY k");
    const b0 = await h.run([["a", 1], ["b", 2], ["a", 3]]);
    assert.deepEqual(sorted(b0.rows), [["a", 2n, 4n], ["b", 1n, 2n]]);
    const [save] = b0.stateOperators;
    assert.equal(save!.operatorName, "stateStoreSave");
    assert.equal(save!.numRowsTotal, 2);
    assert.equal(save!.numRowsUpdated, 2);
    assert.equal(save!.numShufflePartitions, 3);
    assert.equal(save!.numStateStoreInstances, 3);
    assert.ok(save!.memoryUsedBytes > 0);
    assert.deepEqual(sorted((await h.run([["a", 10]])).rows), [["a", 3n, 14n]]);
    const b2 = await h.run([]);
    assert.deepEqual(b2.rows, []);
    assert.equal(b2.stateOperators[0]!.numRowsTotal, 2);
    assert.equal(b2.stateOperators[0]!.numRowsUpdated, 0);
  });

  it("complete mode emits every group each batch; every aggregate function merges state before the batch's rows", async () => {
    const sql = `SELECT k, count(v) AS n, sum(v) AS s, avg(v) AS a, min(v) AS lo, max(v) AS hi, first(v) AS f, last(v) AS l,
                 collect_list(v) AS vs, size(collect_set(v)) AS distinct_vs FROM events GROUP BY k`;
    const h = MicroBatchHarness.sql(sc, { k: StringType, v: IntegerType }, "complete", sql);
    assert.deepEqual(sorted((await h.run([["a", 1]])).rows), [["a", 1n, 1n, 1, 1, 1, 1, 1, [1], 1]]);
    assert.deepEqual(sorted((await h.run([["a", 2], ["b", 5]])).rows), [
      ["a", 2n, 3n, 1.5, 1, 2, 1, 2, [1, 2], 2],
      ["b", 1n, 5n, 5, 5, 5, 5, 5, [5], 1],
    ]);
    assert.deepEqual(sorted((await h.run([["a", 2]])).rows), [
      ["a", 3n, 5n, 5 / 3, 1, 2, 1, 2, [1, 2, 2], 2],
      ["b", 1n, 5n, 5, 5, 5, 5, 5, [5], 1],
    ]);
    assert.deepEqual(sorted((await h.run([])).rows).length, 2, "a batch without rows still emits every group");
  });

  it("a global aggregation keeps one row of state in one partition, in update and complete mode", async () => {
    for (const mode of ["update", "complete"] as const) {
      const h = MicroBatchHarness.sql(sc, { v: IntegerType }, mode, "SELECT count(*) AS c, sum(v) AS s FROM events");
      assert.deepEqual((await h.run([[1], [2], [3]])).rows, [[3n, 6n]]);
      const b1 = await h.run([[4]]);
      assert.deepEqual(b1.rows, [[4n, 10n]]);
      assert.equal(b1.stateOperators[0]!.numShufflePartitions, 1);
      assert.equal(b1.stateOperators[0]!.numRowsTotal, 1);
      assert.deepEqual((await h.run([])).rows, [[4n, 10n]], mode);
    }
  });

  it("explains as Spark does: partial aggregate, exchange on the keys, StateStoreRestore, StateStoreSave, final aggregate", async () => {
    const h = MicroBatchHarness.sql(sc, { k: StringType }, "update", "SELECT k, count(*) AS c FROM events GROUP BY k");
    h.settings.set("spark.sql.codegen.wholeStage", "false");
    await h.run([["a"]]);
    const { explain } = await h.run([["b"]]);
    const lines = explain.split("\n").map((l) => l.replace(/^[\s+:-]*/, ""));
    assert.match(lines[1]!, /^HashAggregate\(keys=\[k\], functions=\[count\(1\)\]/);
    assert.equal(lines[2], `StateStoreSave [k], state info [ checkpoint = ${h.stateDir}, opId = 0, ver = 1, numPartitions = 3], Update, 0, 0, 2`);
    assert.equal(lines[3], `StateStoreRestore [k], state info [ checkpoint = ${h.stateDir}, opId = 0, ver = 1, numPartitions = 3], 2`);
    assert.equal(lines[4], "Exchange hashpartitioning(k, 3), ENSURE_REQUIREMENTS");
    assert.match(lines[5]!, /^HashAggregate\(keys=\[k\], functions=\[partial_count\(1\)\]/);
  });

  it("state lives under <state dir>/<operator>/<partition>/, one delta per batch", async () => {
    const h = MicroBatchHarness.sql(sc, { k: StringType }, "update", "SELECT k, count(*) AS c FROM events GROUP BY k");
    await h.run([["a"], ["b"], ["c"], ["d"]]);
    await h.run([["a"]]);
    assert.deepEqual(readdirSync(h.stateDir), ["0"]);
    assert.deepEqual(readdirSync(join(h.stateDir, "0")).sort(), ["0", "1", "2"]);
    for (const p of ["0", "1", "2"]) assert.deepEqual(readdirSync(join(h.stateDir, "0", p)).sort(), ["1.delta", "2.delta"]);
  });

  it("DISTINCT over a stream is an aggregation without aggregates: update mode writes each group a batch touched", async () => {
    const h = MicroBatchHarness.sql(sc, { k: StringType, v: IntegerType }, "update", "SELECT DISTINCT k, v FROM events");
    assert.deepEqual(sorted((await h.run([["a", 1], ["a", 1], ["b", 2]])).rows), [["a", 1], ["b", 2]]);
    const b1 = await h.run([["a", 1], ["a", 2]]);
    assert.deepEqual(sorted(b1.rows), [["a", 1], ["a", 2]]);
    assert.equal(b1.stateOperators[0]!.numRowsTotal, 3);
  });

  it("state is kept by the aggregation's partition even when a coalesce above runs several in one task", async () => {
    const h = new MicroBatchHarness(sc, { k: StringType }, "complete", (source, catalog) => {
      catalog.createOrReplaceTempView("events", source);
      return Repartition(1, false, parseSql("SELECT k, count(*) AS c FROM events GROUP BY k"));
    });
    await h.run([["a"], ["b"], ["c"], ["d"], ["e"]]);
    const b1 = await h.run([["a"], ["e"]]);
    assert.match(b1.explain, /Coalesce 1/);
    assert.deepEqual(sorted(b1.rows), [["a", 2n], ["b", 1n], ["c", 1n], ["d", 1n], ["e", 2n]]);
    assert.equal(b1.stateOperators[0]!.numStateStoreInstances, 3);
  });

  it("input hashed into another number of partitions is shuffled again into the state's partitions", async () => {
    const h = new MicroBatchHarness(sc, { k: StringType }, "update", (source) => {
      const [k] = source.kind === "LocalRelation" ? source.output : [];
      return Aggregate([k!], [k!, Alias(AggregateExpression("count", [k!]), "c")], Repartition(5, true, source, [k!]));
    });
    const b0 = await h.run([["a"], ["b"], ["a"]]);
    assert.deepEqual(sorted(b0.rows), [["a", 2n], ["b", 1n]]);
    assert.match(b0.explain, /Exchange hashpartitioning\(k, 3\)/);
    assert.equal(b0.stateOperators[0]!.numStateStoreInstances, 3);
  });
});

describe("Streaming aggregation: event time and watermarks", () => {
  it("append mode emits a window once the watermark passes its end, then forgets it; rows for a finished window are dropped as late", async () => {
    const h = MicroBatchHarness.sql(
      sc,
      wordsAndTimes,
      "append",
      "SELECT window(time, '10 seconds') AS w, count(*) AS c FROM events GROUP BY window(time, '10 seconds')",
      tenSeconds,
    );
    const b0 = await h.run([[ts(1), "a"], [ts(2), "b"], [ts(11), "c"]]);
    assert.deepEqual(b0.rows, []);
    assert.equal(h.watermarkMs, 1_000);
    assert.equal(h.needsNoDataBatch(), true, "the watermark moved: the engine should run a batch without data");
    assert.deepEqual((await h.run([[ts(25), "d"]])).rows, [], "the watermark (1s) has passed no window's end");
    assert.equal(h.watermarkMs, 15_000);
    const b2 = await h.run();
    assert.deepEqual(b2.rows, [[win(0, 10), 2n]]);
    assert.equal(b2.stateOperators[0]!.numRowsRemoved, 1);
    assert.equal(b2.stateOperators[0]!.numRowsTotal, 2);
    assert.equal(h.needsNoDataBatch(), false);
    const b3 = await h.run([[ts(5), "late"], [ts(12), "e"], [ts(40), "f"]]);
    assert.deepEqual(b3.rows, []);
    assert.equal(b3.stateOperators[0]!.numRowsDroppedByWatermark, 1);
    const b4 = await h.run();
    assert.deepEqual(sorted(b4.rows), [[win(10, 20), 2n], [win(20, 30), 1n]]);
    assert.equal(b4.stateOperators[0]!.numRowsTotal, 1);
    assert.match(b4.explain, /StateStoreSave \[window\], state info \[ checkpoint = [^\]]+, opId = 0, ver = 4, numPartitions = 3\], Append, 15000, 30000, 2/);
  });

  it("update mode emits changed windows and evicts those behind the watermark, counting them removed", async () => {
    const h = MicroBatchHarness.sql(
      sc,
      wordsAndTimes,
      "update",
      "SELECT window(time, '10 seconds') AS w, word, count(*) AS c FROM events GROUP BY window(time, '10 seconds'), word",
      tenSeconds,
    );
    assert.deepEqual(sorted((await h.run([[ts(1), "a"], [ts(3), "a"], [ts(12), "b"]])).rows), [[win(0, 10), "a", 2n], [win(10, 20), "b", 1n]]);
    const b1 = await h.run([[ts(4), "a"], [ts(31), "c"]]);
    assert.deepEqual(sorted(b1.rows), [[win(0, 10), "a", 3n], [win(30, 40), "c", 1n]]);
    assert.equal(b1.stateOperators[0]!.numRowsRemoved, 0, "the watermark planned with (2s) has passed no window");
    const b2 = await h.run([[ts(14), "b"]]);
    assert.deepEqual(b2.rows, [[win(10, 20), "b", 2n]]);
    assert.equal(b2.stateOperators[0]!.numRowsRemoved, 2, "[0, 10) and [10, 20), just updated, are behind the watermark (21s)");
    const b3 = await h.run([[ts(2), "a"]]);
    assert.deepEqual(b3.rows, [], "[0, 10) ended before the previous watermark: late");
    assert.equal(b3.stateOperators[0]!.numRowsDroppedByWatermark, 1);
  });

  it("the programming guide's windowed word count: sliding windows, a 10 minute watermark, append mode", async () => {
    const at = (hour: number, minute: number) => ts(hour * 3600 + minute * 60);
    const h = MicroBatchHarness.sql(
      sc,
      { timestamp: TimestampType, word: StringType },
      "append",
      `SELECT window(timestamp, '10 minutes', '5 minutes') AS window, word, count(*) AS count FROM events
       GROUP BY window(timestamp, '10 minutes', '5 minutes'), word`,
      { column: "timestamp", delay: "10 minutes", delayMs: 600_000 },
    );
    const w = (hour: number, minute: number) => [at(hour, minute), at(hour, minute + 10)];
    assert.deepEqual((await h.run([[at(12, 7), "dog"], [at(12, 4), "owl"]])).rows, []);
    assert.deepEqual((await h.run([[at(12, 13), "dog"], [at(12, 8), "owl"], [at(12, 24), "cat"]])).rows, []);
    assert.equal(h.watermarkMs, Number(at(12, 14) / 1000n));
    // The batch the engine runs without data once the watermark is 12:14 finalizes the windows ended by then.
    assert.equal(h.needsNoDataBatch(), true);
    assert.deepEqual(sorted((await h.run()).rows), sorted([[w(11, 55), "owl", 1n], [w(12, 0), "dog", 1n], [w(12, 0), "owl", 2n]]));
    const late = await h.run([[at(12, 4), "donkey"], [at(12, 17), "owl"], [at(12, 35), "dog"]]);
    assert.deepEqual(late.rows, []);
    assert.equal(late.stateOperators[0]!.numRowsDroppedByWatermark, 2, "12:04's two windows both ended by 12:14");
    assert.deepEqual(
      sorted((await h.run()).rows),
      sorted([
        [w(12, 5), "dog", 2n],
        [w(12, 5), "owl", 1n],
        [w(12, 10), "dog", 1n],
        [w(12, 10), "owl", 1n],
        [w(12, 15), "cat", 1n],
        [w(12, 15), "owl", 1n],
      ]),
    );
  });

  it("an aggregation in append mode needs a watermarked grouping column", async () => {
    const h = MicroBatchHarness.sql(sc, { k: StringType }, "append", "SELECT k, count(*) AS c FROM events GROUP BY k");
    await assert.rejects(h.run([["a"]]), /Append output mode not supported when there are streaming aggregations on streaming DataFrames\/DataSets without watermark/);
  });

  it("complete mode keeps every window, even behind the watermark", async () => {
    const h = MicroBatchHarness.sql(sc, wordsAndTimes, "complete", "SELECT window(time, '10 seconds') AS w, count(*) AS c FROM events GROUP BY window(time, '10 seconds')", tenSeconds);
    await h.run([[ts(1), "a"], [ts(50), "b"]]);
    assert.equal(h.needsNoDataBatch(), false, "complete mode neither evicts nor emits by the watermark");
    const b1 = await h.run([[ts(55), "c"]]);
    assert.deepEqual(sorted(b1.rows), [[win(0, 10), 1n], [win(50, 60), 2n]]);
    assert.equal(b1.stateOperators[0]!.numRowsRemoved, 0);
  });

  it("groups by a watermarked timestamp itself as the event-time key", async () => {
    const h = MicroBatchHarness.sql(sc, wordsAndTimes, "append", "SELECT time, count(*) AS c FROM events GROUP BY time", tenSeconds);
    await h.run([[ts(1), "a"], [ts(1), "b"], [ts(30), "c"]]);
    assert.deepEqual((await h.run()).rows, [[ts(1), 2n]]);
  });
});

describe("Streaming aggregation: state across restarts", () => {
  it("a restarted query (nothing in memory) rebuilds its state from the files, decimals included", async () => {
    const sql = "SELECT k, sum(v) AS s, count(*) AS c, avg(v) AS a, first(v) AS f, collect_list(v) AS vs FROM events GROUP BY k";
    const columns = { k: StringType, v: new DecimalType(10, 2) };
    const first = MicroBatchHarness.sql(sc, columns, "update", sql);
    await first.run([["a", new Decimal(150n, 2)], ["b", new Decimal(1n, 2)]]);
    await first.run([["a", new Decimal(25n, 2)]]);
    const restarted = first.restarted({ "spark.sql.streaming.maxBatchesToRetainInMemory": "0" });
    const b = await restarted.run([["a", new Decimal(100n, 2)], ["b", new Decimal(2n, 2)]]);
    const text = (v: unknown) => (Array.isArray(v) ? v.map(String) : typeof v === "bigint" ? v : String(v));
    assert.deepEqual(sorted(b.rows).map((r) => r.map(text)), [
      ["a", "2.75", 3n, "0.916667", "1.50", ["1.50", "0.25", "1.00"]],
      ["b", "0.03", 2n, "0.015000", "0.01", ["0.01", "0.02"]],
    ]);
    assert.equal(b.stateOperators[0]!.customMetrics["loadedMapCacheMissCount"], 3);
    assert.equal(b.stateOperators[0]!.customMetrics["loadedMapCacheHitCount"], 0);
  });
});
