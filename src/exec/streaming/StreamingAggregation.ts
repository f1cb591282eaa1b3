import type { TaskContext } from "../../core/TaskContext.js";
import { mapKey } from "../../util/keys.js";
import { AggregationMap } from "../runtime/HashAggregate.js";
import type { BatchStream } from "../runtime/Operators.js";
import { batchesOf, rowsOf } from "../runtime/RowBatches.js";
import { exec } from "../SparkPlan.js";
import { outputOfExec } from "../SparkPlanTree.js";
import { reviveBuffer } from "../vector/ReviveValues.js";
import { commitState, loadState, millisSince } from "./StateCommit.js";
import type { StateStoreRestoreExec, StateStoreSaveExec } from "./StreamingOperators.js";
import { atOrBehindWatermark, eventTimeMicros } from "./WatermarkPredicate.js";

/**
 * StateStoreRestoreExec: this batch's partial buffers merged by key, then the state's buffers for the key
 * merged in before them (the state holds the older rows, which first() and collect_list() put first).
 * A global aggregate (no keys) always has its one row. Buffers may have crossed a shuffle or a state file:
 * merging revives them, into copies, so the loaded version's values (which this thread may keep) never change.
 */
export function* stateStoreRestore(node: StateStoreRestoreExec, child: BatchStream, partition: number): BatchStream {
  const aggregates = new AggregationMap(
    exec({
      kind: "HashAggregateExec",
      mode: "Final",
      groupingExpressions: node.keyExpressions,
      aggregateExpressions: node.aggregateExpressions,
      bufferAttributes: [],
      resultAttributes: [],
      resultExpressions: [],
      child: node.child,
    }),
  );
  const keyCount = node.keyExpressions.length;
  const batch = new Map<unknown, [readonly unknown[], unknown[]]>();
  for (const row of rowsOf(child)) {
    const key = row.slice(0, keyCount);
    const k = mapKey(key);
    const buffers = row.slice(keyCount);
    const seen = batch.get(k);
    batch.set(k, seen ? [seen[0], aggregates.mergeBuffers(seen[1], buffers)] : [key, buffers.map(reviveBuffer)]);
  }
  const store = loadState(node.stateInfo, partition, node.keyExpressions);
  const restored = function* (): IterableIterator<unknown[]> {
    if (keyCount === 0 && batch.size === 0) {
      const stored = store.get([]) as unknown[] | undefined;
      if (stored) yield stored.map(reviveBuffer);
      return;
    }
    for (const [key, buffers] of batch.values()) {
      const stored = store.get(key) as unknown[] | undefined;
      yield [...key, ...(stored ? aggregates.mergeBuffers(stored, buffers) : buffers)];
    }
  };
  yield* batchesOf(restored(), outputOfExec(node).map((a) => a.dataType));
}

/**
 * StateStoreSaveExec: stores each key's merged buffers as the next version of the state and emits keys and
 * buffers for the final aggregate, by output mode. All of the partition's work, the commit included, is done
 * before the first row goes out, so a consumer that stops early (a limit) still leaves the version committed.
 */
export function* stateStoreSave(node: StateStoreSaveExec, child: BatchStream, task: TaskContext, partition: number): BatchStream {
  const keyCount = node.keyExpressions.length;
  const timeIndex = node.eventTime ? node.keyExpressions.findIndex((k) => k.exprId === node.eventTime!.attribute.exprId) : -1;
  const window = node.eventTime?.window ?? false;
  const eventTime = (key: readonly unknown[]) => (timeIndex < 0 ? null : eventTimeMicros(key[timeIndex], window));
  const { lateEventsMs, evictionMs } = node.watermarks;

  const store = loadState(node.stateInfo, partition, node.keyExpressions);
  const output: unknown[][] = [];
  let [numRowsUpdated, numRowsRemoved, numRowsDroppedByWatermark] = [0, 0, 0];
  const updatesStarted = performance.now();
  for (const row of rowsOf(child)) {
    const key = row.slice(0, keyCount);
    if (atOrBehindWatermark(eventTime(key), lateEventsMs)) {
      numRowsDroppedByWatermark++;
      continue;
    }
    store.put(key, row.slice(keyCount));
    numRowsUpdated++;
    if (node.outputMode === "update") output.push(row);
  }
  const allUpdatesTimeMs = millisSince(updatesStarted);
  const removalsStarted = performance.now();
  // Append emits a key once the watermark passes it, as it leaves; update only lets it go. Complete keeps all.
  if (node.outputMode !== "complete" && timeIndex >= 0) {
    for (const [key, buffers] of store.entries()) {
      if (!atOrBehindWatermark(eventTime(key), evictionMs)) continue;
      store.remove(key);
      numRowsRemoved++;
      if (node.outputMode === "append") output.push([...key, ...(buffers as unknown[])]);
    }
  }
  const allRemovalsTimeMs = millisSince(removalsStarted);
  commitState(store, task, node.metrics, partition, { numRowsUpdated, numRowsRemoved, numRowsDroppedByWatermark, allUpdatesTimeMs, allRemovalsTimeMs });
  if (node.outputMode === "complete") for (const [key, buffers] of store.entries()) output.push([...key, ...(buffers as unknown[])]);
  yield* batchesOf(output, outputOfExec(node).map((a) => a.dataType));
}
