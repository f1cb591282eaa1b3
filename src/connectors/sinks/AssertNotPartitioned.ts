import { AnalysisException } from "../../expr/AnalysisException.js";
import type { SinkContext } from "../../streaming/Sink.js";

/** Sinks that keep rows rather than files (memory, foreach) refuse `partitionBy`, as Spark's DataStreamWriter does. */
export function assertNotPartitioned(format: string, ctx: SinkContext): void {
  if (ctx.partitionColumns.length > 0) {
    throw new AnalysisException("_LEGACY_ERROR_TEMP_1197", `'${format}' does not support partitioning`);
  }
}
