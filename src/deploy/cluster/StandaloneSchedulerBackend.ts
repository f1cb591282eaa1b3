import type { SparkEnv } from "../../core/SparkEnv.js";
import type { ApplicationDescription, RpcAddress } from "../../rpc/Messages.js";
import type { RpcEnv } from "../../rpc/RpcEnv.js";
import type { StandaloneAppClientListener } from "./StandaloneAppClient.js";
import type { LocalSparkCluster } from "./LocalSparkCluster.js";
import {
  APP_NAME, AUTHENTICATE_SECRET, CORES_MAX, EXECUTOR_CORES, EXECUTOR_MEMORY, MAX_REGISTERED_RESOURCES_WAITING_TIME,
  MIN_REGISTERED_RESOURCES_RATIO,
} from "../../core/config.js";
import { SparkContext } from "../../core/SparkContext.js";
import { parseSparkURL } from "../../rpc/RpcAddress.js";
import { SparkException } from "../../util/SparkException.js";
import { CoarseGrainedSchedulerBackend } from "./CoarseGrainedSchedulerBackend.js";
import { StandaloneAppClient } from "./StandaloneAppClient.js";

/** Spark's executor exit code for "could not heartbeat to the driver": the executor's fault, not its tasks'. */
const HEARTBEAT_FAILURE_EXIT = 56;

/**
 * `spark://host:port[,host2:port2]` (Spark's StandaloneSchedulerBackend): registers the application with the
 * master, which starts executors on its workers; they register back here. With a LocalSparkCluster it is
 * `local-cluster[W,C,M]`: the cluster is started first and stopped with the application.
 */
export class StandaloneSchedulerBackend extends CoarseGrainedSchedulerBackend implements StandaloneAppClientListener {
  private client: StandaloneAppClient | undefined;
  private readonly provisionalId = `spark-application-${Date.now()}`;

  /** `masters` undefined: they are the local cluster's, known once it has started. */
  constructor(env: SparkEnv, private readonly masters: readonly RpcAddress[] | undefined, private readonly localCluster?: LocalSparkCluster, driverHost?: string) {
    super(env, driverHost);
  }

  /** The master's id for the application (as executors' directories are named); a provisional one until it answers. */
  get applicationId(): string {
    return this.client?.appId ?? this.provisionalId;
  }

  protected async startCluster(rpcEnv: RpcEnv): Promise<void> {
    const masters = this.masters ?? parseSparkURL(await this.localCluster!.start());
    if (this.isStopped) throw new SparkException("The SparkContext was stopped while its local cluster started");
    this.client = new StandaloneAppClient(rpcEnv, masters, this.applicationDescription(rpcEnv), this);
    const appId = await this.client.start();
    this.env.conf.set("spark.app.id", appId);
  }

  private applicationDescription(rpcEnv: RpcEnv): ApplicationDescription {
    const conf = this.env.conf;
    return {
      name: conf.get(APP_NAME.key),
      maxCores: conf.getEntry(CORES_MAX) ?? null,
      memoryPerExecutorMB: Math.floor(conf.getEntry(EXECUTOR_MEMORY) / (1024 * 1024)),
      coresPerExecutor: conf.getEntry(EXECUTOR_CORES) ?? null,
      driverUrl: rpcEnv.address,
      files: this.sparkAppConfig().appFiles,
      conf: Object.fromEntries(conf.getAll().filter(([k]) => k !== AUTHENTICATE_SECRET.key)),
    };
  }

  protected expectedCores(): number {
    const max = this.env.conf.getEntry(CORES_MAX);
    const cluster = this.localCluster?.totalCores;
    if (cluster === undefined) return max ?? 0;
    return Math.min(cluster, max ?? Infinity);
  }

  protected minRegisteredRatio(): number {
    return this.env.conf.getEntry(MIN_REGISTERED_RESOURCES_RATIO);
  }

  protected maxRegisteredWaitingTimeMs(): number {
    return this.env.conf.getEntry(MAX_REGISTERED_RESOURCES_WAITING_TIME);
  }

  protected async stopCluster(): Promise<void> {
    this.client?.stop();
    await this.localCluster?.stop();
  }

  // ---- what the master says, through the AppClient ----

  executorRemoved(execId: number, message: string, exitStatus: number | null, workerHost: string | null): void {
    const causedByApp = exitStatus === null ? workerHost === null : exitStatus !== HEARTBEAT_FAILURE_EXIT;
    this.removeExecutor(String(execId), message, causedByApp);
  }

  disconnected(): void {
    console.warn("Disconnected from Spark cluster! Waiting for reconnection...");
  }

  dead(reason: string): void {
    if (this.isStopped) return;
    console.error(`Application has been killed. Reason: ${reason}`);
    this.abandonResourceWait(new SparkException(`Application has been killed. Reason: ${reason}`));
    const sc = SparkContext.getActive();
    setImmediate(() => void sc?.stop());
  }
}
