/**
 * Every message that crosses a process boundary in a cluster, in one place (Spark's DeployMessages and
 * CoarseGrainedClusterMessages). Names are Spark's. A message is plain data: frames carry it V8-serialized,
 * and `checkMessage` refuses anything that is not one of these shapes before any endpoint sees it.
 */

/** A daemon's or driver's RPC server: where to connect. */
export interface RpcAddress {
  readonly host: string;
  readonly port: number;
}

/** What the driver asks of the cluster for its application (Spark's ApplicationDescription). */
export interface ApplicationDescription {
  readonly name: string;
  /** spark.cores.max / --total-executor-cores; null: all the cluster has. */
  readonly maxCores: number | null;
  /** spark.executor.memory, in MiB. */
  readonly memoryPerExecutorMB: number;
  /** spark.executor.cores / --executor-cores; null: all of a worker's free cores in one executor. */
  readonly coresPerExecutor: number | null;
  /** Where executors register: the driver's RPC server. */
  readonly driverUrl: RpcAddress;
  /** The application's own files (its module and what it imports), which executors fetch from the driver. */
  readonly files: readonly string[];
  /** Spark settings the executors run with (`spark.*`, secrets excluded). */
  readonly conf: Readonly<Record<string, string>>;
}

/**
 * What an executor needs of its application before it registers (Spark's SparkAppConfig): the modules that
 * define RDD kinds, and the application's own files, which it fetches from the driver (FetchFile).
 */
export interface SparkAppConfig {
  /** Kindling's own modules to load, as paths relative to the package root (the same package on every host). */
  readonly packageModules: readonly string[];
  /** The application's files, as the driver's absolute paths. */
  readonly appFiles: readonly string[];
  /** Those of `appFiles` to load before the first task (they register RDD kinds). */
  readonly appModules: readonly string[];
}

export type ExecutorState = "LAUNCHING" | "RUNNING" | "KILLED" | "FAILED" | "LOST" | "EXITED";

export type Message =
  // ---- Worker → Master ----
  | { readonly type: "RegisterWorker"; readonly id: string; readonly host: string; readonly port: number; readonly cores: number; readonly memoryMB: number; readonly webUiUrl: string; readonly workDir: string }
  | { readonly type: "Heartbeat"; readonly workerId: string }
  | { readonly type: "ExecutorStateChanged"; readonly appId: string; readonly execId: number; readonly state: ExecutorState; readonly message: string | null; readonly exitStatus: number | null }
  /** After a master change: what the worker runs, so the new master can rebuild its view. */
  | { readonly type: "WorkerSchedulerStateResponse"; readonly id: string; readonly executors: readonly { readonly appId: string; readonly execId: number; readonly cores: number; readonly memoryMB: number }[] }
  /** After (re-)registering: what the worker runs, so the master kills executors it no longer knows (e.g. replaced while the worker was cut off). */
  | { readonly type: "WorkerLatestState"; readonly id: string; readonly executors: readonly { readonly appId: string; readonly execId: number }[] }
  // ---- Master → Worker ----
  | { readonly type: "RegisteredWorker"; readonly masterUrl: string; readonly masterWebUiUrl: string }
  | { readonly type: "RegisterWorkerFailed"; readonly message: string }
  | { readonly type: "ReconnectWorker"; readonly masterUrl: string }
  | { readonly type: "MasterChanged"; readonly masterUrl: string; readonly masterAddress: RpcAddress }
  | { readonly type: "LaunchExecutor"; readonly appId: string; readonly execId: number; readonly appDesc: ApplicationDescription; readonly cores: number; readonly memoryMB: number }
  | { readonly type: "KillExecutor"; readonly appId: string; readonly execId: number }
  | { readonly type: "ApplicationFinished"; readonly appId: string }
  // ---- Driver (AppClient) → Master ----
  | { readonly type: "RegisterApplication"; readonly appDesc: ApplicationDescription; readonly driver: RpcAddress }
  | { readonly type: "UnregisterApplication"; readonly appId: string }
  | { readonly type: "MasterChangeAcknowledged"; readonly appId: string }
  // ---- Master → Driver ----
  | { readonly type: "RegisteredApplication"; readonly appId: string; readonly masterUrl: string }
  | { readonly type: "ExecutorAdded"; readonly execId: number; readonly workerId: string; readonly host: string; readonly cores: number; readonly memoryMB: number }
  | { readonly type: "ExecutorUpdated"; readonly execId: number; readonly state: ExecutorState; readonly message: string | null; readonly exitStatus: number | null; readonly workerHost: string | null }
  | { readonly type: "ApplicationRemoved"; readonly message: string }
  // ---- Executor → Driver ----
  /** Asked before RegisterExecutor; the reply's value is a SparkAppConfig. */
  | { readonly type: "RetrieveSparkAppConfig" }
  | { readonly type: "RegisterExecutor"; readonly executorId: string; readonly host: string; readonly port: number; readonly cores: number; readonly logUrls: Readonly<Record<string, string>> }
  | { readonly type: "StatusUpdate"; readonly executorId: string; readonly taskId: number; readonly outcome: unknown }
  /** Spark's executor Heartbeat: running tasks' accumulator updates and metrics. */
  | { readonly type: "ExecutorHeartbeat"; readonly executorId: string; readonly accumUpdates: readonly (readonly [number, number, number, readonly (readonly [number, unknown])[]])[] }
  | { readonly type: "GetMapOutputStatuses"; readonly shuffleId: number }
  | { readonly type: "GetBroadcast"; readonly id: number }
  | { readonly type: "UpdateBlockInfo"; readonly executorId: string; readonly blockId: string; readonly stored: boolean }
  | { readonly type: "FetchFile"; readonly path: string }
  // ---- Driver → Executor ----
  | { readonly type: "RegisteredExecutor" }
  | { readonly type: "RegisterExecutorFailed"; readonly message: string }
  | { readonly type: "LaunchTask"; readonly task: Uint8Array }
  | { readonly type: "KillTask"; readonly taskId: number; readonly reason: string }
  | { readonly type: "StopExecutor" }
  | { readonly type: "RemoveRdd"; readonly rddId: number }
  | { readonly type: "RemoveBroadcast"; readonly id: number }
  | { readonly type: "HeartbeatResponse"; readonly reregisterBlockManager: boolean }
  // ---- Executor → Executor (shuffle service) ----
  | { readonly type: "FetchShuffleBlocks"; readonly shuffleId: number; readonly mapId: number; readonly startPartition: number; readonly endPartition: number; readonly shuffleDir: string }
  // ---- Replies ----
  | { readonly type: "Reply"; readonly value: unknown }
  | { readonly type: "ReplyError"; readonly message: string }
  | { readonly type: "Ack" };

export type MessageType = Message["type"];
export type MessageOf<T extends MessageType> = Extract<Message, { readonly type: T }>;

/** Field kinds a message's fields are checked against. */
type FieldKind = "string" | "number" | "boolean" | "bytes" | "object" | "array" | "string?" | "number?" | "any";

/** Each message type's fields and their kinds: an unknown type or a missing or mistyped field is refused. */
const FIELDS: { readonly [T in MessageType]: Readonly<Record<Exclude<keyof MessageOf<T>, "type">, FieldKind>> } = {
  RegisterWorker: { id: "string", host: "string", port: "number", cores: "number", memoryMB: "number", webUiUrl: "string", workDir: "string" },
  Heartbeat: { workerId: "string" },
  ExecutorStateChanged: { appId: "string", execId: "number", state: "string", message: "string?", exitStatus: "number?" },
  WorkerSchedulerStateResponse: { id: "string", executors: "array" },
  WorkerLatestState: { id: "string", executors: "array" },
  RegisteredWorker: { masterUrl: "string", masterWebUiUrl: "string" },
  RegisterWorkerFailed: { message: "string" },
  ReconnectWorker: { masterUrl: "string" },
  MasterChanged: { masterUrl: "string", masterAddress: "object" },
  LaunchExecutor: { appId: "string", execId: "number", appDesc: "object", cores: "number", memoryMB: "number" },
  KillExecutor: { appId: "string", execId: "number" },
  ApplicationFinished: { appId: "string" },
  RegisterApplication: { appDesc: "object", driver: "object" },
  UnregisterApplication: { appId: "string" },
  MasterChangeAcknowledged: { appId: "string" },
  RegisteredApplication: { appId: "string", masterUrl: "string" },
  ExecutorAdded: { execId: "number", workerId: "string", host: "string", cores: "number", memoryMB: "number" },
  ExecutorUpdated: { execId: "number", state: "string", message: "string?", exitStatus: "number?", workerHost: "string?" },
  ApplicationRemoved: { message: "string" },
  RetrieveSparkAppConfig: {},
  RegisterExecutor: { executorId: "string", host: "string", port: "number", cores: "number", logUrls: "object" },
  StatusUpdate: { executorId: "string", taskId: "number", outcome: "object" },
  ExecutorHeartbeat: { executorId: "string", accumUpdates: "array" },
  GetMapOutputStatuses: { shuffleId: "number" },
  GetBroadcast: { id: "number" },
  UpdateBlockInfo: { executorId: "string", blockId: "string", stored: "boolean" },
  FetchFile: { path: "string" },
  RegisteredExecutor: {},
  RegisterExecutorFailed: { message: "string" },
  LaunchTask: { task: "bytes" },
  KillTask: { taskId: "number", reason: "string" },
  StopExecutor: {},
  RemoveRdd: { rddId: "number" },
  RemoveBroadcast: { id: "number" },
  HeartbeatResponse: { reregisterBlockManager: "boolean" },
  FetchShuffleBlocks: { shuffleId: "number", mapId: "number", startPartition: "number", endPartition: "number", shuffleDir: "string" },
  Reply: { value: "any" },
  ReplyError: { message: "string" },
  Ack: {},
};

function fits(value: unknown, kind: FieldKind): boolean {
  switch (kind) {
    case "string":
      return typeof value === "string";
    case "number":
      return typeof value === "number" && Number.isFinite(value);
    case "boolean":
      return typeof value === "boolean";
    case "bytes":
      return value instanceof Uint8Array;
    case "object":
      return typeof value === "object" && value !== null && !Array.isArray(value);
    case "array":
      return Array.isArray(value);
    case "string?":
      return value === null || typeof value === "string";
    case "number?":
      return value === null || (typeof value === "number" && Number.isFinite(value));
    case "any":
      return true;
  }
}

/** The value as a Message, or an error saying what about it is wrong (the connection that sent it is closed). */
export function checkMessage(value: unknown): Message {
  if (typeof value !== "object" || value === null || typeof (value as { type?: unknown }).type !== "string") {
    throw new Error("not a message: expected an object with a string 'type'");
  }
  const type = (value as { type: string }).type;
  const fields = (FIELDS as Record<string, Record<string, FieldKind>>)[type];
  if (!fields || !Object.hasOwn(FIELDS, type)) throw new Error(`unknown message type '${type.slice(0, 64)}'`);
  for (const [name, kind] of Object.entries(fields)) {
    if (!fits((value as Record<string, unknown>)[name], kind)) throw new Error(`message ${type}: field '${name}' is not a ${kind}`);
  }
  return value as Message;
}
