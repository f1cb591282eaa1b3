import { SparkException } from "../util/SparkException.js";

/**
 * How an ask or a send can fail, by cause, so that a caller can tell "no answer in time" from "the peer is
 * gone" from "the peer answered with an error" (a plain SparkException) and react to each.
 */

/** No reply within the ask's timeout (Spark's RpcTimeoutException); the connection may still be fine. */
export class RpcTimeoutException extends SparkException {}

/** The connection could not be made, failed authentication, or dropped before the reply came. */
export class RpcConnectionException extends SparkException {}

/** The local RpcEnv was shut down (Spark's RpcEnvStoppedException). */
export class RpcEnvStoppedException extends SparkException {}
