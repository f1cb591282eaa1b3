import type { TaskContext } from "../../core/TaskContext.js";
import type { Attribute } from "../../expr/AttributeReference.js";
import { StateStore } from "../state/StateStore.js";
import { addMetricsRecord } from "./OperatorMetrics.js";
import type { StatefulOperatorStateInfo } from "./StreamingOperators.js";

/** The version of its partition's state that a stateful operator's task reads. */
export function loadState(info: StatefulOperatorStateInfo, partition: number, keys: readonly Attribute[]): StateStore {
  const id = { checkpointLocation: info.checkpointLocation, operatorId: info.operatorId, partitionId: partition };
  return StateStore.load(id, info.storeVersion, info.storeConf, keys.map((k) => k.dataType));
}

/** What a stateful operator's task did before committing, for its progress. */
export interface StateWork {
  readonly numRowsUpdated: number;
  readonly numRowsRemoved: number;
  readonly numRowsDroppedByWatermark: number;
  readonly allUpdatesTimeMs: number;
  readonly allRemovalsTimeMs: number;
  /** The operator's own metrics beside the store's (Spark's statefulOperatorCustomMetrics). */
  readonly customMetrics?: Readonly<Record<string, number>>;
}

/** Commits the task's state version and records its work and the store's metrics in the operator's accumulator. */
export function commitState(store: StateStore, task: TaskContext, accumulatorId: number, partition: number, work: StateWork): void {
  const started = performance.now();
  store.commit();
  const commitTimeMs = Math.round(performance.now() - started);
  const memoryUsedBytes = store.estimatedMemoryBytes();
  addMetricsRecord(task, accumulatorId, {
    partition,
    numRowsTotal: store.numKeys,
    numRowsUpdated: work.numRowsUpdated,
    numRowsRemoved: work.numRowsRemoved,
    numRowsDroppedByWatermark: work.numRowsDroppedByWatermark,
    allUpdatesTimeMs: work.allUpdatesTimeMs,
    allRemovalsTimeMs: work.allRemovalsTimeMs,
    commitTimeMs,
    memoryUsedBytes,
    customMetrics: {
      // Spark's HDFSBackedStateStoreProvider metrics; version 0 is empty and neither hits nor misses.
      loadedMapCacheHitCount: store.cacheHit ? 1 : 0,
      loadedMapCacheMissCount: !store.cacheHit && store.version > 0 ? 1 : 0,
      stateOnCurrentVersionSizeBytes: memoryUsedBytes,
      ...work.customMetrics,
    },
  });
}

/** Milliseconds since `started` (a `performance.now()`), rounded as Spark's timeTakenMs. */
export function millisSince(started: number): number {
  return Math.round(performance.now() - started);
}
