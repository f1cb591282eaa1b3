import type { QueryExecution, SessionState } from "../exec/QueryExecution.js";
import type { OutputMode } from "./OutputMode.js";
import type { StructType } from "../types/StructType.js";

/**
 * A streaming sink (Spark's Sink): given each batch's result once it is planned, with its batch id. A batch may be
 * given again after a failure or restart (same id, same rows): a sink that keeps exactly-once skips or
 * overwrites a batch it already has.
 */
export interface Sink {
  /** Runs the batch's query (`data.toRdd()`, `data.executeCollect()`) and stores its rows. */
  addBatch(batchId: number, data: QueryExecution): Promise<void>;
  /** How the sink shows in progress (`sink.description`). */
  toString(): string;
}

export interface SinkContext {
  readonly session: SessionState;
  readonly options: Readonly<Record<string, string>>;
  /** The output path (`start(path)` or the `path` option), when given. */
  readonly path: string | undefined;
  readonly queryName: string | null;
  readonly outputMode: OutputMode;
  readonly partitionColumns: readonly string[];
  /** The query's result schema. */
  readonly schema: StructType;
}

/** A streaming sink format (`writeStream.format(name)`), registered by connectors/. */
export interface StreamSinkProvider {
  readonly format: string;
  /** Output modes the sink takes; `start()` refuses others, as Spark does. */
  readonly supportedOutputModes: readonly OutputMode[];
  createSink(ctx: SinkContext): Sink;
}
