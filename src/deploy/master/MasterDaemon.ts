import { join, resolve } from "node:path";
import type { SparkConf } from "../../core/SparkConf.js";
import type { Daemon } from "../daemon/RunDaemon.js";
import type { PersistenceEngine } from "./PersistenceEngine.js";
import { DEPLOY_RECOVERY_DIRECTORY, DEPLOY_RECOVERY_MODE } from "../../core/config.js";
import { authSecret, rpcEnvConfig } from "../../executor/RpcSettings.js";
import { RpcEnv } from "../../rpc/RpcEnv.js";
import { IllegalArgumentException } from "../../util/SparkException.js";
import { DaemonLog } from "../daemon/DaemonLog.js";
import { JsonWebUI } from "../daemon/JsonWebUI.js";
import { MASTER_ENDPOINT_NAME } from "./EndpointNames.js";
import { FileSystemPersistenceEngine } from "./FileSystemPersistenceEngine.js";
import { Master } from "./Master.js";
import { masterStateJson } from "./MasterJson.js";
import { BlackHolePersistenceEngine } from "./PersistenceEngine.js";

export interface MasterArguments {
  readonly host: string;
  readonly port: number;
  readonly webUiPort: number;
  /** Where the master's log goes. */
  readonly workDir: string;
  readonly conf: SparkConf;
}

function persistenceEngine(conf: SparkConf): PersistenceEngine {
  if (conf.getEntry(DEPLOY_RECOVERY_MODE).toUpperCase() === "NONE") return new BlackHolePersistenceEngine();
  const dir = conf.getEntry(DEPLOY_RECOVERY_DIRECTORY);
  if (dir === "") {
    throw new IllegalArgumentException(`${DEPLOY_RECOVERY_MODE.key}=FILESYSTEM needs ${DEPLOY_RECOVERY_DIRECTORY.key}: the directory where the master keeps its workers and applications`);
  }
  return new FileSystemPersistenceEngine(resolve(dir));
}

/**
 * A master with its RPC server and web UI (Spark's Master.startRpcEnvAndEndpoint): bound to the host it is
 * given, logging to `<work-dir>/master-<host>-<port>.log`.
 */
export class MasterDaemon implements Daemon {
  private constructor(
    readonly master: Master,
    readonly rpcEnv: RpcEnv,
    readonly webUi: JsonWebUI,
  ) {}

  get url(): string {
    return this.master.masterUrl;
  }

  get startedLine(): string {
    return `Master started at ${this.url}`;
  }

  static async start(args: MasterArguments): Promise<MasterDaemon> {
    const persistence = persistenceEngine(args.conf);
    const secret = authSecret(args.conf);
    let master: Master | undefined;
    const webUi = await JsonWebUI.start("master", args.host, args.webUiPort, () => (master ? masterStateJson(master, Date.now()) : { status: "STARTING" }));
    let rpcEnv: RpcEnv;
    try {
      rpcEnv = await RpcEnv.create(rpcEnvConfig(args.conf, "master", args.host, args.port, secret));
    } catch (e) {
      await webUi.stop();
      throw e;
    }
    const log = new DaemonLog("Master", join(resolve(args.workDir), `master-${rpcEnv.address.host}-${rpcEnv.address.port}.log`));
    master = new Master({ rpcEnv, conf: args.conf, persistence, log, webUiUrl: webUi.url });
    rpcEnv.setupEndpoint(MASTER_ENDPOINT_NAME, master);
    master.start();
    log.info(`Master web UI at ${webUi.url}`);
    return new MasterDaemon(master, rpcEnv, webUi);
  }

  async stop(): Promise<void> {
    this.master.stop();
    await Promise.all([this.rpcEnv.shutdown(), this.webUi.stop()]);
  }
}
