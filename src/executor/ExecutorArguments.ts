import type { RpcAddress } from "../rpc/Messages.js";
import { parseHostPort } from "../rpc/RpcAddress.js";
import { IllegalArgumentException } from "../util/SparkException.js";

/** What a worker tells an executor process on its command line (Spark's CoarseGrainedExecutorBackend arguments). */
export interface ExecutorArguments {
  readonly driverUrl: RpcAddress;
  readonly executorId: string;
  readonly appId: string;
  /** The host this executor binds to and advertises to the driver and to other executors. */
  readonly hostname: string;
  readonly cores: number;
  readonly memoryMb: number;
  /** This executor's own directory: shuffle files, spills and the application's files go under it. */
  readonly workDir: string;
  /** The worker that started this executor, when one did (named when the executor exits because it is gone). */
  readonly workerUrl: RpcAddress | undefined;
}

export const EXECUTOR_USAGE =
  "Usage: CoarseGrainedExecutorBackend --driver-url HOST:PORT --executor-id ID --app-id APP --hostname HOST " +
  "--cores N --memory-mb M --work-dir DIR [--worker-url HOST:PORT]";

const OPTIONS = new Set(["--driver-url", "--executor-id", "--app-id", "--hostname", "--cores", "--memory-mb", "--work-dir", "--worker-url"]);

export function parseExecutorArguments(argv: readonly string[]): ExecutorArguments {
  const given = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i]!;
    if (!OPTIONS.has(name)) throw new IllegalArgumentException(`Unknown executor argument '${name}'. ${EXECUTOR_USAGE}`);
    const value = argv[i + 1];
    if (value === undefined) throw new IllegalArgumentException(`Executor argument ${name} needs a value. ${EXECUTOR_USAGE}`);
    given.set(name, value);
  }
  const required = (name: string): string => {
    const v = given.get(name);
    if (v === undefined || v === "") throw new IllegalArgumentException(`Executor argument ${name} is missing. ${EXECUTOR_USAGE}`);
    return v;
  };
  const positive = (name: string): number => {
    const v = required(name);
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new IllegalArgumentException(`Executor argument ${name} should be a positive integer, but was '${v}'`);
    return n;
  };
  const workerUrl = given.get("--worker-url");
  return {
    driverUrl: parseHostPort(required("--driver-url"), "--driver-url"),
    executorId: required("--executor-id"),
    appId: required("--app-id"),
    hostname: required("--hostname"),
    cores: positive("--cores"),
    memoryMb: positive("--memory-mb"),
    workDir: required("--work-dir"),
    workerUrl: workerUrl === undefined ? undefined : parseHostPort(workerUrl, "--worker-url"),
  };
}
