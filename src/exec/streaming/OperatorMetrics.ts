import type { TaskContext } from "../../core/TaskContext.js";

/** What one task did to one partition's state, sent back through the operator's accumulator. */
export interface StateOperatorRecord {
  readonly partition: number;
  readonly numRowsTotal: number;
  readonly numRowsUpdated: number;
  readonly numRowsRemoved: number;
  readonly numRowsDroppedByWatermark: number;
  readonly allUpdatesTimeMs: number;
  readonly allRemovalsTimeMs: number;
  readonly commitTimeMs: number;
  readonly memoryUsedBytes: number;
  readonly customMetrics: Readonly<Record<string, number>>;
}

/** The event times (ms) one task saw in one partition; min and max are meaningless when count is 0. */
export interface EventTimeRecord {
  readonly partition: number;
  readonly min: number;
  readonly max: number;
  readonly sum: number;
  readonly count: number;
}

/**
 * Adds a record to a collection accumulator the driver made for the operator: a task sends back, per
 * accumulator id, the array of items it added.
 */
export function addMetricsRecord(task: TaskContext, accumulatorId: number, record: StateOperatorRecord | EventTimeRecord): void {
  const existing = task.accumulatorUpdates.get(accumulatorId);
  if (existing) (existing.partial as unknown[]).push(record);
  else task.accumulatorUpdates.set(accumulatorId, { partial: [record] });
}
