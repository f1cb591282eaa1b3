import type { SessionState } from "../../../exec/QueryExecution.js";
import type { Source, SourceContext, StreamSourceProvider } from "../../../streaming/Source.js";
import type { StructType } from "../../../types/StructType.js";
import { SystemClock, type Clock } from "../../../util/Clock.js";
import { IllegalArgumentException } from "../../../util/SparkException.js";
import { parseDurationMs } from "../../../util/units.js";
import { refuseUserSchema } from "../RefuseUserSchema.js";
import { CaseInsensitiveOptions } from "../../../exec/datasource/CaseInsensitiveOptions.js";
import { RATE_SCHEMA } from "./RateRows.js";
import { RateStreamSource, type RateOptions } from "./RateStreamSource.js";

/** The rate source's options, checked as Spark's RateStreamProvider checks them. */
export function rateOptions(options: Readonly<Record<string, string>>, session: SessionState): RateOptions {
  const o = new CaseInsensitiveOptions(options);
  const rowsPerSecond = o.integer("rowsPerSecond", 1);
  if (rowsPerSecond <= 0) throw new IllegalArgumentException(`Invalid value '${rowsPerSecond}'. The option 'rowsPerSecond' must be positive`);
  const rampUp = o.get("rampUpTime");
  // Spark's timeStringAsSec: a bare number is seconds, finer units are truncated to whole seconds.
  const rampUpTimeSeconds = rampUp === undefined ? 0 : Math.trunc(parseDurationMs(rampUp, "rampUpTime", "s") / 1000);
  if (rampUpTimeSeconds < 0) throw new IllegalArgumentException(`Invalid value '${rampUpTimeSeconds}'. The option 'rampUpTime' must not be negative`);
  const numPartitions = o.integer("numPartitions", session.sc.defaultParallelism);
  if (numPartitions <= 0) throw new IllegalArgumentException(`Invalid value '${numPartitions}'. The option 'numPartitions' must be positive`);
  return { rowsPerSecond: BigInt(rowsPerSecond), rampUpTimeSeconds: BigInt(rampUpTimeSeconds), numPartitions, numPartitionsOption: o.get("numPartitions") ?? "default" };
}

/**
 * `readStream.format("rate")`: `rowsPerSecond` rows a second (after a `rampUpTime`), columns `timestamp` and
 * `value`, over `numPartitions` partitions. The clock is injectable so that tests advance time instead of waiting.
 */
export class RateStreamProvider implements StreamSourceProvider {
  readonly format = "rate";

  constructor(private readonly clock: Clock = new SystemClock()) {}

  sourceSchema(options: Readonly<Record<string, string>>, _paths: readonly string[], userSchema: StructType | undefined, session: SessionState): StructType {
    refuseUserSchema("RateStreamProvider", userSchema);
    rateOptions(options, session);
    return RATE_SCHEMA;
  }

  createSource(ctx: SourceContext): Source {
    return new RateStreamSource(rateOptions(ctx.options, ctx.session), ctx.metadataPath, this.clock);
  }
}
