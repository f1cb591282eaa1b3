/**
 * An executor process of a cluster (Spark's CoarseGrainedExecutorBackend), started by a worker:
 *
 *   node CoarseGrainedExecutorBackend.js --driver-url HOST:PORT --executor-id ID --app-id APP --hostname HOST
 *     --cores N --memory-mb M --work-dir DIR [--worker-url HOST:PORT]
 *
 * with the application's settings as JSON in KINDLING_EXECUTOR_CONF and the cluster's secret, when it has one,
 * in _SPARK_AUTH_SECRET. It loads the application's code, registers with the driver, runs the tasks the driver
 * sends on worker-thread slots, serves its shuffle output to other executors, and heartbeats. It exits when
 * told to, when the driver goes away, and when the worker that started it dies.
 */
import { fstatSync, rmSync } from "node:fs";
import { deserialize } from "node:v8";
import { pathToFileURL } from "node:url";
import type { MapStatus } from "../core/scheduler/MapStatus.js";
import type { TaskDescription } from "../core/scheduler/Task.js";
import type { TaskOutcome } from "../core/scheduler/TaskRunner.js";
import type { Message, MessageOf, SparkAppConfig } from "../rpc/Messages.js";
import type { RpcCallContext, RpcEndpoint, RpcEndpointRef } from "../rpc/RpcEnv.js";
import type { ExecutorBackend } from "./ExecutorBackend.js";
import type { ExecutorArguments } from "./ExecutorArguments.js";
import { SparkConf } from "../core/SparkConf.js";
import {
  EXECUTOR_HEARTBEAT_MAX_FAILURES, EXECUTOR_MEMORY, HEARTBEAT_INTERVAL, MEMORY_FRACTION, MEMORY_STORAGE_FRACTION,
  NETWORK_TIMEOUT, SPILL_FORCE_THRESHOLD,
} from "../core/config.js";
import { readMapOutput } from "../core/shuffle/ShuffleFiles.js";
import { RpcEnv } from "../rpc/RpcEnv.js";
import { hostPort } from "../rpc/RpcAddress.js";
import { Executor } from "./Executor.js";
import { loadApplication } from "./ApplicationFiles.js";
import { parseExecutorArguments } from "./ExecutorArguments.js";
import { unifiedMemory } from "./UnifiedMemory.js";
import { rpcEnvConfig } from "./RpcSettings.js";

/** The environment variables a worker passes an executor. */
export const EXECUTOR_CONF_ENV = "KINDLING_EXECUTOR_CONF";
export const AUTH_SECRET_ENV = "_SPARK_AUTH_SECRET";

export class CoarseGrainedExecutorBackend implements ExecutorBackend, RpcEndpoint {
  private readonly executor: Executor;
  /** Tasks launched and not yet ended: what a heartbeat reports. */
  private readonly running = new Map<number, { readonly stageId: number; readonly stageAttemptId: number }>();
  private readonly timeoutMs: number;
  private heartbeatFailures = 0;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private stopping = false;

  private constructor(
    private readonly args: ExecutorArguments,
    private readonly conf: SparkConf,
    private readonly rpcEnv: RpcEnv,
    private readonly driver: RpcEndpointRef,
    private readonly exit: (code: number) => void,
  ) {
    this.timeoutMs = conf.getEntry(NETWORK_TIMEOUT);
    this.executor = new Executor({
      executorId: args.executorId,
      host: rpcEnv.address.host,
      port: rpcEnv.address.port,
      cores: args.cores,
      localDir: args.workDir,
      unifiedMemoryBytes: unifiedMemory(args.memoryMb * 1024 * 1024, conf.getEntry(MEMORY_FRACTION), EXECUTOR_MEMORY.key),
      storageFraction: conf.getEntry(MEMORY_STORAGE_FRACTION),
      spillRecordThreshold: conf.getEntry(SPILL_FORCE_THRESHOLD),
    }, this);
  }

  /**
   * Starts an executor: its RpcEnv on `args.hostname`, the application's code, the "Executor" endpoint, then
   * registration with the driver. `exit` ends the process (a test may pass its own).
   */
  static async start(args: ExecutorArguments, conf: SparkConf, secret: string | undefined, exit: (code: number) => void): Promise<CoarseGrainedExecutorBackend> {
    const rpcEnv = await RpcEnv.create(rpcEnvConfig(conf, `executor-${args.executorId}`, args.hostname, 0, secret));
    try {
      const driver = rpcEnv.endpointRef(args.driverUrl, "CoarseGrainedScheduler");
      const timeoutMs = conf.getEntry(NETWORK_TIMEOUT);
      const appConfig = await driver.ask<SparkAppConfig>({ type: "RetrieveSparkAppConfig" }, timeoutMs);
      await loadApplication(appConfig, args.workDir, async (path) => driver.ask<Uint8Array>({ type: "FetchFile", path }, timeoutMs));
      const backend = new CoarseGrainedExecutorBackend(args, conf, rpcEnv, driver, exit);
      rpcEnv.setupEndpoint("Executor", backend);
      await backend.register();
      return backend;
    } catch (e) {
      await rpcEnv.shutdown();
      throw e;
    }
  }

  private async register(): Promise<void> {
    const reply = await this.driver.ask<Message>({
      type: "RegisterExecutor",
      executorId: this.args.executorId,
      host: this.rpcEnv.address.host,
      port: this.rpcEnv.address.port,
      cores: this.args.cores,
      logUrls: {},
    }, this.timeoutMs);
    if (reply.type !== "RegisteredExecutor") {
      throw new Error(`Cannot register with driver ${hostPort(this.args.driverUrl)}: ${reply.type === "RegisterExecutorFailed" ? reply.message : `it answered ${reply.type}`}`);
    }
    this.driver.onDisconnected(() => void this.shutdown(1, `Driver ${hostPort(this.args.driverUrl)} disassociated! Shutting down.`));
    this.heartbeatTimer = setInterval(() => void this.heartbeat(), this.conf.getEntry(HEARTBEAT_INTERVAL));
  }

  // ---- the "Executor" endpoint ----

  receive(message: Message, ctx: RpcCallContext): void {
    switch (message.type) {
      case "LaunchTask": {
        const task: unknown = deserialize(message.task);
        if (!isTaskDescription(task)) throw new Error(`Executor ${this.args.executorId} was sent a LaunchTask that holds no task`);
        this.running.set(task.taskId, { stageId: task.stageId, stageAttemptId: task.stageAttemptId });
        this.executor.launchTask(task);
        return;
      }
      case "KillTask":
        this.executor.killTask(message.taskId, message.reason);
        return;
      case "RemoveRdd":
        this.executor.blockManager.removeRdd(message.rddId);
        ctx.reply({ type: "Ack" });
        return;
      case "RemoveBroadcast":
        this.executor.removeBroadcast(message.id);
        return;
      case "StopExecutor":
        void this.shutdown(0, "Driver commanded a shutdown");
        return;
      case "FetchShuffleBlocks":
        ctx.reply(this.serveShuffleBlocks(message));
        return;
      default:
        ctx.reply({ type: "ReplyError", message: `Executor ${this.args.executorId} does not handle ${message.type}` });
    }
  }

  /** Another executor's reduce task reads partitions of a map output written here. */
  private serveShuffleBlocks(m: MessageOf<"FetchShuffleBlocks">): Message {
    const own = this.executor.blockManagerId.shuffleDir;
    if (m.shuffleDir !== own) {
      return { type: "ReplyError", message: `Executor ${this.args.executorId} keeps its shuffle files in ${own}, not ${m.shuffleDir}` };
    }
    if (![m.shuffleId, m.mapId, m.startPartition, m.endPartition].every((n) => Number.isSafeInteger(n) && n >= 0) || m.startPartition > m.endPartition) {
      return { type: "ReplyError", message: `Invalid partition range [${m.startPartition}, ${m.endPartition}) of map ${m.mapId}` };
    }
    try {
      return { type: "Reply", value: readMapOutput(own, m.shuffleId, m.mapId, m.startPartition, m.endPartition) };
    } catch (e) {
      return { type: "ReplyError", message: `Executor ${this.args.executorId} has no output of shuffle ${m.shuffleId} map ${m.mapId}: ${(e as Error).message}` };
    }
  }

  // ---- ExecutorBackend: the executor talks to its driver over RPC ----

  statusUpdate(taskId: number, outcome: TaskOutcome): void {
    this.running.delete(taskId);
    this.driver.send({ type: "StatusUpdate", executorId: this.args.executorId, taskId, outcome });
  }

  getMapStatuses(shuffleId: number): Promise<readonly (MapStatus | null)[]> {
    return this.driver.ask({ type: "GetMapOutputStatuses", shuffleId }, this.timeoutMs);
  }

  async getBroadcast(id: number): Promise<Buffer> {
    return Buffer.from(await this.driver.ask<Uint8Array>({ type: "GetBroadcast", id }, this.timeoutMs));
  }

  updateBlockInfo(blockId: string, stored: boolean): void {
    this.driver.send({ type: "UpdateBlockInfo", executorId: this.args.executorId, blockId, stored });
  }

  async fetchShuffleBlocks(status: MapStatus, shuffleId: number, start: number, end: number): Promise<Buffer> {
    const holder = this.rpcEnv.endpointRef({ host: status.location.host, port: status.location.port }, "Executor");
    const bytes = await holder.ask<Uint8Array>({
      type: "FetchShuffleBlocks", shuffleId, mapId: status.mapId, startPartition: start, endPartition: end, shuffleDir: status.location.shuffleDir,
    }, this.timeoutMs);
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  // ---- liveness ----

  /** Tells the driver this executor lives and what runs here; too many failures in a row end the executor. */
  private async heartbeat(): Promise<void> {
    const accumUpdates = [...this.running].map(([taskId, t]) => [taskId, t.stageId, t.stageAttemptId, []] as const);
    try {
      const reply = await this.driver.ask<Message>({ type: "ExecutorHeartbeat", executorId: this.args.executorId, accumUpdates }, this.timeoutMs);
      this.heartbeatFailures = 0;
      if (reply.type === "HeartbeatResponse" && reply.reregisterBlockManager) {
        void this.shutdown(1, `Driver ${hostPort(this.args.driverUrl)} no longer knows executor ${this.args.executorId} (it was removed); exiting`);
      }
    } catch (e) {
      this.heartbeatFailures++;
      const max = this.conf.getEntry(EXECUTOR_HEARTBEAT_MAX_FAILURES);
      console.error(`Issue communicating with driver in heartbeater (${this.heartbeatFailures} of ${max}): ${(e as Error).message}`);
      if (this.heartbeatFailures >= max) void this.shutdown(56, `Exit as unable to send heartbeats to driver more than ${max} times`);
    }
  }

  /** Stops the task slots, removes this executor's shuffle files, closes its connections, and exits. */
  async shutdown(code: number, reason: string): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    console.error(reason);
    clearInterval(this.heartbeatTimer);
    await this.executor.stop();
    rmSync(this.executor.blockManagerId.shuffleDir, { recursive: true, force: true });
    await this.rpcEnv.shutdown();
    this.exit(code);
  }
}

/** The shape the driver's LaunchTask carries; anything else is refused before a slot is given to it. */
function isTaskDescription(value: unknown): value is TaskDescription {
  const t = value as Partial<TaskDescription> | null;
  return typeof t === "object" && t !== null && [t.taskId, t.stageId, t.stageAttemptId, t.cpus].every((n) => Number.isSafeInteger(n)) &&
    t.binary instanceof Uint8Array && typeof t.partition === "object" && t.partition !== null;
}

/**
 * The worker holds the other end of this process's stdin pipe and never writes to it: end-of-file there means
 * the worker is gone (even by SIGKILL, which lets it kill nothing), and an orphaned executor exits, whether it
 * is still starting or already running tasks.
 */
function watchWorker(onGone: () => void): void {
  const stdin = fstatSync(0);
  if (!stdin.isFIFO() && !stdin.isSocket()) return;
  process.stdin.on("end", onGone);
  process.stdin.resume();
}

async function main(argv: readonly string[]): Promise<void> {
  const args = parseExecutorArguments(argv);
  let backend: CoarseGrainedExecutorBackend | undefined;
  watchWorker(() => {
    const reason = `The worker${args.workerUrl ? ` at ${hostPort(args.workerUrl)}` : ""} that started executor ${args.executorId} is gone (its pipe closed); exiting`;
    if (backend) void backend.shutdown(1, reason);
    else {
      console.error(reason);
      process.exit(1);
    }
  });
  const raw = process.env[EXECUTOR_CONF_ENV];
  const settings = raw === undefined ? {} : (JSON.parse(raw) as Record<string, string>);
  const conf = new SparkConf(Object.entries(settings));
  conf.validate();
  backend = await CoarseGrainedExecutorBackend.start(args, conf, process.env[AUTH_SECRET_ENV], (code) => process.exit(code));
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).catch((e) => {
    console.error(`Executor failed to start: ${(e as Error)?.stack ?? e}`);
    process.exit(1);
  });
}
