import type { RDD } from "../rdd/RDD.js";
import type { UserFunction } from "../closure/SerializedFunction.js";
import type { JobListener } from "./JobWaiter.js";
import type { DirectTaskResult, Task } from "./Task.js";
import type { TaskEndReason } from "./TaskEndReason.js";
import type { TaskInfo } from "./SparkListenerEvent.js";

/** Everything the DAGScheduler reacts to; public methods only post these, `onReceive` handles them. */
export type DAGSchedulerEvent =
  | {
      readonly kind: "JobSubmitted";
      readonly jobId: number;
      readonly rdd: RDD<unknown>;
      readonly func: UserFunction;
      readonly partitions: readonly number[];
      readonly callSite: string;
      readonly listener: JobListener;
      readonly properties: Readonly<Record<string, string>>;
    }
  | { readonly kind: "BeginEvent"; readonly task: Task; readonly taskInfo: TaskInfo }
  | {
      readonly kind: "CompletionEvent";
      readonly task: Task;
      readonly taskInfo: TaskInfo;
      readonly reason: TaskEndReason;
      readonly result: DirectTaskResult | undefined;
      readonly accumUpdates: readonly [number, unknown][];
    }
  | { readonly kind: "TaskSetFailed"; readonly stageId: number; readonly stageAttemptId: number; readonly reason: string; readonly cause: Error | undefined }
  | { readonly kind: "ExecutorAdded"; readonly executorId: string; readonly host: string }
  | { readonly kind: "ExecutorLost"; readonly executorId: string; readonly reason: string }
  | { readonly kind: "JobCancelled"; readonly jobId: number; readonly reason: string | undefined }
  | { readonly kind: "JobGroupCancelled"; readonly groupId: string }
  | { readonly kind: "AllJobsCancelled" }
  | { readonly kind: "ResubmitFailedStages" };
