import type { Task } from "./Task.js";

/** The tasks of one stage attempt, handed from the DAGScheduler to the TaskScheduler. */
export interface TaskSet {
  readonly tasks: readonly Task[];
  readonly stageId: number;
  readonly stageAttemptId: number;
  /** Lower runs first: the job id, so earlier jobs go first (FIFO). */
  readonly priority: number;
  readonly properties: Readonly<Record<string, string>>;
}

/** What the DAGScheduler needs of a task scheduler; a test fakes it to drive the DAGScheduler alone. */
export interface TaskScheduler {
  submitTasks(taskSet: TaskSet): void;
  /** Stops launching the stage's tasks and kills those running. */
  cancelTasks(stageId: number, reason: string): void;
  defaultParallelism(): number;
}
