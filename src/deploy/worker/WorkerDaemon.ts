import { join, resolve } from "node:path";
import type { SparkConf } from "../../core/SparkConf.js";
import type { RpcAddress } from "../../rpc/Messages.js";
import type { Daemon } from "../daemon/RunDaemon.js";
import { authSecret, rpcEnvConfig } from "../../executor/RpcSettings.js";
import { RpcEnv } from "../../rpc/RpcEnv.js";
import { toSparkURL } from "../../rpc/RpcAddress.js";
import { DaemonLog } from "../daemon/DaemonLog.js";
import { JsonWebUI } from "../daemon/JsonWebUI.js";
import { WORKER_ENDPOINT_NAME } from "../master/EndpointNames.js";
import { DEFAULT_EXECUTOR_ENTRY } from "./ExecutorCommand.js";
import { Worker } from "./Worker.js";
import { workerStateJson } from "./WorkerJson.js";

export interface WorkerArguments {
  readonly masters: readonly RpcAddress[];
  readonly host: string;
  readonly port: number;
  readonly webUiPort: number;
  readonly cores: number;
  readonly memoryMB: number;
  readonly workDir: string;
  readonly conf: SparkConf;
}

/**
 * Overrides the executor program a worker starts. Internal: tests point it at a stand-in executor so the
 * daemons can be tested without a driver.
 */
export const EXECUTOR_ENTRY_ENV = "KINDLING_EXECUTOR_ENTRY";

/**
 * A worker with its RPC server and web UI (Spark's Worker.startRpcEnvAndEndpoint): executors' directories and
 * the worker's log (`worker-<host>-<port>.log`) go under its work directory.
 */
export class WorkerDaemon implements Daemon {
  private constructor(
    readonly worker: Worker,
    readonly rpcEnv: RpcEnv,
    readonly webUi: JsonWebUI,
  ) {}

  get url(): string {
    return toSparkURL(this.rpcEnv.address);
  }

  get startedLine(): string {
    return `Worker started at ${this.url}`;
  }

  /** `exit` ends the process once the worker gave up (registration refused, no master answering) and stopped. */
  static async start(args: WorkerArguments, exit: (code: number) => void = (code) => process.exit(code)): Promise<WorkerDaemon> {
    const secret = authSecret(args.conf);
    const workDir = resolve(args.workDir);
    let worker: Worker | undefined;
    const webUi = await JsonWebUI.start("worker", args.host, args.webUiPort, () => (worker ? workerStateJson(worker) : {}));
    let rpcEnv: RpcEnv;
    try {
      rpcEnv = await RpcEnv.create(rpcEnvConfig(args.conf, "worker", args.host, args.port, secret));
    } catch (e) {
      await webUi.stop();
      throw e;
    }
    const log = new DaemonLog("Worker", join(workDir, `worker-${rpcEnv.address.host}-${rpcEnv.address.port}.log`));
    let daemon: WorkerDaemon | undefined;
    worker = new Worker({
      rpcEnv, masters: args.masters, conf: args.conf, cores: args.cores, memoryMB: args.memoryMB, workDir, webUiUrl: webUi.url, log,
      executorEntry: process.env[EXECUTOR_ENTRY_ENV] ?? DEFAULT_EXECUTOR_ENTRY, secret,
      exit: (code) => void daemon!.stop().finally(() => exit(code)),
    });
    daemon = new WorkerDaemon(worker, rpcEnv, webUi);
    rpcEnv.setupEndpoint(WORKER_ENDPOINT_NAME, worker);
    worker.start();
    return daemon;
  }

  async stop(): Promise<void> {
    await this.worker.stop();
    await Promise.all([this.rpcEnv.shutdown(), this.webUi.stop()]);
  }
}
