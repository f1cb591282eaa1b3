import type { OutputModeName } from "./OutputModeName.js";

/**
 * What planning one micro-batch needs beyond a batch query (Spark's IncrementalExecution fields): where state
 * lives, which version to read, how to emit, and the watermark. The streaming engine makes one per batch.
 */
export interface StreamingPlanContext {
  /** `<checkpointLocation>/state`: operator `o`'s store for partition `p` lives under `<o>/<p>/`. */
  readonly stateCheckpointLocation: string;
  /** The batch being planned: stateful operators read state version `batchId` and write `batchId + 1`. */
  readonly batchId: number;
  readonly outputMode: OutputModeName;
  /** The event-time watermark for evicting state and emitting in append mode, ms since the epoch (0: none yet). */
  readonly eventTimeWatermarkMs: number;
  /** The watermark rows are judged late against (Spark's eventTimeWatermarkForLateEvents: the previous batch's). */
  readonly eventTimeWatermarkForLateEventsMs: number;
  /** A fresh accumulator for one operator's metrics: tasks add records to it, the engine reads them after the batch. */
  newMetricsAccumulator(name: string): number;
}
