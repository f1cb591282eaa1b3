import { hostname } from "node:os";
import { readFileSync } from "node:fs";
import { serialize } from "node:v8";
import type { SchedulerBackend } from "../../core/scheduler/SchedulerBackend.js";
import type { TaskSchedulerImpl } from "../../core/scheduler/TaskSchedulerImpl.js";
import type { TaskOutcome } from "../../core/scheduler/TaskRunner.js";
import type { SparkEnv } from "../../core/SparkEnv.js";
import type { Message, MessageOf, SparkAppConfig } from "../../rpc/Messages.js";
import type { RpcCallContext, RpcEndpoint, RpcEndpointRef } from "../../rpc/RpcEnv.js";
import { DRIVER_HOST, DRIVER_PORT, HEARTBEAT_INTERVAL, JARS, NETWORK_TIMEOUT } from "../../core/config.js";
import { rddKindModules } from "../../core/rdd/RDDKinds.js";
import { RpcEnv } from "../../rpc/RpcEnv.js";
import { sparkAppConfigFor } from "../../executor/ApplicationFiles.js";
import { authSecret, rpcEnvConfig } from "../../executor/RpcSettings.js";
import { IllegalArgumentException, SparkException } from "../../util/SparkException.js";

/** What the driver knows of one registered executor (Spark's ExecutorData). */
interface ExecutorData {
  readonly id: string;
  readonly host: string;
  /** The executor's "Executor" endpoint: tasks go there. */
  readonly ref: RpcEndpointRef;
  /** The connection it registered on: when that closes, the executor is gone. */
  readonly connectionId: number;
  readonly totalCores: number;
  freeCores: number;
  lastSeen: number;
}

/** Spark's reason for an executor whose connection to the driver closed. */
const DISASSOCIATED = "Remote RPC client disassociated. Likely due to containers exceeding thresholds, or network issues. Check driver logs for WARN messages.";

/**
 * The driver's side of executors that run in their own processes (Spark's CoarseGrainedSchedulerBackend): the
 * "CoarseGrainedScheduler" endpoint where executors register, report task ends and heartbeat, and where their
 * tasks ask for map statuses, broadcast values and the application's files. Free cores are offered to the
 * task scheduler and the tasks placed on them are sent as LaunchTask. An executor is lost when its connection
 * closes, when its heartbeats stop for spark.network.timeout, or when the cluster manager says so; its tasks
 * then run again elsewhere and its map outputs are forgotten. A cluster manager's backend extends this one to
 * get executors started (`startCluster`).
 */
export abstract class CoarseGrainedSchedulerBackend implements SchedulerBackend, RpcEndpoint {
  protected rpcEnv: RpcEnv | undefined;
  private scheduler!: TaskSchedulerImpl;
  private readonly executors = new Map<string, ExecutorData>();
  /** Each running task's executor and cores, returned when it ends. */
  private readonly launched = new Map<number, { readonly executorId: string; readonly cpus: number }>();
  /** Every file the driver has named to executors: the only ones FetchFile serves. */
  private readonly servedFiles = new Set<string>();
  private readonly executorTimeoutMs: number;
  private readonly startTime = Date.now();
  private ready: Promise<void> | undefined;
  /** Ends the first job's wait for executors (enough registered, the wait timed out, or stop). */
  private endResourceWait: ((error?: Error) => void) | undefined;
  /** Why jobs cannot wait for executors any more. */
  private abandoned: Error | undefined;
  private expiryTimer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(protected readonly env: SparkEnv, private readonly defaultDriverHost: string = hostname()) {
    const conf = env.conf;
    this.executorTimeoutMs = conf.getEntry(NETWORK_TIMEOUT);
    const interval = conf.getEntry(HEARTBEAT_INTERVAL);
    if (this.executorTimeoutMs <= interval) {
      throw new IllegalArgumentException(`The value of ${NETWORK_TIMEOUT.key}=${this.executorTimeoutMs}ms must be greater than the value of ${HEARTBEAT_INTERVAL.key}=${interval}ms.`);
    }
  }

  abstract get applicationId(): string;

  /** Gets executors started for this application; the driver's RpcEnv is listening when it is called. */
  protected abstract startCluster(rpcEnv: RpcEnv): Promise<void>;

  /** Cores the cluster is expected to give: the first job waits for a share of them (0: it waits for none). */
  protected abstract expectedCores(): number;

  protected abstract minRegisteredRatio(): number;

  protected abstract maxRegisteredWaitingTimeMs(): number;

  start(scheduler: TaskSchedulerImpl): void {
    this.scheduler = scheduler;
    this.ready = this.startAsync();
    // Reported by waitUntilReady, to the first job.
    this.ready.catch(() => {});
  }

  private async startAsync(): Promise<void> {
    const conf = this.env.conf;
    const host = conf.getEntry(DRIVER_HOST) ?? this.defaultDriverHost;
    const rpcEnv = await RpcEnv.create(rpcEnvConfig(conf, "driver", host, conf.getEntry(DRIVER_PORT), authSecret(conf)));
    this.rpcEnv = rpcEnv;
    // As Spark does: the settings say where the driver actually listens (spark.driver.port 0 picked one).
    conf.set(DRIVER_HOST.key, rpcEnv.address.host).set(DRIVER_PORT.key, rpcEnv.address.port);
    if (this.stopped) {
      await rpcEnv.shutdown();
      throw this.abandoned!;
    }
    rpcEnv.setupEndpoint("CoarseGrainedScheduler", this);
    const check = Math.min(60_000, Math.max(50, Math.floor(this.executorTimeoutMs / 4)));
    this.expiryTimer = setInterval(() => this.expireDeadExecutors(), check);
    this.expiryTimer.unref();
    await this.startCluster(rpcEnv);
    await this.waitForResources();
  }

  /** Spark's waitBackendReady: enough cores registered, or spark.scheduler.maxRegisteredResourcesWaitingTime passed. */
  private async waitForResources(): Promise<void> {
    if (this.abandoned) throw this.abandoned;
    const deadline = this.startTime + this.maxRegisteredWaitingTimeMs();
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => this.endResourceWait?.(), Math.max(0, deadline - Date.now()));
      timer.unref();
      this.endResourceWait = (error) => {
        clearTimeout(timer);
        this.endResourceWait = undefined;
        if (error) reject(error);
        else resolve();
      };
      this.onExecutorRegistered();
    });
  }

  private onExecutorRegistered(): void {
    if (this.sufficientResourcesRegistered()) this.endResourceWait?.();
  }

  /** No executors will come (the application was removed, or stopped): a job waiting for them fails with `error`. */
  protected abandonResourceWait(error: Error): void {
    this.abandoned ??= error;
    this.endResourceWait?.(error);
  }

  private sufficientResourcesRegistered(): boolean {
    return this.totalCores() >= this.expectedCores() * this.minRegisteredRatio();
  }

  /** Resolves once the cluster has started and enough executors registered; rejects with why it could not start. */
  waitUntilReady(): Promise<void> {
    return this.ready ?? Promise.resolve();
  }

  /** The executors registered now (Spark's getExecutorIds). */
  getExecutorIds(): string[] {
    return [...this.executors.keys()];
  }

  // ---- the "CoarseGrainedScheduler" endpoint ----

  receive(message: Message, ctx: RpcCallContext): void {
    switch (message.type) {
      case "RetrieveSparkAppConfig":
        ctx.reply({ type: "Reply", value: this.sparkAppConfig() });
        return;
      case "FetchFile":
        if (!this.servedFiles.has(message.path)) throw new Error(`${message.path} is not one of the application's files`);
        ctx.reply({ type: "Reply", value: readFileSync(message.path) });
        return;
      case "RegisterExecutor":
        ctx.reply(this.registerExecutor(message, ctx.connectionId));
        return;
      case "StatusUpdate":
        if (this.isFrom(message.executorId, ctx)) this.statusUpdate(message);
        return;
      case "ExecutorHeartbeat": {
        const known = this.isFrom(message.executorId, ctx);
        if (known) this.heartbeatReceived(message);
        // An executor removed here (its heartbeats timed out) is told so, and exits.
        ctx.reply({ type: "HeartbeatResponse", reregisterBlockManager: !known });
        return;
      }
      case "GetMapOutputStatuses":
        ctx.reply({ type: "Reply", value: this.env.mapOutputTracker.getStatuses(message.shuffleId) });
        return;
      case "GetBroadcast":
        ctx.reply({ type: "Reply", value: this.env.broadcastManager.getSerialized(message.id) });
        return;
      case "UpdateBlockInfo":
        if (this.isFrom(message.executorId, ctx)) this.env.blockManagerMaster.updateBlockInfo(message.executorId, message.blockId, message.stored);
        return;
      default:
        throw new Error(`The driver's CoarseGrainedScheduler endpoint does not handle ${message.type}`);
    }
  }

  /**
   * Whether a message naming an executor came on the connection that executor registered on: a late one from
   * an executor already removed, or one from anybody else naming it, is ignored.
   */
  private isFrom(executorId: string, ctx: RpcCallContext): boolean {
    return this.executors.get(executorId)?.connectionId === ctx.connectionId;
  }

  onDisconnected(connectionId: number): void {
    for (const e of this.executors.values()) {
      if (e.connectionId === connectionId) this.removeExecutor(e.id, DISASSOCIATED, false);
    }
  }

  /** Kindling's and the application's modules that define RDD kinds, and the application's files (spark.jars). */
  protected sparkAppConfig(): SparkAppConfig {
    const jars = (this.env.conf.getEntry(JARS) ?? "").split(",").map((s) => s.trim()).filter((s) => s !== "");
    const config = sparkAppConfigFor(rddKindModules(), jars);
    for (const f of config.appFiles) this.servedFiles.add(f);
    return config;
  }

  private registerExecutor(m: MessageOf<"RegisterExecutor">, connectionId: number): Message {
    if (this.stopped) return { type: "RegisterExecutorFailed", message: "The driver is stopping" };
    if (this.executors.has(m.executorId)) return { type: "RegisterExecutorFailed", message: `Duplicate executor ID: ${m.executorId}` };
    if (!Number.isInteger(m.cores) || m.cores < 1) return { type: "RegisterExecutorFailed", message: `Executor ${m.executorId} offered ${m.cores} cores; expected a positive integer` };
    const ref = this.rpcEnv!.endpointRef({ host: m.host, port: m.port }, "Executor");
    this.executors.set(m.executorId, { id: m.executorId, host: m.host, ref, connectionId, totalCores: m.cores, freeCores: m.cores, lastSeen: Date.now() });
    // Replied before the first task is offered, on its own turn: the executor is ready for tasks once it asks.
    setImmediate(() => {
      if (!this.executors.has(m.executorId)) return;
      this.scheduler.executorAdded(m.executorId, m.host);
      this.env.listenerBus.post({
        event: "SparkListenerExecutorAdded",
        time: Date.now(),
        executorId: m.executorId,
        executorInfo: { executorHost: m.host, totalCores: m.cores, logUrls: { ...m.logUrls } },
      });
      this.onExecutorRegistered();
      this.reviveOffers();
    });
    return { type: "RegisteredExecutor" };
  }

  private statusUpdate(m: MessageOf<"StatusUpdate">): void {
    const launched = this.launched.get(m.taskId);
    if (!launched || launched.executorId !== m.executorId || !isTaskOutcome(m.outcome)) return;
    this.launched.delete(m.taskId);
    this.executors.get(m.executorId)!.freeCores += launched.cpus;
    this.scheduler.statusUpdate(m.taskId, m.outcome);
    this.reviveOffers();
  }

  /** Records a heartbeat of a registered executor. */
  private heartbeatReceived(m: MessageOf<"ExecutorHeartbeat">): void {
    this.executors.get(m.executorId)!.lastSeen = Date.now();
    const accumUpdates = m.accumUpdates.filter((u) => Array.isArray(u) && u.length === 4 && typeof u[0] === "number" && Array.isArray(u[3]));
    this.env.listenerBus.post({ event: "SparkListenerExecutorMetricsUpdate", executorId: m.executorId, accumUpdates });
  }

  /** Spark's HeartbeatReceiver: an executor silent for spark.network.timeout is removed (its process may hang). */
  private expireDeadExecutors(): void {
    const now = Date.now();
    for (const e of [...this.executors.values()]) {
      if (now - e.lastSeen > this.executorTimeoutMs) {
        console.warn(`Removing executor ${e.id} with no recent heartbeats: ${now - e.lastSeen} ms exceeds timeout ${this.executorTimeoutMs} ms`);
        e.ref.send({ type: "StopExecutor" });
        this.removeExecutor(e.id, `Executor heartbeat timed out after ${now - e.lastSeen} ms`, false);
      }
    }
  }

  /**
   * The executor is gone: its running tasks fail over, its map outputs and cached blocks are forgotten.
   * `exitCausedByApp`: it exited by itself (its tasks' failures count against them), not lost from outside.
   */
  protected removeExecutor(executorId: string, reason: string, exitCausedByApp: boolean): void {
    const executor = this.executors.get(executorId);
    if (!executor) return;
    this.executors.delete(executorId);
    for (const [taskId, l] of [...this.launched]) if (l.executorId === executorId) this.launched.delete(taskId);
    if (!this.stopped) console.warn(`Lost executor ${executorId} on ${executor.host}: ${reason}`);
    this.scheduler.executorLost(executorId, reason, exitCausedByApp);
    this.env.listenerBus.post({ event: "SparkListenerExecutorRemoved", time: Date.now(), executorId, reason });
  }

  // ---- SchedulerBackend ----

  reviveOffers(): void {
    if (this.stopped) return;
    const offers = [...this.executors.values()].filter((e) => e.freeCores > 0).map((e) => ({ executorId: e.id, host: e.host, cores: e.freeCores }));
    if (offers.length === 0) return;
    for (const task of this.scheduler.resourceOffers(offers)) {
      const executor = this.executors.get(task.executorId)!;
      const bytes = serialize(task);
      const max = this.rpcEnv!.maxFrameBytes - 64 * 1024;
      if (bytes.length > max) {
        const description = `Serialized task ${task.taskId} was ${bytes.length} bytes, which exceeds max allowed: spark.rpc.message.maxSize (${max} bytes). ` +
          "Consider increasing spark.rpc.message.maxSize or using broadcast variables for large values.";
        const outcome: TaskOutcome = { state: "FAILED", reason: { kind: "ExceptionFailure", className: "SparkException", description, stackTrace: description }, accumUpdates: [] };
        setImmediate(() => this.scheduler.statusUpdate(task.taskId, outcome));
        continue;
      }
      executor.freeCores -= task.cpus;
      this.launched.set(task.taskId, { executorId: executor.id, cpus: task.cpus });
      executor.ref.send({ type: "LaunchTask", task: bytes });
    }
  }

  killTask(taskId: number, executorId: string, reason: string): void {
    this.executors.get(executorId)?.ref.send({ type: "KillTask", taskId, reason });
  }

  async removeRdd(rddId: number, executorIds: readonly string[]): Promise<void> {
    await Promise.all(executorIds.map(async (id) => {
      const executor = this.executors.get(id);
      if (!executor) return;
      try {
        await executor.ref.ask({ type: "RemoveRdd", rddId }, this.executorTimeoutMs);
      } catch (e) {
        console.warn(`Failed to remove RDD ${rddId} from executor ${id}: ${(e as Error).message}`);
      }
    }));
  }

  removeBroadcast(broadcastId: number): void {
    for (const e of this.executors.values()) e.ref.send({ type: "RemoveBroadcast", id: broadcastId });
  }

  /** Spark's: every executor core registered, at least 2. */
  defaultParallelism(): number {
    return Math.max(this.totalCores(), 2);
  }

  private totalCores(): number {
    let total = 0;
    for (const e of this.executors.values()) total += e.totalCores;
    return total;
  }

  /** Tells every executor to stop, stops the cluster (which ends a start still under way), closes the RpcEnv. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    clearInterval(this.expiryTimer);
    this.abandonResourceWait(new SparkException("The SparkContext was stopped before its executors registered"));
    for (const e of this.executors.values()) e.ref.send({ type: "StopExecutor" });
    try {
      await this.stopCluster();
    } finally {
      await this.ready?.catch(() => {});
      await this.rpcEnv?.shutdown();
    }
  }

  /** Whether stop() was called: a start still under way gives up at its next step. */
  protected get isStopped(): boolean {
    return this.stopped;
  }

  protected abstract stopCluster(): Promise<void>;
}

function isTaskOutcome(value: unknown): value is TaskOutcome {
  const o = value as { state?: unknown; result?: unknown; reason?: unknown };
  return (o.state === "FINISHED" && typeof o.result === "object" && o.result !== null) ||
    (o.state === "FAILED" && typeof o.reason === "object" && o.reason !== null);
}
