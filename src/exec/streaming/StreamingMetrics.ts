import type { SparkPlan } from "../SparkPlan.js";
import { SparkPlans } from "../SparkPlanTree.js";
import type { EventTimeRecord, StateOperatorRecord } from "./OperatorMetrics.js";
import { stateOperatorName, type StateStoreWriter } from "./StreamingOperators.js";

/** Spark's StateOperatorProgress: one stateful operator's work in a batch, summed over its partitions. */
export interface StateOperatorProgress {
  readonly operatorName: string;
  readonly numRowsTotal: number;
  readonly numRowsUpdated: number;
  readonly allUpdatesTimeMs: number;
  readonly numRowsRemoved: number;
  readonly allRemovalsTimeMs: number;
  readonly commitTimeMs: number;
  readonly memoryUsedBytes: number;
  readonly numRowsDroppedByWatermark: number;
  readonly numShufflePartitions: number;
  readonly numStateStoreInstances: number;
  readonly customMetrics: Readonly<Record<string, number>>;
}

/** The event times (ms since the epoch) one `withWatermark` saw in a batch (Spark's EventTimeStats). */
export interface EventTimeStats {
  readonly max: number;
  readonly min: number;
  readonly avg: number;
  readonly count: number;
}

const isWriter = (p: SparkPlan): p is StateStoreWriter =>
  p.kind === "StateStoreSaveExec" || p.kind === "StreamingDeduplicateExec" || p.kind === "StreamingGlobalLimitExec";

/**
 * After a batch, what its operators' tasks recorded: one progress per stateful operator and one set of
 * event-time statistics per EventTimeWatermarkExec (null when it saw no rows), both in pre-order. A partition
 * computed twice (a range exchange samples its input first) counts once: its last record stands.
 */
export function streamingMetrics(
  plan: SparkPlan,
  accumulatorValue: (id: number) => readonly unknown[],
): { stateOperators: StateOperatorProgress[]; eventTimeStats: (EventTimeStats | null)[] } {
  const stateOperators: StateOperatorProgress[] = [];
  const eventTimeStats: (EventTimeStats | null)[] = [];
  SparkPlans.foreach(plan, (p) => {
    if (isWriter(p)) stateOperators.push(stateOperatorProgress(p, byPartition(accumulatorValue(p.metrics) as StateOperatorRecord[])));
    else if (p.kind === "EventTimeWatermarkExec") eventTimeStats.push(eventTimeStatsOf(byPartition(accumulatorValue(p.metrics) as EventTimeRecord[])));
  });
  return { stateOperators, eventTimeStats };
}

function byPartition<R extends { readonly partition: number }>(records: readonly R[]): R[] {
  return [...new Map(records.map((r) => [r.partition, r])).values()];
}

function stateOperatorProgress(p: StateStoreWriter, records: readonly StateOperatorRecord[]): StateOperatorProgress {
  const sum = (f: (r: StateOperatorRecord) => number) => records.reduce((n, r) => n + f(r), 0);
  const customMetrics: Record<string, number> = {};
  for (const r of records) for (const [k, v] of Object.entries(r.customMetrics)) customMetrics[k] = (customMetrics[k] ?? 0) + v;
  return {
    operatorName: stateOperatorName(p),
    numRowsTotal: sum((r) => r.numRowsTotal),
    numRowsUpdated: sum((r) => r.numRowsUpdated),
    allUpdatesTimeMs: sum((r) => r.allUpdatesTimeMs),
    numRowsRemoved: sum((r) => r.numRowsRemoved),
    allRemovalsTimeMs: sum((r) => r.allRemovalsTimeMs),
    commitTimeMs: sum((r) => r.commitTimeMs),
    memoryUsedBytes: sum((r) => r.memoryUsedBytes),
    numRowsDroppedByWatermark: sum((r) => r.numRowsDroppedByWatermark),
    numShufflePartitions: p.stateInfo.numPartitions,
    numStateStoreInstances: records.length,
    customMetrics,
  };
}

function eventTimeStatsOf(records: readonly EventTimeRecord[]): EventTimeStats | null {
  const seen = records.filter((r) => r.count > 0);
  const count = seen.reduce((n, r) => n + r.count, 0);
  if (count === 0) return null;
  return {
    max: Math.max(...seen.map((r) => r.max)),
    min: Math.min(...seen.map((r) => r.min)),
    avg: seen.reduce((n, r) => n + r.sum, 0) / count,
    count,
  };
}

/**
 * Spark's shouldRunAnotherBatch: whether a batch without new data would change the result, because a
 * stateful operator evicts or emits by a watermark that has moved past the one this plan was made with.
 */
export function needsNoDataBatch(plan: SparkPlan, newWatermarkMs: number): boolean {
  return SparkPlans.exists(plan, (p) => {
    switch (p.kind) {
      case "StateStoreSaveExec":
        return p.outputMode !== "complete" && p.eventTime !== null && newWatermarkMs > p.watermarks.evictionMs;
      case "StreamingDeduplicateExec": {
        const evicts = p.withinWatermark || p.keyExpressions.some((k) => k.exprId === p.eventTime?.attribute.exprId);
        return evicts && newWatermarkMs > p.watermarks.evictionMs;
      }
      default:
        return false;
    }
  });
}
