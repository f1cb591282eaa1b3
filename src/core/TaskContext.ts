import type { TaskEnv } from "./TaskEnv.js";
import type { TaskMetrics } from "./scheduler/TaskMetrics.js";
import { emptyTaskMetrics } from "./scheduler/TaskMetrics.js";
import { ENCODE, registerReviver } from "./closure/SerializedFunction.js";

/** A task's own view of itself while it runs on an executor; `TaskContext.get()` as Spark's. */
export class TaskContext {
  private static current: TaskContext | undefined;
  readonly metrics: TaskMetrics = emptyTaskMetrics();
  /** Accumulators this task has added to, by id: their partial values go back with the result. */
  readonly accumulatorUpdates = new Map<number, { readonly partial: unknown }>();

  constructor(
    readonly stageId: number,
    readonly stageAttemptNumber: number,
    readonly partitionId: number,
    readonly attemptNumber: number,
    readonly taskAttemptId: number,
    readonly env: TaskEnv,
    readonly localProperties: Readonly<Record<string, string>>,
  ) {}

  static get(): TaskContext | undefined {
    return TaskContext.current;
  }

  /**
   * The class itself may be captured (`rdd.map(f, { TaskContext })`), so a function can call
   * `TaskContext.get()` in its task: it travels by name and is the executor's own class there.
   */
  static [ENCODE](): { kind: string; data: unknown } {
    return { kind: "TaskContext", data: null };
  }

  static set(ctx: TaskContext | undefined): void {
    TaskContext.current = ctx;
  }

  getLocalProperty(key: string): string | undefined {
    return this.localProperties[key];
  }
}

registerReviver("TaskContext", () => TaskContext);
