import type { SparkContext } from "../../core/SparkContext.js";
import type { TaskContext } from "../../core/TaskContext.js";
import type { Partition } from "../../core/rdd/Partition.js";
import { RDD } from "../../core/rdd/RDD.js";
import { registerRDDKind } from "../../core/rdd/RDDKinds.js";
import type { DataSourceOptions } from "../../exec/datasource/DataSource.js";
import type { ColumnarBatch } from "../../exec/vector/ColumnarBatch.js";
import { batchFromRows } from "../../exec/vector/ColumnarBatch.js";
import type { StructType } from "../../types/StructType.js";
import { dataTypeFromJson } from "../../types/DataTypeJson.js";
import type { FilePartition, PartitionedFile } from "./FilePartition.js";
import { partitionRow } from "./FileListing.js";
import { FileOptions } from "./FileOptions.js";
import { fileFormat } from "./FileFormats.js";
import type { StatsFilter } from "./StatsFilter.js";

/** What every task of a scan needs, as plain data. */
export interface FileScanSpec {
  readonly format: string;
  readonly options: DataSourceOptions;
  readonly zone: string;
  /** The columns stored in the files (JSON of a StructType). */
  readonly dataSchema: unknown;
  /** The columns taken from `key=value` directories (JSON of a StructType). */
  readonly partitionSchema: unknown;
  /** For each output column, its index in dataSchema's fields followed by partitionSchema's. */
  readonly outputColumns: readonly number[];
  readonly batchSize: number;
  readonly statsFilters: readonly StatsFilter[];
}

/**
 * Spark's FileScanRDD: each partition a few files or a piece of one (see FilePartition), read synchronously in
 * the task thread by the file format, rows cut into columnar batches holding the scan's output columns (data
 * columns, then partition values). Partition values travel as directory text and are converted in the task.
 */
export class FileScanRDD extends RDD<ColumnarBatch> {
  constructor(sc: SparkContext | undefined, private readonly spec: FileScanSpec, private readonly filePartitions: readonly FilePartition[], id?: number) {
    super(sc, [], id);
  }

  get kind(): string {
    return "FileScanRDD";
  }

  protected getPartitions(): Partition[] {
    return [...this.filePartitions];
  }

  compute(split: Partition, ctx: TaskContext): IterableIterator<ColumnarBatch> {
    return readBatches(this.spec, (split as FilePartition).files, ctx);
  }

  serialize(): unknown {
    return this.spec;
  }
}

function* readBatches(spec: FileScanSpec, files: readonly PartitionedFile[], ctx: TaskContext): IterableIterator<ColumnarBatch> {
  const dataSchema = dataTypeFromJson(spec.dataSchema) as StructType;
  const partitionSchema = dataTypeFromJson(spec.partitionSchema) as StructType;
  const format = fileFormat(spec.format);
  const fileCtx = { options: new FileOptions(spec.format, spec.options), zone: spec.zone, statsFilters: spec.statsFilters };
  const all = [...dataSchema.fields, ...partitionSchema.fields];
  const types = spec.outputColumns.map((c) => all[c]!.dataType);
  const width = dataSchema.length;
  let rows: unknown[][] = [];
  for (const file of files) {
    const partitionValues = partitionRow(file, partitionSchema, spec.zone);
    ctx.metrics.inputMetrics.bytesRead += file.length;
    for (const row of format.readFile(file, dataSchema, fileCtx)) {
      rows.push(spec.outputColumns.map((c) => (c < width ? row[c] : partitionValues[c - width])));
      ctx.metrics.inputMetrics.recordsRead++;
      if (rows.length === spec.batchSize) {
        yield batchFromRows(rows, types);
        rows = [];
      }
    }
  }
  if (rows.length > 0) yield batchFromRows(rows, types);
}

registerRDDKind("FileScanRDD", (spec: FileScanSpec, _deps, id) => new FileScanRDD(undefined, spec, [], id), import.meta.url);
