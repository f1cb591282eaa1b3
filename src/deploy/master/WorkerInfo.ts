import type { RpcEndpointRef } from "../../rpc/RpcEnv.js";
import type { ExecutorDesc } from "./ExecutorDesc.js";
import { hostPort } from "../../rpc/RpcAddress.js";

/** ALIVE; DEAD once removed (kept a while for the UI); UNKNOWN while a recovering master waits for it. */
export type WorkerState = "ALIVE" | "DEAD" | "UNKNOWN";

/** What a recovering master reads back of a worker (Spark persists WorkerInfo). */
export interface PersistedWorker {
  readonly id: string;
  readonly host: string;
  readonly port: number;
  readonly cores: number;
  readonly memoryMB: number;
  readonly webUiUrl: string;
  readonly workDir: string;
}

/** The master's record of a worker (Spark's WorkerInfo): what it has, what it runs, when it last spoke. */
export class WorkerInfo {
  state: WorkerState = "ALIVE";
  readonly executors = new Map<string, ExecutorDesc>();
  coresUsed = 0;
  memoryUsed = 0;
  lastHeartbeat: number;
  /** The inbound connection the worker talks to the master on; its close removes the worker. */
  connectionId: number | undefined;

  constructor(
    readonly desc: PersistedWorker,
    /** Its "Worker" endpoint. */
    readonly endpoint: RpcEndpointRef,
    now: number,
  ) {
    this.lastHeartbeat = now;
  }

  get id(): string {
    return this.desc.id;
  }

  get host(): string {
    return this.desc.host;
  }

  get hostPort(): string {
    return hostPort(this.desc);
  }

  get coresFree(): number {
    return this.desc.cores - this.coresUsed;
  }

  get memoryFree(): number {
    return this.desc.memoryMB - this.memoryUsed;
  }

  addExecutor(exec: ExecutorDesc): void {
    this.executors.set(exec.fullId, exec);
    this.coresUsed += exec.cores;
    this.memoryUsed += exec.memoryMB;
  }

  removeExecutor(exec: ExecutorDesc): void {
    if (!this.executors.delete(exec.fullId)) return;
    this.coresUsed -= exec.cores;
    this.memoryUsed -= exec.memoryMB;
  }
}
