import type { TaskContext } from "../../core/TaskContext.js";
import type { BatchStream } from "../runtime/Operators.js";
import { batchesOf, rowsOf } from "../runtime/RowBatches.js";
import { outputOfExec } from "../SparkPlanTree.js";
import type { Row } from "../vector/ColumnarBatch.js";
import { commitState, loadState, millisSince } from "./StateCommit.js";
import type { StreamingDeduplicateExec } from "./StreamingOperators.js";
import { atOrBehindWatermark, eventTimeMicros } from "./WatermarkPredicate.js";

/**
 * StreamingDeduplicateExec (and Spark's StreamingDeduplicateWithinWatermarkExec): emits the rows whose key
 * the state does not hold yet, storing the key: with no value, or `withinWatermark` with when it expires
 * (the row's event time plus the watermark delay, in microseconds). Late rows are dropped first. Then keys
 * behind the watermark leave: by the key's own event time when the event-time column is a key, or by their
 * expiry. Everything, the commit included, is done before the first row goes out.
 */
export function* streamingDeduplicate(node: StreamingDeduplicateExec, child: BatchStream, task: TaskContext, partition: number): BatchStream {
  const input = outputOfExec(node.child);
  const indexOf = (exprId: number) => input.findIndex((a) => a.exprId === exprId);
  const keyIndexes = node.keyExpressions.map((k) => indexOf(k.exprId));
  const time = node.eventTime;
  const timeIndex = time ? indexOf(time.attribute.exprId) : -1;
  const eventTime = (row: Row) => (timeIndex < 0 ? null : eventTimeMicros(row[timeIndex], time!.window));
  const timeKey = time ? node.keyExpressions.findIndex((k) => k.exprId === time.attribute.exprId) : -1;
  const delayMicros = BigInt(time?.delayMs ?? 0) * 1000n;
  const { lateEventsMs, evictionMs } = node.watermarks;

  const store = loadState(node.stateInfo, partition, node.keyExpressions);
  const output: Row[] = [];
  let [numRowsUpdated, numRowsRemoved, numRowsDroppedByWatermark, numDroppedDuplicateRows] = [0, 0, 0, 0];
  const updatesStarted = performance.now();
  for (const row of rowsOf(child)) {
    const t = eventTime(row);
    if (atOrBehindWatermark(t, lateEventsMs)) {
      numRowsDroppedByWatermark++;
      continue;
    }
    const key = keyIndexes.map((i) => row[i]);
    if (store.has(key)) {
      numDroppedDuplicateRows++;
      continue;
    }
    store.put(key, node.withinWatermark && t !== null ? t + delayMicros : null);
    numRowsUpdated++;
    output.push(row);
  }
  const allUpdatesTimeMs = millisSince(updatesStarted);
  const removalsStarted = performance.now();
  const expired = node.withinWatermark
    ? (_key: readonly unknown[], expiresAt: unknown) => atOrBehindWatermark(expiresAt as bigint | null, evictionMs)
    : timeKey >= 0
      ? (key: readonly unknown[]) => atOrBehindWatermark(eventTimeMicros(key[timeKey], time!.window), evictionMs)
      : null;
  if (expired) {
    for (const [key, value] of store.entries()) {
      if (!expired(key, value)) continue;
      store.remove(key);
      numRowsRemoved++;
    }
  }
  const allRemovalsTimeMs = millisSince(removalsStarted);
  commitState(store, task, node.metrics, partition, {
    numRowsUpdated,
    numRowsRemoved,
    numRowsDroppedByWatermark,
    allUpdatesTimeMs,
    allRemovalsTimeMs,
    customMetrics: { numDroppedDuplicateRows },
  });
  yield* batchesOf(output, input.map((a) => a.dataType));
}
