import type { SparkConf } from "../core/SparkConf.js";
import type { RpcEnvConfig } from "../rpc/RpcEnv.js";
import { AUTHENTICATE, AUTHENTICATE_SECRET, NETWORK_TIMEOUT, RPC_ASK_TIMEOUT, RPC_MESSAGE_MAX_SIZE } from "../core/config.js";
import { IllegalArgumentException } from "../util/SparkException.js";

/** The cluster's secret when spark.authenticate is on; refused, as Spark refuses it, when it is on without one. */
export function authSecret(conf: SparkConf): string | undefined {
  if (!conf.getEntry(AUTHENTICATE)) return undefined;
  const secret = conf.getEntry(AUTHENTICATE_SECRET);
  if (secret === undefined || secret === "") {
    throw new IllegalArgumentException(`A secret key must be specified via the ${AUTHENTICATE_SECRET.key} config when ${AUTHENTICATE.key} is true`);
  }
  return secret;
}

/** An RpcEnv's settings from Spark's keys: spark.rpc.message.maxSize, spark.rpc.askTimeout, spark.network.timeout. */
export function rpcEnvConfig(conf: SparkConf, name: string, host: string, port: number, secret: string | undefined): RpcEnvConfig {
  return {
    name,
    host,
    port,
    secret,
    maxFrameBytes: conf.getEntry(RPC_MESSAGE_MAX_SIZE) * 1024 * 1024,
    askTimeoutMs: conf.getEntry(RPC_ASK_TIMEOUT, conf.getEntry(NETWORK_TIMEOUT)),
  };
}
