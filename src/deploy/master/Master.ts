import type { SparkConf } from "../../core/SparkConf.js";
import type { Message, MessageOf } from "../../rpc/Messages.js";
import type { RpcCallContext, RpcEndpoint, RpcEnv } from "../../rpc/RpcEnv.js";
import type { Clock } from "../../util/Clock.js";
import type { Logger } from "../daemon/DaemonLog.js";
import type { PersistenceEngine } from "./PersistenceEngine.js";
import {
  DEAD_WORKER_PERSISTENCE, DEPLOY_DEFAULT_CORES, DEPLOY_MAX_EXECUTOR_RETRIES, DEPLOY_RETAINED_APPLICATIONS, DEPLOY_SPREAD_OUT,
  WORKER_TIMEOUT,
} from "../../core/config.js";
import { hostPort, toSparkURL } from "../../rpc/RpcAddress.js";
import { SystemClock } from "../../util/Clock.js";
import { idTimestamp } from "../daemon/IdTimestamp.js";
import { ApplicationInfo, type ApplicationState, type PersistedApplication } from "./ApplicationInfo.js";
import { checkApplicationDescription, checkRpcAddress } from "./ApplicationDescriptionCheck.js";
import { APP_CLIENT_ENDPOINT_NAME, WORKER_ENDPOINT_NAME } from "./EndpointNames.js";
import { ExecutorDesc, isExecutorState, isFinished } from "./ExecutorDesc.js";
import { scheduleExecutorsOnWorkers } from "./ExecutorPlacement.js";
import { WorkerInfo, type PersistedWorker } from "./WorkerInfo.js";

/** ALIVE, or RECOVERING from what a previous master persisted until every worker and driver answered or timed out. */
export type RecoveryState = "ALIVE" | "RECOVERING" | "COMPLETING_RECOVERY";

export interface MasterContext {
  /** Where the master sends to workers ("Worker") and drivers ("AppClient"); `address` is its own server. */
  readonly rpcEnv: Pick<RpcEnv, "endpointRef" | "address">;
  readonly conf: SparkConf;
  readonly persistence: PersistenceEngine;
  readonly log: Logger;
  /** Told to workers when they register. */
  readonly webUiUrl: string;
  readonly clock?: Clock;
}

/**
 * The standalone cluster manager (Spark's Master): workers register and heartbeat, applications register and
 * get executors placed on workers' free cores and memory, and lost workers, failed executors and finished
 * applications are cleaned up and replaced. Every state change happens inside `receive`, `onDisconnected` or
 * a timer callback, each run to completion on Node's one thread, so no handler ever sees another's half-done
 * change. With FILESYSTEM recovery a restarted master reads its workers and applications back, tells each
 * that it changed, and waits up to spark.worker.timeout for them to answer.
 */
export class Master implements RpcEndpoint {
  private state: RecoveryState = "ALIVE";
  /** Every known worker, DEAD ones until reaped, in registration order. */
  private readonly workers = new Set<WorkerInfo>();
  private readonly idToWorker = new Map<string, WorkerInfo>();
  private readonly addressToWorker = new Map<string, WorkerInfo>();
  /** Active applications in registration order: the FIFO queue placement serves. */
  private readonly apps = new Set<ApplicationInfo>();
  private readonly idToApp = new Map<string, ApplicationInfo>();
  private readonly addressToApp = new Map<string, ApplicationInfo>();
  private readonly completedApps: ApplicationInfo[] = [];
  private nextAppNumber = 0;
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly clock: Clock;
  private readonly workerTimeoutMs: number;
  private readonly spreadOut: boolean;
  private readonly defaultCores: number;
  private readonly maxExecutorRetries: number;
  private readonly retainedApplications: number;
  private readonly reaperIterations: number;
  readonly masterUrl: string;

  constructor(private readonly ctx: MasterContext) {
    this.clock = ctx.clock ?? new SystemClock();
    this.workerTimeoutMs = ctx.conf.getEntry(WORKER_TIMEOUT) * 1000;
    this.spreadOut = ctx.conf.getEntry(DEPLOY_SPREAD_OUT);
    this.defaultCores = ctx.conf.getEntry(DEPLOY_DEFAULT_CORES, Number.POSITIVE_INFINITY);
    this.maxExecutorRetries = ctx.conf.getEntry(DEPLOY_MAX_EXECUTOR_RETRIES);
    this.retainedApplications = ctx.conf.getEntry(DEPLOY_RETAINED_APPLICATIONS);
    this.reaperIterations = ctx.conf.getEntry(DEAD_WORKER_PERSISTENCE);
    this.masterUrl = toSparkURL(ctx.rpcEnv.address);
  }

  /** Reads what a previous master persisted (recovering if there is any) and starts the worker-timeout check. */
  start(): void {
    this.ctx.log.info(`Starting Spark master at ${this.masterUrl}`);
    const { apps, workers } = this.ctx.persistence.readPersistedData();
    this.state = apps.length === 0 && workers.length === 0 ? "ALIVE" : "RECOVERING";
    this.ctx.log.info(`I have been elected leader! New state: ${this.state}`);
    if (this.state === "RECOVERING") {
      this.beginRecovery(apps, workers);
      this.timers.push(setTimeout(() => this.completeRecovery(), this.workerTimeoutMs));
    }
    this.timers.push(setInterval(() => this.timeOutDeadWorkers(), this.workerTimeoutMs));
  }

  stop(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.length = 0;
  }

  receive(message: Message, call: RpcCallContext): void {
    switch (message.type) {
      case "RegisterWorker":
        return this.onRegisterWorker(message, call.connectionId);
      case "Heartbeat":
        return this.onHeartbeat(message.workerId, call.connectionId);
      case "WorkerSchedulerStateResponse":
        return this.onWorkerSchedulerStateResponse(message, call.connectionId);
      case "WorkerLatestState":
        return this.onWorkerLatestState(message);
      case "ExecutorStateChanged":
        return this.onExecutorStateChanged(message);
      case "RegisterApplication":
        return this.onRegisterApplication(message, call.connectionId);
      case "UnregisterApplication": {
        this.ctx.log.info(`Received unregister request from application ${message.appId}`);
        const app = this.idToApp.get(message.appId);
        if (app) this.finishApplication(app);
        return;
      }
      case "MasterChangeAcknowledged":
        return this.onMasterChangeAcknowledged(message.appId, call.connectionId);
      default:
        this.ctx.log.warn(`Master received a message it does not handle: ${message.type}`);
    }
  }

  /** A worker's or driver's connection closed: the worker is lost, the application finished (Spark's onDisconnected). */
  onDisconnected(connectionId: number): void {
    for (const worker of this.idToWorker.values()) {
      if (worker.connectionId === connectionId) this.removeWorker(worker, `${worker.hostPort} got disassociated`);
    }
    for (const app of this.apps) {
      if (app.connectionId === connectionId) this.finishApplication(app);
    }
    if (this.state === "RECOVERING" && this.canCompleteRecovery()) this.completeRecovery();
  }

  // ---- what the UI shows ----

  get recoveryState(): RecoveryState {
    return this.state;
  }

  get allWorkers(): readonly WorkerInfo[] {
    return [...this.workers];
  }

  get activeApps(): readonly ApplicationInfo[] {
    return [...this.apps];
  }

  get finishedApps(): readonly ApplicationInfo[] {
    return this.completedApps;
  }

  // ---- workers ----

  private onRegisterWorker(m: MessageOf<"RegisterWorker">, connectionId: number): void {
    const problem = checkRpcAddress(m, "the worker's address") ?? (Number.isInteger(m.cores) && m.cores >= 1 && Number.isInteger(m.memoryMB) && m.memoryMB >= 1 ? undefined : "cores and memoryMB must be integers >= 1");
    if (problem) {
      this.ctx.log.warn(`Refusing to register worker ${m.id}: ${problem}`);
      return;
    }
    this.ctx.log.info(`Registering worker ${hostPort(m)} with ${m.cores} cores, ${m.memoryMB} MiB RAM`);
    const endpoint = this.ctx.rpcEnv.endpointRef(m, WORKER_ENDPOINT_NAME);
    if (this.idToWorker.has(m.id)) {
      endpoint.send({ type: "RegisterWorkerFailed", message: "Duplicate worker ID" });
      return;
    }
    const desc: PersistedWorker = { id: m.id, host: m.host, port: m.port, cores: m.cores, memoryMB: m.memoryMB, webUiUrl: m.webUiUrl, workDir: m.workDir };
    const worker = new WorkerInfo(desc, endpoint, this.clock.getTimeMillis());
    if (!this.registerWorker(worker)) {
      this.ctx.log.warn(`Worker registration failed. Attempted to re-register worker at same address: ${worker.hostPort}`);
      endpoint.send({ type: "RegisterWorkerFailed", message: `Attempted to re-register worker at same address: ${worker.hostPort}` });
      return;
    }
    worker.connectionId = connectionId;
    this.ctx.persistence.addWorker(desc);
    endpoint.send({ type: "RegisteredWorker", masterUrl: this.masterUrl, masterWebUiUrl: this.ctx.webUiUrl });
    this.schedule();
  }

  private registerWorker(worker: WorkerInfo): boolean {
    // Dead workers at the same address (earlier lives of this one) make way.
    for (const w of this.workers) {
      if (w.state === "DEAD" && w.hostPort === worker.hostPort) this.workers.delete(w);
    }
    const old = this.addressToWorker.get(worker.hostPort);
    if (old) {
      // One still UNKNOWN to a recovering master was restarted meanwhile: the new one replaces it.
      if (old.state !== "UNKNOWN") return false;
      this.removeWorker(old, "Worker replaced by a new worker with same address");
    }
    this.workers.add(worker);
    this.idToWorker.set(worker.id, worker);
    this.addressToWorker.set(worker.hostPort, worker);
    return true;
  }

  private onHeartbeat(workerId: string, connectionId: number): void {
    const worker = this.idToWorker.get(workerId);
    if (worker) {
      worker.lastHeartbeat = this.clock.getTimeMillis();
      worker.connectionId = connectionId;
      return;
    }
    const dead = [...this.workers].find((w) => w.id === workerId);
    if (dead) {
      this.ctx.log.warn(`Got heartbeat from unregistered worker ${workerId}. Asking it to re-register.`);
      dead.endpoint.send({ type: "ReconnectWorker", masterUrl: this.masterUrl });
    } else {
      this.ctx.log.warn(`Got heartbeat from unregistered worker ${workerId}. This worker was never registered, so ignoring the heartbeat.`);
    }
  }

  /** A worker that registered again lists what it runs; executors this master no longer knows are killed. */
  private onWorkerLatestState(m: MessageOf<"WorkerLatestState">): void {
    const worker = this.idToWorker.get(m.id);
    if (!worker) {
      this.ctx.log.warn(`Worker state from unknown worker: ${m.id}`);
      return;
    }
    for (const exec of m.executors) {
      if (typeof exec?.appId !== "string" || typeof exec.execId !== "number") continue;
      if (!worker.executors.has(`${exec.appId}/${exec.execId}`)) {
        worker.endpoint.send({ type: "KillExecutor", appId: exec.appId, execId: exec.execId });
      }
    }
  }

  private removeWorker(worker: WorkerInfo, reason: string): void {
    this.ctx.log.info(`Removing worker ${worker.id} on ${worker.hostPort}: ${reason}`);
    worker.state = "DEAD";
    this.idToWorker.delete(worker.id);
    this.addressToWorker.delete(worker.hostPort);
    for (const exec of worker.executors.values()) {
      this.ctx.log.info(`Telling app of lost executor: ${exec.id}`);
      exec.application.driver.send({ type: "ExecutorUpdated", execId: exec.id, state: "LOST", message: "worker lost", exitStatus: null, workerHost: worker.host });
      exec.state = "LOST";
      exec.application.removeExecutor(exec);
    }
    this.ctx.persistence.removeWorker(worker.id);
    this.schedule();
  }

  /** Spark's timeOutDeadWorkers: silent for spark.worker.timeout is lost; dead for long enough is forgotten. */
  private timeOutDeadWorkers(): void {
    const now = this.clock.getTimeMillis();
    for (const worker of [...this.workers]) {
      if (worker.lastHeartbeat >= now - this.workerTimeoutMs) continue;
      if (worker.state !== "DEAD") {
        const seconds = this.workerTimeoutMs / 1000;
        this.ctx.log.warn(`Removing ${worker.id} because we got no heartbeat in ${seconds} seconds`);
        this.removeWorker(worker, `Not receiving heartbeat for ${seconds} seconds`);
      } else if (worker.lastHeartbeat < now - (this.reaperIterations + 1) * this.workerTimeoutMs) {
        this.workers.delete(worker);
      }
    }
  }

  // ---- applications ----

  private onRegisterApplication(m: MessageOf<"RegisterApplication">, connectionId: number): void {
    const problem = checkRpcAddress(m.driver, "driver") ?? checkApplicationDescription(m.appDesc);
    if (problem) {
      this.ctx.log.warn(`Refusing to register an application: ${problem}`);
      if (!checkRpcAddress(m.driver, "driver")) {
        this.ctx.rpcEnv.endpointRef(m.driver, APP_CLIENT_ENDPOINT_NAME).send({ type: "ApplicationRemoved", message: `Application refused by the master: ${problem}` });
      }
      return;
    }
    const existing = this.addressToApp.get(hostPort(m.driver));
    if (existing) {
      // A driver retrying its registration gets the id it already has.
      this.ctx.log.info(`Attempted to re-register application at same address: ${hostPort(m.driver)}`);
      existing.driver.send({ type: "RegisteredApplication", appId: existing.id, masterUrl: this.masterUrl });
      return;
    }
    this.ctx.log.info(`Registering app ${m.appDesc.name}`);
    const now = this.clock.getTimeMillis();
    const saved: PersistedApplication = { id: this.newApplicationId(now), desc: m.appDesc, driver: { host: m.driver.host, port: m.driver.port }, startTime: now };
    const app = new ApplicationInfo(saved, this.ctx.rpcEnv.endpointRef(saved.driver, APP_CLIENT_ENDPOINT_NAME), this.defaultCores);
    app.connectionId = connectionId;
    this.registerApplication(app);
    this.ctx.log.info(`Registered app ${m.appDesc.name} with ID ${app.id}`);
    this.ctx.persistence.addApplication(saved);
    app.driver.send({ type: "RegisteredApplication", appId: app.id, masterUrl: this.masterUrl });
    this.schedule();
  }

  private newApplicationId(now: number): string {
    return `app-${idTimestamp(now)}-${String(this.nextAppNumber++).padStart(4, "0")}`;
  }

  private registerApplication(app: ApplicationInfo): void {
    this.apps.add(app);
    this.idToApp.set(app.id, app);
    this.addressToApp.set(hostPort(app.saved.driver), app);
  }

  private finishApplication(app: ApplicationInfo): void {
    this.removeApplication(app, "FINISHED");
  }

  private removeApplication(app: ApplicationInfo, state: ApplicationState): void {
    if (!this.apps.delete(app)) return;
    this.ctx.log.info(`Removing app ${app.id}`);
    this.idToApp.delete(app.id);
    this.addressToApp.delete(hostPort(app.saved.driver));
    this.completedApps.push(app);
    if (this.completedApps.length > this.retainedApplications) {
      this.completedApps.splice(0, Math.max(Math.floor(this.retainedApplications / 10), 1));
    }
    for (const exec of app.executors.values()) this.killExecutor(exec);
    app.markFinished(state, this.clock.getTimeMillis());
    if (state !== "FINISHED") app.driver.send({ type: "ApplicationRemoved", message: state });
    this.ctx.persistence.removeApplication(app.id);
    this.schedule();
    // Every worker, not just those running it: one that ran it earlier cleans up too.
    for (const worker of this.workers) worker.endpoint.send({ type: "ApplicationFinished", appId: app.id });
  }

  private killExecutor(exec: ExecutorDesc): void {
    exec.worker.removeExecutor(exec);
    exec.worker.endpoint.send({ type: "KillExecutor", appId: exec.application.id, execId: exec.id });
    exec.state = "KILLED";
  }

  private onExecutorStateChanged(m: MessageOf<"ExecutorStateChanged">): void {
    const app = this.idToApp.get(m.appId);
    const exec = app?.executors.get(m.execId);
    if (!app || !exec) {
      this.ctx.log.warn(`Got status update for unknown executor ${m.appId}/${m.execId}`);
      return;
    }
    if (!isExecutorState(m.state)) {
      this.ctx.log.warn(`Executor ${exec.fullId} reported an unknown state '${String(m.state).slice(0, 32)}'; ignoring it`);
      return;
    }
    const oldState = exec.state;
    exec.state = m.state;
    if (m.state === "RUNNING") {
      if (oldState !== "LAUNCHING") this.ctx.log.warn(`executor ${m.execId} state transfer from ${oldState} to RUNNING is illegal`);
      app.resetRetryCount();
    }
    app.driver.send({ type: "ExecutorUpdated", execId: m.execId, state: m.state, message: m.message, exitStatus: m.exitStatus, workerHost: null });
    if (isFinished(m.state)) {
      this.ctx.log.info(`Removing executor ${exec.fullId} because it is ${m.state}`);
      app.removeExecutor(exec);
      exec.worker.removeExecutor(exec);
      const normalExit = m.exitStatus === 0;
      // Only so many failures in a row, so a broken application does not relaunch executors forever.
      if (!normalExit && app.incrementRetryCount() >= this.maxExecutorRetries && this.maxExecutorRetries >= 0) {
        if (![...app.executors.values()].some((e) => e.state === "RUNNING")) {
          this.ctx.log.error(`Application ${app.desc.name} with ID ${app.id} failed ${app.retries} times; removing it`);
          this.removeApplication(app, "FAILED");
        }
      }
    }
    this.schedule();
  }

  // ---- placement ----

  /** Places executors for every application that can take more, in registration order (Spark's schedule). */
  private schedule(): void {
    if (this.state !== "ALIVE") return;
    for (const app of this.apps) {
      const coresPerExecutor = app.desc.coresPerExecutor ?? 1;
      if (app.coresLeft < coresPerExecutor) continue;
      const usable = [...this.workers]
        .filter((w) => w.state === "ALIVE" && w.memoryFree >= app.desc.memoryPerExecutorMB && w.coresFree >= coresPerExecutor)
        .sort((a, b) => b.coresFree - a.coresFree);
      if (this.apps.size === 1 && app.executors.size === 0 && usable.length === 0) {
        this.ctx.log.warn(`App ${app.id} requires more resource than any of Workers could have.`);
      }
      const assigned = scheduleExecutorsOnWorkers({ coresLeft: app.coresLeft, coresPerExecutor: app.desc.coresPerExecutor, memoryPerExecutorMB: app.desc.memoryPerExecutorMB }, usable, this.spreadOut);
      usable.forEach((worker, pos) => {
        if (assigned[pos]! > 0) this.allocateWorkerResourceToExecutors(app, assigned[pos]!, worker);
      });
    }
  }

  private allocateWorkerResourceToExecutors(app: ApplicationInfo, assignedCores: number, worker: WorkerInfo): void {
    const perExecutor = app.desc.coresPerExecutor;
    const count = perExecutor === null ? 1 : Math.floor(assignedCores / perExecutor);
    for (let i = 0; i < count; i++) {
      const exec = app.addExecutor(worker, perExecutor ?? assignedCores, app.desc.memoryPerExecutorMB);
      this.launchExecutor(worker, exec);
      app.state = "RUNNING";
    }
  }

  private launchExecutor(worker: WorkerInfo, exec: ExecutorDesc): void {
    this.ctx.log.info(`Launching executor ${exec.fullId} on worker ${worker.id}`);
    worker.addExecutor(exec);
    worker.endpoint.send({ type: "LaunchExecutor", appId: exec.application.id, execId: exec.id, appDesc: exec.application.desc, cores: exec.cores, memoryMB: exec.memoryMB });
    exec.application.driver.send({ type: "ExecutorAdded", execId: exec.id, workerId: worker.id, host: worker.host, cores: exec.cores, memoryMB: exec.memoryMB });
  }

  // ---- recovery ----

  private beginRecovery(apps: readonly PersistedApplication[], workers: readonly PersistedWorker[]): void {
    const changed = { type: "MasterChanged", masterUrl: this.masterUrl, masterAddress: this.ctx.rpcEnv.address } as const;
    for (const saved of apps) {
      this.ctx.log.info(`Trying to recover app: ${saved.id}`);
      const app = new ApplicationInfo(saved, this.ctx.rpcEnv.endpointRef(saved.driver, APP_CLIENT_ENDPOINT_NAME), this.defaultCores);
      this.registerApplication(app);
      app.state = "UNKNOWN";
      this.nextAppNumber = Math.max(this.nextAppNumber, Number(/-(\d+)$/.exec(saved.id)?.[1] ?? -1) + 1);
      app.driver.send(changed);
    }
    for (const desc of workers) {
      this.ctx.log.info(`Trying to recover worker: ${desc.id}`);
      const worker = new WorkerInfo(desc, this.ctx.rpcEnv.endpointRef(desc, WORKER_ENDPOINT_NAME), this.clock.getTimeMillis());
      this.registerWorker(worker);
      worker.state = "UNKNOWN";
      worker.endpoint.send(changed);
    }
  }

  private onWorkerSchedulerStateResponse(m: MessageOf<"WorkerSchedulerStateResponse">, connectionId: number): void {
    const worker = this.idToWorker.get(m.id);
    if (!worker) {
      this.ctx.log.warn(`Scheduler state from unknown worker: ${m.id}`);
    } else {
      this.ctx.log.info(`Worker has been re-registered: ${m.id}`);
      worker.state = "ALIVE";
      worker.connectionId = connectionId;
      worker.lastHeartbeat = this.clock.getTimeMillis();
      for (const e of m.executors) {
        const app = typeof e?.appId === "string" ? this.idToApp.get(e.appId) : undefined;
        if (!app || !Number.isInteger(e.execId) || !Number.isInteger(e.cores) || !Number.isInteger(e.memoryMB)) continue;
        const exec = app.addExecutor(worker, e.cores, e.memoryMB, e.execId);
        worker.addExecutor(exec);
        exec.state = "RUNNING";
      }
    }
    if (this.canCompleteRecovery()) this.completeRecovery();
  }

  private onMasterChangeAcknowledged(appId: string, connectionId: number): void {
    const app = this.idToApp.get(appId);
    if (app) {
      this.ctx.log.info(`Application has been re-registered: ${appId}`);
      app.state = "WAITING";
      app.connectionId = connectionId;
    } else {
      this.ctx.log.warn(`Master change ack from unknown app: ${appId}`);
    }
    if (this.canCompleteRecovery()) this.completeRecovery();
  }

  private canCompleteRecovery(): boolean {
    return ![...this.workers].some((w) => w.state === "UNKNOWN") && ![...this.apps].some((a) => a.state === "UNKNOWN");
  }

  /** Drops the workers and applications that did not answer, and resumes placing executors. */
  private completeRecovery(): void {
    if (this.state !== "RECOVERING") return;
    this.state = "COMPLETING_RECOVERY";
    for (const worker of [...this.workers]) {
      if (worker.state === "UNKNOWN") this.removeWorker(worker, "Not responding for recovery");
    }
    for (const app of [...this.apps]) {
      if (app.state === "UNKNOWN") this.finishApplication(app);
    }
    for (const app of this.apps) {
      if (app.state === "WAITING") app.state = "RUNNING";
    }
    this.state = "ALIVE";
    this.schedule();
    this.ctx.log.info("Recovery complete - resuming operations!");
  }
}

