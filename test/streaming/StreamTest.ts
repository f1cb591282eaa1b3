import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DataFrame, MemoryStream, RowObject, StreamingQuery } from "../../src/index.js";
import { MemorySink } from "../../src/connectors/sinks/MemorySink.js";
import { toRowObject } from "../../src/exec/RowObjects.js";
import type { OutputMode } from "../../src/streaming/OutputMode.js";
import { DEFAULT_TRIGGER, type Trigger } from "../../src/streaming/Trigger.js";
import { ManualClock } from "../../src/util/Clock.js";

/**
 * Spark's StreamTest for Kindling: a streaming DataFrame is run into a memory sink while a list of actions adds
 * data, checks answers, stops and restarts the query, moves a manual clock and expects failures. Checks wait on
 * the query's progress (processAllAvailable, or the trigger waiting on a manual clock), never on sleeps.
 */
export type StreamAction =
  | { readonly kind: "AddData"; readonly source: MemoryStream; readonly rows: readonly unknown[] }
  | { readonly kind: "CheckAnswer"; readonly rows: readonly RowObject[]; readonly lastBatchOnly: boolean }
  | { readonly kind: "StopStream" }
  | { readonly kind: "StartStream"; readonly trigger: Trigger; readonly clock: ManualClock | undefined }
  | { readonly kind: "AdvanceManualClock"; readonly millis: number }
  | { readonly kind: "ExpectFailure"; readonly matches: RegExp | undefined }
  | { readonly kind: "AssertOnQuery"; readonly check: (q: StreamingQuery) => void | Promise<void> };

export const AddData = (source: MemoryStream, ...rows: unknown[]): StreamAction => ({ kind: "AddData", source, rows });
/** All rows the sink holds, in any order. */
export const CheckAnswer = (...rows: RowObject[]): StreamAction => ({ kind: "CheckAnswer", rows, lastBatchOnly: false });
/** The rows of the last batch, in any order. */
export const CheckLastBatch = (...rows: RowObject[]): StreamAction => ({ kind: "CheckAnswer", rows, lastBatchOnly: true });
export const StopStream: StreamAction = { kind: "StopStream" };
export const StartStream = (trigger: Trigger = DEFAULT_TRIGGER, clock?: ManualClock): StreamAction => ({ kind: "StartStream", trigger, clock });
export const AdvanceManualClock = (millis: number): StreamAction => ({ kind: "AdvanceManualClock", millis });
export const ExpectFailure = (matches?: RegExp): StreamAction => ({ kind: "ExpectFailure", matches });
export const AssertOnQuery = (check: (q: StreamingQuery) => void | Promise<void>): StreamAction => ({ kind: "AssertOnQuery", check });

let nextSink = 0;

/** Runs `actions` against `df` written in `outputMode`; the stream starts first unless the actions start it. */
export async function testStream(df: DataFrame, outputMode: OutputMode, ...actions: StreamAction[]): Promise<void> {
  const spark = df.sparkSession;
  const checkpointLocation = mkdtempSync(join(tmpdir(), "kindling-streamtest-"));
  const sink = new MemorySink(spark.sessionState.catalog, `stream_test_${nextSink++}`, outputMode, df.schema);
  let query: StreamingQuery | undefined;
  let clock: ManualClock | undefined;
  const start = (trigger: Trigger, manual: ManualClock | undefined) => {
    clock = manual;
    query = spark.streams.startQuery({
      plan: df.logicalPlan, sink, trigger, outputMode, name: null, checkpointLocation, useTempCheckpointLocation: false, triggerClock: manual,
    });
  };
  /** Until the query has done what it can: processed all data, or (manual clock) waits for the clock to move. */
  const awaitProgress = async () => {
    assert.ok(query, "the stream is not running: StartStream first");
    if (clock) await Promise.race([clock.awaitWaiter(), query.awaitTermination().catch(() => undefined)]);
    else await query.processAllAvailable();
  };
  const rowsOf = (data: readonly unknown[][]) => data.map((r) => toRowObject(r, df.schema));
  if (actions[0]?.kind !== "StartStream") start(DEFAULT_TRIGGER, undefined);
  try {
    for (const [i, action] of actions.entries()) {
      const where = `action ${i} (${action.kind})`;
      switch (action.kind) {
        case "AddData":
          action.source.addData(...action.rows);
          break;
        case "CheckAnswer": {
          await awaitProgress();
          const actual = rowsOf(action.lastBatchOnly ? sink.latestBatchData : sink.allData);
          assert.deepEqual(sorted(actual), sorted(action.rows), `${where}: the sink's ${action.lastBatchOnly ? "last batch" : "rows"} differ`);
          break;
        }
        case "StopStream":
          await query?.stop();
          query = undefined;
          break;
        case "StartStream":
          assert.ok(!query?.isActive, `${where}: the stream is already running`);
          start(action.trigger, action.clock);
          break;
        case "AdvanceManualClock":
          assert.ok(clock, `${where}: the stream was not started with a ManualClock`);
          await awaitProgress();
          clock.advance(action.millis);
          break;
        case "ExpectFailure": {
          assert.ok(query, `${where}: the stream is not running`);
          const q = query;
          await assert.rejects(q.awaitTermination(), (e: Error) => action.matches === undefined || action.matches.test(`${e.message} ${String(e.cause)}`), `${where}: the query did not fail as expected`);
          query = undefined;
          break;
        }
        case "AssertOnQuery":
          assert.ok(query, `${where}: the stream is not running`);
          await action.check(query);
          break;
      }
    }
  } finally {
    await query?.stop();
  }
}

/** Rows in a canonical order, so that answers compare as multisets. */
function sorted(rows: readonly RowObject[]): RowObject[] {
  const key = (r: RowObject) => JSON.stringify(r, (_k, v: unknown) => (typeof v === "bigint" ? `${v}n` : v));
  return [...rows].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
