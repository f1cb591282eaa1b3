import { fileURLToPath } from "node:url";
import type { ApplicationDescription, RpcAddress } from "../../rpc/Messages.js";
import type { ExecutorCommand } from "./ExecutorRunner.js";
import { AUTH_SECRET_ENV, EXECUTOR_CONF_ENV } from "../../executor/CoarseGrainedExecutorBackend.js";
import { moduleLoadingExecArgv } from "../../executor/Executor.js";
import { hostPort } from "../../rpc/RpcAddress.js";

/** The executor program next to this file once compiled (dist/src/executor/). */
export const DEFAULT_EXECUTOR_ENTRY = fileURLToPath(new URL("../../executor/CoarseGrainedExecutorBackend.js", import.meta.url));

export interface ExecutorLaunch {
  readonly appId: string;
  readonly execId: number;
  readonly appDesc: ApplicationDescription;
  readonly cores: number;
  readonly memoryMB: number;
  readonly executorDir: string;
  /** The worker's host: the executor binds there and advertises it. */
  readonly host: string;
  readonly workerAddress: RpcAddress;
  readonly secret: string | undefined;
}

/**
 * The executor's command line as the cluster plan fixes it: this Node with the worker's module-loading flags,
 * the executor program, its arguments; the application's settings as JSON in KINDLING_EXECUTOR_CONF and the
 * secret (only when authenticating) in _SPARK_AUTH_SECRET, never on the command line where `ps` shows it.
 */
export function executorCommand(launch: ExecutorLaunch, entry: string, baseEnv: NodeJS.ProcessEnv = process.env): ExecutorCommand {
  const env: Record<string, string | undefined> = { ...baseEnv, [EXECUTOR_CONF_ENV]: JSON.stringify(launch.appDesc.conf) };
  delete env[AUTH_SECRET_ENV];
  if (launch.secret !== undefined) env[AUTH_SECRET_ENV] = launch.secret;
  return {
    program: process.execPath,
    args: [
      ...moduleLoadingExecArgv(),
      entry,
      "--driver-url", hostPort(launch.appDesc.driverUrl),
      "--executor-id", String(launch.execId),
      "--app-id", launch.appId,
      "--hostname", launch.host,
      "--cores", String(launch.cores),
      "--memory-mb", String(launch.memoryMB),
      "--work-dir", launch.executorDir,
      "--worker-url", hostPort(launch.workerAddress),
    ],
    env,
  };
}
