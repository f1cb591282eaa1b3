import type { ApplicationDescription, RpcAddress } from "../../rpc/Messages.js";
import type { RpcEndpointRef } from "../../rpc/RpcEnv.js";
import type { WorkerInfo } from "./WorkerInfo.js";
import { ExecutorDesc } from "./ExecutorDesc.js";

/** Spark's ApplicationState; UNKNOWN while a recovering master waits for the driver to answer. */
export type ApplicationState = "WAITING" | "RUNNING" | "FINISHED" | "FAILED" | "KILLED" | "UNKNOWN";

/** What a recovering master reads back of an application (Spark persists ApplicationInfo). */
export interface PersistedApplication {
  readonly id: string;
  readonly desc: ApplicationDescription;
  /** The driver's RPC server, where its "AppClient" endpoint is. */
  readonly driver: RpcAddress;
  readonly startTime: number;
}

/** The master's record of an application (Spark's ApplicationInfo): its executors and what it may still get. */
export class ApplicationInfo {
  state: ApplicationState = "WAITING";
  readonly executors = new Map<number, ExecutorDesc>();
  readonly removedExecutors: ExecutorDesc[] = [];
  coresGranted = 0;
  endTime = -1;
  /** The inbound connection the driver registered (or acknowledged a new master) on; its close ends the app. */
  connectionId: number | undefined;
  private nextExecutorId = 0;
  private retryCount = 0;
  private readonly requestedCores: number;

  constructor(
    readonly saved: PersistedApplication,
    /** The driver's "AppClient" endpoint. */
    readonly driver: RpcEndpointRef,
    defaultCores: number,
  ) {
    this.requestedCores = saved.desc.maxCores ?? defaultCores;
  }

  get id(): string {
    return this.saved.id;
  }

  get desc(): ApplicationDescription {
    return this.saved.desc;
  }

  get coresLeft(): number {
    return this.requestedCores - this.coresGranted;
  }

  get isFinished(): boolean {
    return this.state === "FINISHED" || this.state === "FAILED" || this.state === "KILLED";
  }

  /** A new executor, or (`useId`) one a worker reports after a master change, keeping later ids unique. */
  addExecutor(worker: WorkerInfo, cores: number, memoryMB: number, useId?: number): ExecutorDesc {
    const id = useId ?? this.nextExecutorId;
    this.nextExecutorId = Math.max(this.nextExecutorId, id + 1);
    const exec = new ExecutorDesc(id, this, worker, cores, memoryMB);
    this.executors.set(id, exec);
    this.coresGranted += cores;
    return exec;
  }

  removeExecutor(exec: ExecutorDesc): void {
    if (this.executors.get(exec.id) !== exec) return;
    this.executors.delete(exec.id);
    this.removedExecutors.push(exec);
    this.coresGranted -= exec.cores;
  }

  /** Back-to-back executor failures; a RUNNING report resets it (spark.deploy.maxExecutorRetries). */
  incrementRetryCount(): number {
    return ++this.retryCount;
  }

  resetRetryCount(): void {
    this.retryCount = 0;
  }

  get retries(): number {
    return this.retryCount;
  }

  markFinished(state: ApplicationState, now: number): void {
    this.state = state;
    this.endTime = now;
  }
}
