import type { BlockManagerId } from "./MapStatus.js";

/** Why a task attempt ended, with Spark's names; all but Success are failures the schedulers act on. */
export type TaskEndReason =
  | { readonly kind: "Success" }
  | { readonly kind: "ExceptionFailure"; readonly className: string; readonly description: string; readonly stackTrace: string }
  | { readonly kind: "FetchFailed"; readonly location: BlockManagerId | undefined; readonly shuffleId: number; readonly mapId: number; readonly reduceId: number; readonly message: string }
  | { readonly kind: "TaskKilled"; readonly reason: string }
  | { readonly kind: "ExecutorLostFailure"; readonly executorId: string; readonly exitCausedByApp: boolean; readonly reason: string }
  | { readonly kind: "TaskResultLost" }
  /** A map task that had succeeded on an executor since lost: its output is gone and it will run again. */
  | { readonly kind: "Resubmitted" };

/** How a failure reads in logs and in a failed job's message, as Spark's `toErrorString`. */
export function describeFailure(reason: TaskEndReason): string {
  switch (reason.kind) {
    case "Success":
      return "Success";
    case "ExceptionFailure":
      return reason.stackTrace || `${reason.className}: ${reason.description}`;
    case "FetchFailed":
      return `FetchFailed(${reason.location ? `BlockManagerId(${reason.location.executorId}, ${reason.location.host}, ${reason.location.port})` : "null"}, shuffleId=${reason.shuffleId}, mapId=${reason.mapId}, reduceId=${reason.reduceId}, message=\n${reason.message}\n)`;
    case "TaskKilled":
      return `TaskKilled (${reason.reason})`;
    case "ExecutorLostFailure":
      return `ExecutorLostFailure (executor ${reason.executorId} exited ${reason.exitCausedByApp ? "caused by one of the running tasks" : "unrelated to the running tasks"}) Reason: ${reason.reason}`;
    case "TaskResultLost":
      return "TaskResultLost (result lost from block manager)";
    case "Resubmitted":
      return "Resubmitted (resubmitted due to lost executor)";
  }
}
