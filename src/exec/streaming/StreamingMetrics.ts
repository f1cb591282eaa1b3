import type { SparkPlan } from "../SparkPlan.js";

/** Placeholder with the agreed signature; the stateful operators' author fills it in. */
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

export interface EventTimeStats {
  readonly max: number;
  readonly min: number;
  readonly avg: number;
  readonly count: number;
}

export function streamingMetrics(_plan: SparkPlan, _accumulatorValue: (id: number) => readonly unknown[]): { stateOperators: StateOperatorProgress[]; eventTimeStats: (EventTimeStats | null)[] } {
  return { stateOperators: [], eventTimeStats: [] };
}

export function needsNoDataBatch(_plan: SparkPlan, _newWatermarkMs: number): boolean {
  return false;
}
