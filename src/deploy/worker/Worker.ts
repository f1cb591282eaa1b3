import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { SparkConf } from "../../core/SparkConf.js";
import type { ExecutorState, Message, MessageOf, RpcAddress } from "../../rpc/Messages.js";
import type { RpcCallContext, RpcEndpoint, RpcEndpointRef, RpcEnv } from "../../rpc/RpcEnv.js";
import type { Clock } from "../../util/Clock.js";
import type { Logger } from "../daemon/DaemonLog.js";
import { WORKER_TIMEOUT } from "../../core/config.js";
import { hostPort, parseSparkURL } from "../../rpc/RpcAddress.js";
import { SystemClock } from "../../util/Clock.js";
import { idTimestamp } from "../daemon/IdTimestamp.js";
import { checkApplicationDescription } from "../master/ApplicationDescriptionCheck.js";
import { MASTER_ENDPOINT_NAME } from "../master/EndpointNames.js";
import { isFinished } from "../master/ExecutorDesc.js";
import { executorCommand } from "./ExecutorCommand.js";
import { ExecutorRunner } from "./ExecutorRunner.js";

export interface WorkerContext {
  /** Where the worker sends to masters; `address` is its own server, which it registers. */
  readonly rpcEnv: Pick<RpcEnv, "endpointRef" | "address">;
  /** The masters of its `spark://h1:p1,h2:p2` URL, tried in turn. */
  readonly masters: readonly RpcAddress[];
  readonly conf: SparkConf;
  readonly cores: number;
  readonly memoryMB: number;
  readonly workDir: string;
  readonly webUiUrl: string;
  readonly log: Logger;
  /** The executor program (CoarseGrainedExecutorBackend.js; tests put a stand-in here). */
  readonly executorEntry: string;
  /** Passed to executors when the cluster authenticates. */
  readonly secret: string | undefined;
  /** The worker gives up (its registration refused, or no master answering): its owner stops it and exits with this code. */
  readonly exit: (code: number) => void;
  readonly clock?: Clock;
}

/** Spark's registration schedule: 6 tries about 10s apart, then 10 more about a minute apart, each interval fuzzed. */
const INITIAL_REGISTRATION_RETRIES = 6;
const TOTAL_REGISTRATION_RETRIES = INITIAL_REGISTRATION_RETRIES + 10;
/** Spark's ExecutorRunner gives a SIGTERMed executor 10s before it kills it. */
const EXECUTOR_TERMINATE_TIMEOUT_MS = 10_000;
/** spark.worker.ui.retainedExecutors' default: finished executors the UI lists. */
const RETAINED_FINISHED_EXECUTORS = 1000;
/** An app id names a directory under the work dir: nothing that could reach outside it. */
const SAFE_APP_ID = /^(?!\.{1,2}$)[A-Za-z0-9._-]{1,200}$/;

/**
 * A standalone worker (Spark's Worker): registers with a master (retrying across the master URLs), heartbeats
 * every quarter of spark.worker.timeout, starts and kills executor processes as the master says and reports
 * how each ends. When its master's connection drops it registers again; a master that restarted tells it so
 * (MasterChanged) and hears back what it runs. Like the master, it changes state only in `receive` and in
 * timer and process callbacks, each run to completion.
 */
export class Worker implements RpcEndpoint {
  readonly workerId: string;
  private readonly executors = new Map<string, ExecutorRunner>();
  private readonly finishedExecutors: ExecutorRunner[] = [];
  private coresUsed = 0;
  private memoryUsed = 0;
  /** Registered with some master at least once: a refusal after that is not fatal. */
  private everRegistered = false;
  private registered = false;
  private connected = false;
  private activeMaster: RpcEndpointRef | undefined;
  private activeMasterUrl = "";
  private activeMasterWebUiUrl = "";
  private readonly watchedMasters = new Set<string>();
  private registrationRetryTimer: NodeJS.Timeout | undefined;
  private connectionAttemptCount = 0;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private readonly fuzz = 0.5 + Math.random();
  private stopping: Promise<void> | undefined;
  private readonly heartbeatMs: number;

  constructor(private readonly ctx: WorkerContext) {
    const clock = ctx.clock ?? new SystemClock();
    const address = ctx.rpcEnv.address;
    this.workerId = `worker-${idTimestamp(clock.getTimeMillis())}-${address.host}-${address.port}`;
    this.heartbeatMs = (ctx.conf.getEntry(WORKER_TIMEOUT) * 1000) / 4;
  }

  start(): void {
    this.ctx.log.info(`Starting Spark worker ${hostPort(this.ctx.rpcEnv.address)} with ${this.ctx.cores} cores, ${this.ctx.memoryMB} MiB RAM`);
    mkdirSync(this.ctx.workDir, { recursive: true });
    this.registerWithMaster();
  }

  /** Kills every executor (SIGTERM, then SIGKILL after a grace) and stops talking to masters. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.cancelRegistrationRetry();
      clearInterval(this.heartbeatTimer);
      await Promise.all([...this.executors.values()].map((runner) => runner.kill("Worker shutting down")));
    })();
    return this.stopping;
  }

  receive(message: Message, _call: RpcCallContext): void {
    if (this.stopping) return;
    switch (message.type) {
      case "RegisteredWorker":
        return this.onRegistered(message);
      case "RegisterWorkerFailed":
        if (!this.everRegistered) {
          this.ctx.log.error(`Worker registration failed: ${message.message}`);
          this.ctx.exit(1);
        } else {
          this.ctx.log.warn(`A master refused this worker's registration: ${message.message}`);
        }
        return;
      case "ReconnectWorker":
        this.ctx.log.info(`Master with url ${message.masterUrl} requested this worker to reconnect.`);
        return this.registerWithMaster();
      case "MasterChanged":
        return this.onMasterChanged(message);
      case "LaunchExecutor":
        return this.launchExecutor(message);
      case "KillExecutor": {
        const runner = this.executors.get(`${message.appId}/${message.execId}`);
        if (runner) {
          this.ctx.log.info(`Asked to kill executor ${runner.fullId}`);
          void runner.kill("Killed by the master");
        } else {
          this.ctx.log.info(`Asked to kill unknown executor ${message.appId}/${message.execId}`);
        }
        return;
      }
      case "ApplicationFinished": {
        this.ctx.log.info(`Application ${message.appId} finished; killing its executors`);
        for (const runner of this.executors.values()) {
          if (runner.appId === message.appId) void runner.kill(`Application ${message.appId} finished`);
        }
        return;
      }
      default:
        this.ctx.log.warn(`Worker received a message it does not handle: ${message.type}`);
    }
  }

  // ---- what the UI shows ----

  get state(): {
    readonly masterUrl: string; readonly masterWebUiUrl: string; readonly cores: number; readonly coresUsed: number;
    readonly memoryMB: number; readonly memoryUsed: number; readonly executors: readonly ExecutorRunner[]; readonly finishedExecutors: readonly ExecutorRunner[];
  } {
    return {
      masterUrl: this.activeMasterUrl,
      masterWebUiUrl: this.activeMasterWebUiUrl,
      cores: this.ctx.cores,
      coresUsed: this.coresUsed,
      memoryMB: this.ctx.memoryMB,
      memoryUsed: this.memoryUsed,
      executors: [...this.executors.values()],
      finishedExecutors: this.finishedExecutors,
    };
  }

  // ---- registration ----

  private masterRef(address: RpcAddress): RpcEndpointRef {
    const ref = this.ctx.rpcEnv.endpointRef(address, MASTER_ENDPOINT_NAME);
    const key = hostPort(address);
    if (!this.watchedMasters.has(key)) {
      this.watchedMasters.add(key);
      ref.onDisconnected(() => {
        if (this.activeMaster && hostPort(this.activeMaster.address) === key) this.masterDisconnected();
      });
    }
    return ref;
  }

  private registerMessage(): Message {
    const { host, port } = this.ctx.rpcEnv.address;
    return { type: "RegisterWorker", id: this.workerId, host, port, cores: this.ctx.cores, memoryMB: this.ctx.memoryMB, webUiUrl: this.ctx.webUiUrl, workDir: this.ctx.workDir };
  }

  /**
   * Every master of the URL is asked, not only the last active one: without ZooKeeper there is no standby to
   * take over, so whichever master is up (restarted, with FILESYSTEM recovery) is the one to find.
   */
  private tryRegisterAllMasters(): void {
    for (const address of this.ctx.masters) {
      this.ctx.log.info(`Connecting to master ${hostPort(address)}...`);
      this.masterRef(address).send(this.registerMessage());
    }
  }

  private registerWithMaster(): void {
    if (this.registrationRetryTimer) {
      this.ctx.log.info("Not spawning another attempt to register with the master, since there is an attempt scheduled already.");
      return;
    }
    this.registered = false;
    this.connectionAttemptCount = 0;
    this.tryRegisterAllMasters();
    this.scheduleRegistrationRetry();
  }

  /** The first tries come about 10s apart, later ones about a minute. */
  private scheduleRegistrationRetry(): void {
    const seconds = this.connectionAttemptCount < INITIAL_REGISTRATION_RETRIES ? 10 : 60;
    this.registrationRetryTimer = setTimeout(() => {
      this.registrationRetryTimer = undefined;
      this.reregisterWithMaster();
    }, Math.round(seconds * this.fuzz) * 1000);
  }

  private reregisterWithMaster(): void {
    this.connectionAttemptCount++;
    if (this.registered || this.stopping) return;
    if (this.connectionAttemptCount <= TOTAL_REGISTRATION_RETRIES) {
      this.ctx.log.info(`Retrying connection to master (attempt # ${this.connectionAttemptCount})`);
      this.tryRegisterAllMasters();
      this.scheduleRegistrationRetry();
    } else {
      this.ctx.log.error("All masters are unresponsive! Giving up.");
      this.ctx.exit(1);
    }
  }

  private cancelRegistrationRetry(): void {
    clearTimeout(this.registrationRetryTimer);
    this.registrationRetryTimer = undefined;
  }

  private changeMaster(url: string, address: RpcAddress, webUiUrl: string): void {
    this.activeMasterUrl = url;
    this.activeMasterWebUiUrl = webUiUrl;
    this.activeMaster = this.masterRef(address);
    this.connected = true;
    this.cancelRegistrationRetry();
    this.heartbeatTimer ??= setInterval(() => {
      if (this.connected) this.activeMaster!.send({ type: "Heartbeat", workerId: this.workerId });
    }, this.heartbeatMs);
  }

  private onRegistered(m: MessageOf<"RegisteredWorker">): void {
    if (this.connected && this.registered && m.masterUrl !== this.activeMasterUrl) {
      this.ctx.log.warn(`Ignoring registration by ${m.masterUrl}: this worker is registered with ${this.activeMasterUrl}`);
      return;
    }
    let address: RpcAddress;
    try {
      address = parseSparkURL(m.masterUrl)[0]!;
    } catch (e) {
      this.ctx.log.warn(`Ignoring registration by a master with an invalid URL: ${(e as Error).message}`);
      return;
    }
    this.ctx.log.info(`Successfully registered with master ${m.masterUrl}`);
    this.registered = true;
    this.everRegistered = true;
    this.changeMaster(m.masterUrl, address, m.masterWebUiUrl);
    this.activeMaster!.send({ type: "WorkerLatestState", id: this.workerId, executors: [...this.executors.values()].map((r) => ({ appId: r.appId, execId: r.execId })) });
  }

  private onMasterChanged(m: MessageOf<"MasterChanged">): void {
    this.ctx.log.info(`Master has changed, new master is at ${m.masterUrl}`);
    this.registered = true;
    this.everRegistered = true;
    this.changeMaster(m.masterUrl, { host: m.masterAddress.host, port: m.masterAddress.port }, this.activeMasterWebUiUrl);
    const executors = [...this.executors.values()].map((r) => ({ appId: r.appId, execId: r.execId, cores: r.spec.cores, memoryMB: r.spec.memoryMB }));
    this.activeMaster!.send({ type: "WorkerSchedulerStateResponse", id: this.workerId, executors });
  }

  private masterDisconnected(): void {
    if (this.stopping || !this.connected) return;
    this.ctx.log.error("Connection to master failed! Waiting for master to reconnect...");
    this.connected = false;
    this.registerWithMaster();
  }

  private sendToMaster(message: Message): void {
    if (this.connected && this.activeMaster) this.activeMaster.send(message);
    else this.ctx.log.warn(`Dropping ${message.type} because the connection to master has not yet been established`);
  }

  // ---- executors ----

  private launchExecutor(m: MessageOf<"LaunchExecutor">): void {
    const fullId = `${m.appId}/${m.execId}`;
    const problem = !SAFE_APP_ID.test(m.appId) ? `application id '${m.appId.slice(0, 64)}' is not a safe directory name`
      : !Number.isInteger(m.execId) || m.execId < 0 ? `executor id ${m.execId} is not an integer >= 0`
      : !Number.isInteger(m.cores) || m.cores < 1 || !Number.isInteger(m.memoryMB) || m.memoryMB < 1 ? "cores and memoryMB must be integers >= 1"
      : this.executors.has(fullId) ? `executor ${fullId} is already running here`
      : checkApplicationDescription(m.appDesc);
    if (problem) {
      this.ctx.log.warn(`Refusing to launch executor ${fullId}: ${problem}`);
      this.sendToMaster({ type: "ExecutorStateChanged", appId: m.appId, execId: m.execId, state: "FAILED", message: problem, exitStatus: null });
      return;
    }
    this.ctx.log.info(`Asked to launch executor ${fullId} for ${m.appDesc.name}`);
    const executorDir = join(this.ctx.workDir, m.appId, String(m.execId));
    const launch = { appId: m.appId, execId: m.execId, appDesc: m.appDesc, cores: m.cores, memoryMB: m.memoryMB, executorDir, host: this.ctx.rpcEnv.address.host, workerAddress: this.ctx.rpcEnv.address, secret: this.ctx.secret };
    const runner = new ExecutorRunner(
      { ...launch, command: executorCommand(launch, this.ctx.executorEntry), terminateTimeoutMs: EXECUTOR_TERMINATE_TIMEOUT_MS },
      (r, state, message, exitStatus) => this.onExecutorStateChanged(r, state, message, exitStatus),
    );
    this.executors.set(fullId, runner);
    this.coresUsed += m.cores;
    this.memoryUsed += m.memoryMB;
    try {
      mkdirSync(executorDir, { recursive: true });
      runner.start();
    } catch (e) {
      this.ctx.log.error(`Failed to launch executor ${fullId} for ${m.appDesc.name}.`, e);
      this.onExecutorStateChanged(runner, "FAILED", String(e), null);
    }
  }

  private onExecutorStateChanged(runner: ExecutorRunner, state: ExecutorState, message: string | null, exitStatus: number | null): void {
    this.sendToMaster({ type: "ExecutorStateChanged", appId: runner.appId, execId: runner.execId, state, message, exitStatus });
    if (!isFinished(state) || this.executors.get(runner.fullId) !== runner) return;
    this.ctx.log.info(`Executor ${runner.fullId} finished with state ${state}${message ? ` message ${message}` : ""}${exitStatus === null ? "" : ` exitStatus ${exitStatus}`}`);
    this.executors.delete(runner.fullId);
    this.coresUsed -= runner.spec.cores;
    this.memoryUsed -= runner.spec.memoryMB;
    this.finishedExecutors.push(runner);
    if (this.finishedExecutors.length > RETAINED_FINISHED_EXECUTORS) this.finishedExecutors.shift();
  }
}
