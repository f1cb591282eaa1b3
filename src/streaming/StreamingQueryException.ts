import { SparkException } from "../util/SparkException.js";

/**
 * Why a streaming query stopped with an error (Spark's StreamingQueryException): the cause, and the offsets
 * between which the failing batch ran. The checkpoint stays valid: a restart runs that batch again.
 */
export class StreamingQueryException extends SparkException {
  constructor(
    readonly queryName: string | null,
    readonly queryId: string,
    readonly runId: string,
    cause: unknown,
    readonly startOffset: string,
    readonly endOffset: string,
  ) {
    const message = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
    super(
      `Query [id = ${queryId}, runId = ${runId}] terminated with exception: ${message}\n` +
        `=== Streaming Query ===\nIdentifier: ${queryName ?? "<unnamed>"} [id = ${queryId}, runId = ${runId}]\n` +
        `Current Committed Offsets: ${startOffset}\nCurrent Available Offsets: ${endOffset}`,
      { cause, errorClass: "STREAM_FAILED" },
    );
  }
}
