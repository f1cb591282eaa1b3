import type { SessionState } from "../../../exec/QueryExecution.js";
import type { Source, SourceContext, StreamSourceProvider } from "../../../streaming/Source.js";
import type { StructType } from "../../../types/StructType.js";
import { IllegalArgumentException } from "../../../util/SparkException.js";
import { refuseUserSchema } from "../RefuseUserSchema.js";
import { CaseInsensitiveOptions } from "../../../exec/datasource/CaseInsensitiveOptions.js";
import { RATE_SCHEMA } from "./RateRows.js";
import { RatePerMicroBatchSource, type RatePerMicroBatchOptions } from "./RatePerMicroBatchSource.js";

/** The rate-micro-batch source's options, checked as Spark's RatePerMicroBatchProvider checks them. */
export function ratePerMicroBatchOptions(options: Readonly<Record<string, string>>, session: SessionState): RatePerMicroBatchOptions {
  const o = new CaseInsensitiveOptions(options);
  const rowsPerBatch = o.integer("rowsPerBatch", 0);
  if (rowsPerBatch <= 0) throw new IllegalArgumentException(`Invalid value '${rowsPerBatch}'. The option 'rowsPerBatch' must be positive`);
  const numPartitions = o.integer("numPartitions", session.sc.defaultParallelism);
  if (numPartitions <= 0) throw new IllegalArgumentException(`Invalid value '${numPartitions}'. The option 'numPartitions' must be positive`);
  const startTimestamp = o.integer("startTimestamp", 0);
  if (startTimestamp < 0) throw new IllegalArgumentException(`Invalid value '${startTimestamp}'. The option 'startTimestamp' must be non-negative`);
  const advanceMillisPerBatch = o.integer("advanceMillisPerBatch", 1000);
  if (advanceMillisPerBatch < 0) throw new IllegalArgumentException(`Invalid value '${advanceMillisPerBatch}'. The option 'advanceMillisPerBatch' must be non-negative`);
  return { rowsPerBatch, numPartitions, startTimestamp, advanceMillisPerBatch };
}

/**
 * `readStream.format("rate-micro-batch")`: `rowsPerBatch` rows in every micro-batch whatever the trigger or
 * lag, batch N holding the values [N * rowsPerBatch, (N + 1) * rowsPerBatch) at the timestamp
 * `startTimestamp + N * advanceMillisPerBatch`.
 */
export class RatePerMicroBatchProvider implements StreamSourceProvider {
  readonly format = "rate-micro-batch";

  sourceSchema(options: Readonly<Record<string, string>>, _paths: readonly string[], userSchema: StructType | undefined, session: SessionState): StructType {
    refuseUserSchema("RatePerMicroBatchProvider", userSchema);
    ratePerMicroBatchOptions(options, session);
    return RATE_SCHEMA;
  }

  createSource(ctx: SourceContext): Source {
    return new RatePerMicroBatchSource(ratePerMicroBatchOptions(ctx.options, ctx.session));
  }
}
