import type { ExecutorState } from "../../rpc/Messages.js";
import type { ApplicationInfo } from "./ApplicationInfo.js";
import type { WorkerInfo } from "./WorkerInfo.js";

/** The master's record of one executor it placed (Spark's ExecutorDesc). */
export class ExecutorDesc {
  state: ExecutorState = "LAUNCHING";

  constructor(
    readonly id: number,
    readonly application: ApplicationInfo,
    readonly worker: WorkerInfo,
    readonly cores: number,
    readonly memoryMB: number,
  ) {}

  /** `appId/execId`, as Spark's logs and the worker's executor map name it. */
  get fullId(): string {
    return `${this.application.id}/${this.id}`;
  }
}

/** Spark's ExecutorState.isFinished: the process is gone and its resources free. */
export function isFinished(state: ExecutorState): boolean {
  return state === "KILLED" || state === "FAILED" || state === "LOST" || state === "EXITED";
}

const STATES: ReadonlySet<string> = new Set<ExecutorState>(["LAUNCHING", "RUNNING", "KILLED", "FAILED", "LOST", "EXITED"]);

export function isExecutorState(value: string): value is ExecutorState {
  return STATES.has(value);
}
