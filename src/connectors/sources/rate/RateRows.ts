import type { SparkContext } from "../../../core/SparkContext.js";
import type { RDD } from "../../../core/rdd/RDD.js";
import type { DataSourceOptions, DataSourceProvider } from "../../../exec/datasource/DataSource.js";
import type { ColumnarBatch } from "../../../exec/vector/ColumnarBatch.js";
import { AnalysisException } from "../../../expr/AnalysisException.js";
import type { Attribute } from "../../../expr/AttributeReference.js";
import { LongType, TimestampType } from "../../../types/AtomicTypes.js";
import { StructField } from "../../../types/StructField.js";
import { StructType } from "../../../types/StructType.js";
import { DataSourceRelation, LocalRelation } from "../../../plan/logical/Relations.js";
import type { SourceBatch } from "../../../streaming/Source.js";

/** The schema both rate sources produce (Spark's RateStreamProvider.SCHEMA). */
export const RATE_SCHEMA = new StructType([new StructField("timestamp", TimestampType, true), new StructField("value", LongType, true)]);

/** Rows per columnar batch a generating task yields. */
const BATCH_ROWS = 4096;

/**
 * The values [rangeStart, rangeEnd) of one micro-batch of a rate source; value v's timestamp is
 * `startTimeMs + round((v - rangeStart) * msPerValue)` milliseconds (0 ms per value: one timestamp for the batch).
 * Bigints travel as decimal strings so that the plan stays JSON.
 */
export interface RateRange {
  readonly rangeStart: bigint;
  readonly rangeEnd: bigint;
  readonly startTimeMs: number;
  readonly msPerValue: number;
  readonly numPartitions: number;
}

/**
 * A rate source's batch as a plan that generates its rows in the tasks instead of holding them: a streaming
 * DataSourceRelation that `RateRowsProvider.scan` turns into one task per partition, partition p taking the
 * values rangeStart + p, + 2p, … as Spark's rate readers do. An empty range is an empty LocalRelation.
 */
export function rateBatch(format: string, range: RateRange, output: readonly Attribute[]): SourceBatch {
  const numRows = Number(range.rangeEnd - range.rangeStart);
  if (numRows <= 0) return { plan: LocalRelation(output, [], true), numRows: 0 };
  const source = {
    format,
    isStreaming: true,
    rangeStart: String(range.rangeStart),
    rangeEnd: String(range.rangeEnd),
    startTimeMs: range.startTimeMs,
    msPerValue: range.msPerValue,
    numPartitions: range.numPartitions,
  };
  return { plan: DataSourceRelation(output, source), numRows };
}

/** One generating task's share: values first, first + step, … below end. */
interface RateSlice {
  readonly first: bigint;
  readonly end: bigint;
  readonly step: bigint;
  readonly rangeStart: bigint;
  readonly startTimeMs: number;
  readonly msPerValue: number;
  /** The relation's output columns, in order (pruning may drop either, or both for a count). */
  readonly columns: readonly ("timestamp" | "value")[];
}

/**
 * The batch side of a rate source (registered as a data source under the stream's format name): scans the
 * ranges `rateBatch` plans. `spark.read` of it is refused, as Spark's rate tables support no batch scan.
 */
export class RateRowsProvider implements DataSourceProvider {
  constructor(readonly format: string) {}

  resolveSchema(_paths: readonly string[], _options: DataSourceOptions): StructType {
    throw new AnalysisException("UNSUPPORTED_FEATURE.TABLE_OPERATION",
      `The feature is not supported: Table \`${this.format}\` does not support batch scan. It is a streaming source: read it with spark.readStream.format("${this.format}").`);
  }

  scan(sc: SparkContext, relation: DataSourceRelation): RDD<ColumnarBatch> {
    const s = relation.source as unknown as { rangeStart: string; rangeEnd: string; startTimeMs: number; msPerValue: number; numPartitions: number };
    const columns = relation.output.map((a) => {
      if (a.name !== "timestamp" && a.name !== "value") throw new AnalysisException("UNRESOLVED_COLUMN", `The ${this.format} source has no column \`${a.name}\`; it has [timestamp, value].`);
      return a.name;
    });
    const rangeStart = BigInt(s.rangeStart);
    const slices: RateSlice[] = Array.from({ length: s.numPartitions }, (_, p) => ({
      first: rangeStart + BigInt(p), end: BigInt(s.rangeEnd), step: BigInt(s.numPartitions), rangeStart, startTimeMs: s.startTimeMs, msPerValue: s.msPerValue, columns,
    }));
    return sc.parallelize(slices, s.numPartitions).flatMap(generateRateRows, { BATCH_ROWS }).setName(`${this.format} [${s.rangeStart}, ${s.rangeEnd})`);
  }
}

/** Runs in tasks, shipped as source: it may use only its argument and the captured BATCH_ROWS. */
function* generateRateRows(slice: RateSlice): IterableIterator<ColumnarBatch> {
  let v = slice.first;
  while (v < slice.end) {
    const n = Math.min(BATCH_ROWS, Number((slice.end - v + slice.step - 1n) / slice.step));
    const timestamps = new BigInt64Array(n);
    const values = new BigInt64Array(n);
    for (let i = 0; i < n; i++, v += slice.step) {
      values[i] = v;
      timestamps[i] = BigInt(slice.startTimeMs + Math.round(Number(v - slice.rangeStart) * slice.msPerValue)) * 1000n;
    }
    yield { numRows: n, columns: slice.columns.map((c) => ({ kind: "int64" as const, values: c === "timestamp" ? timestamps : values, nulls: null })) };
  }
}
