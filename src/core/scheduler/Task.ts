import type { Partition } from "../rdd/Partition.js";
import type { Lineage } from "../rdd/Lineage.js";
import type { SerializedFunction } from "../closure/SerializedFunction.js";
import type { ShuffleHandle } from "../shuffle/ShuffleHandle.js";
import type { TaskMetrics } from "./TaskMetrics.js";
import type { MapStatus } from "./MapStatus.js";

/** What a stage's tasks share, serialized once per stage attempt (Spark broadcasts it as the task binary). */
export type StageBinary =
  | { readonly kind: "ResultTask"; readonly lineage: Lineage; readonly func: SerializedFunction }
  | { readonly kind: "ShuffleMapTask"; readonly lineage: Lineage; readonly shuffle: ShuffleHandle };

/** A task as the driver keeps it before launch. */
export interface Task {
  readonly stageId: number;
  readonly stageAttemptId: number;
  readonly jobId: number;
  readonly partition: Partition;
  /** For a result task, the index of its partition among the job's; for a map task, its map id. */
  readonly outputId: number;
  readonly kind: StageBinary["kind"];
  readonly preferredLocations: readonly string[];
  readonly binary: Buffer;
  readonly localProperties: Readonly<Record<string, string>>;
  /** The map output tracker's epoch when the task was made; executors drop older cached map statuses. */
  readonly epoch: number;
}

/** Exactly what crosses to an executor for one task attempt. */
export interface TaskDescription {
  readonly taskId: number;
  readonly attemptNumber: number;
  readonly executorId: string;
  readonly name: string;
  readonly stageId: number;
  readonly stageAttemptId: number;
  readonly partition: Partition;
  readonly outputId: number;
  readonly binary: Buffer;
  readonly localProperties: Readonly<Record<string, string>>;
  readonly epoch: number;
  readonly cpus: number;
}

/** What comes back from a successful task attempt. */
export interface DirectTaskResult {
  /** The V8-serialized value of a result task. */
  readonly value: Buffer | undefined;
  /** Where a map task's output is, and its size per reduce partition. */
  readonly mapStatus: MapStatus | undefined;
  readonly accumUpdates: readonly [number, unknown][];
  readonly metrics: TaskMetrics;
}
