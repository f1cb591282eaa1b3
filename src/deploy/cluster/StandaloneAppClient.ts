import type { ApplicationDescription, ExecutorState, Message, RpcAddress } from "../../rpc/Messages.js";
import type { RpcEndpoint, RpcEndpointRef, RpcEnv } from "../../rpc/RpcEnv.js";
import { hostPort, parseSparkURL } from "../../rpc/RpcAddress.js";
import { SparkException } from "../../util/SparkException.js";

/** What the application's backend hears from the cluster through its AppClient. */
export interface StandaloneAppClientListener {
  /** An executor ended; `exitStatus` is null when it was lost rather than exited (its worker died). */
  executorRemoved(execId: number, message: string, exitStatus: number | null, workerHost: string | null): void;
  /** The master connection dropped; a new master (recovery) will say MasterChanged. */
  disconnected(): void;
  /** The cluster will run nothing more for this application. */
  dead(reason: string): void;
}

/** Spark's StandaloneAppClient: 20 s for a master to answer each round of registration, 3 rounds. */
const REGISTRATION_TIMEOUT_MS = 20_000;
const REGISTRATION_RETRIES = 3;
const FINISHED: ReadonlySet<ExecutorState> = new Set(["KILLED", "FAILED", "LOST", "EXITED"]);

/**
 * The driver's endpoint "AppClient" (Spark's StandaloneAppClient): registers the application with every
 * master of the URL (only the active one answers), then relays the master's news of executors to the backend,
 * follows the master when a standby takes over, and unregisters the application when the driver stops.
 */
export class StandaloneAppClient implements RpcEndpoint {
  static readonly ENDPOINT = "AppClient";

  private master: RpcEndpointRef | undefined;
  private appIdValue: string | undefined;
  private registration: { resolve(appId: string): void; reject(e: Error): void } | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly rpcEnv: RpcEnv,
    private readonly masters: readonly RpcAddress[],
    private readonly appDesc: ApplicationDescription,
    private readonly listener: StandaloneAppClientListener,
  ) {}

  get appId(): string | undefined {
    return this.appIdValue;
  }

  /** Resolves with the application's id once a master registered it; rejects when none answered in time. */
  start(): Promise<string> {
    this.rpcEnv.setupEndpoint(StandaloneAppClient.ENDPOINT, this);
    return new Promise<string>((resolve, reject) => {
      this.registration = { resolve, reject };
      this.tryRegisterAllMasters(1);
    });
  }

  private tryRegisterAllMasters(round: number): void {
    if (this.stopped || this.registration === undefined) return;
    if (round > REGISTRATION_RETRIES) {
      const tried = this.masters.map(hostPort).join(", ");
      this.failRegistration(new SparkException(`All masters are unresponsive! Giving up. (no master of ${tried} registered application '${this.appDesc.name}' in ${REGISTRATION_RETRIES} rounds of ${REGISTRATION_TIMEOUT_MS / 1000} s)`));
      return;
    }
    for (const address of this.masters) {
      try {
        this.rpcEnv.endpointRef(address, "Master").send({ type: "RegisterApplication", appDesc: this.appDesc, driver: this.rpcEnv.address });
      } catch (e) {
        this.failRegistration(new SparkException(`Cannot register application '${this.appDesc.name}' with master ${hostPort(address)}: ${(e as Error).message}`, { cause: e }));
        return;
      }
    }
    this.retryTimer = setTimeout(() => this.tryRegisterAllMasters(round + 1), REGISTRATION_TIMEOUT_MS);
    this.retryTimer.unref();
  }

  private failRegistration(e: Error): void {
    clearTimeout(this.retryTimer);
    this.registration?.reject(e);
    this.registration = undefined;
  }

  receive(message: Message): void {
    switch (message.type) {
      case "RegisteredApplication": {
        if (this.stopped) return;
        clearTimeout(this.retryTimer);
        this.appIdValue = message.appId;
        this.follow(parseSparkURL(message.masterUrl)[0]!);
        this.registration?.resolve(message.appId);
        this.registration = undefined;
        return;
      }
      case "ExecutorAdded":
        // Counted when the executor registers with the driver itself.
        return;
      case "ExecutorUpdated":
        if (FINISHED.has(message.state)) {
          this.listener.executorRemoved(message.execId, message.message ?? `Executor ${message.execId} is ${message.state}`, message.exitStatus, message.workerHost);
        }
        return;
      case "ApplicationRemoved":
        this.stopped = true;
        this.listener.dead(`Master removed our application: ${message.message}`);
        return;
      case "MasterChanged":
        this.follow(message.masterAddress);
        if (this.appIdValue !== undefined) this.master!.send({ type: "MasterChangeAcknowledged", appId: this.appIdValue });
        return;
      default:
        throw new Error(`The driver's AppClient endpoint does not handle ${message.type}`);
    }
  }

  private follow(address: RpcAddress): void {
    const master = this.rpcEnv.endpointRef(address, "Master");
    this.master = master;
    master.onDisconnected(() => {
      if (this.master === master && !this.stopped) this.listener.disconnected();
    });
  }

  /** Unregisters the application from its master; a registration still under way is abandoned. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.failRegistration(new SparkException("The application stopped before a master registered it"));
    if (this.appIdValue !== undefined) this.master?.send({ type: "UnregisterApplication", appId: this.appIdValue });
  }
}
