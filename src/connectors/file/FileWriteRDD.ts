import { mkdirSync, statSync } from "node:fs";
import { join } from "node:path";
import type { TaskContext } from "../../core/TaskContext.js";
import type { Partition } from "../../core/rdd/Partition.js";
import type { Dependency } from "../../core/rdd/Dependency.js";
import { RDD, oneToOne } from "../../core/rdd/RDD.js";
import { registerRDDKind } from "../../core/rdd/RDDKinds.js";
import { commitTaskOutput } from "../../core/rdd/TextOutput.js";
import type { DataSourceOptions } from "../../exec/datasource/DataSource.js";
import type { ColumnarBatch } from "../../exec/vector/ColumnarBatch.js";
import { rowsOfBatch } from "../../exec/vector/ColumnarBatch.js";
import { StructType } from "../../types/StructType.js";
import { dataTypeFromJson } from "../../types/DataTypeJson.js";
import { StringType } from "../../types/AtomicTypes.js";
import { castValue } from "../../expr/CastEvaluator.js";
import { DEFAULT_PARTITION_NAME, escapePathName } from "./FileListing.js";
import { FileOptions } from "./FileOptions.js";
import { fileFormat } from "./FileFormats.js";

/** What every write task needs, as plain data. */
export interface FileWriteSpec {
  readonly format: string;
  readonly options: DataSourceOptions;
  readonly zone: string;
  readonly dir: string;
  /** The query's output schema (JSON of a StructType). */
  readonly schema: unknown;
  /** Indices of the `partitionBy` columns in the schema, in directory order. */
  readonly partitionColumns: readonly number[];
  /** One id per job, in every file name, as Spark's `part-00000-<uuid>.c000.csv`. */
  readonly jobId: string;
  /** Rows per file before a new one starts (c000, c001, …); 0 for no limit. */
  readonly maxRecordsPerFile: number;
}

/** What one write task reports to the driver. */
export interface WriteTaskResult {
  readonly records: number;
  readonly files: number;
}

/**
 * The write side of a file source (Spark's FileFormatWriter.executeTask) as an RDD, so that executors can run
 * it: computing a partition writes its rows into one file per partition directory under a task attempt
 * directory, commits the attempt, and yields what it wrote.
 */
export class FileWriteRDD extends RDD<WriteTaskResult> {
  constructor(parent: RDD<ColumnarBatch> | undefined, private readonly spec: FileWriteSpec, deps?: Dependency[], id?: number) {
    super(parent?.sparkContext, deps ?? oneToOne(parent as RDD<unknown>), id);
  }

  get kind(): string {
    return "FileWriteRDD";
  }

  protected getPartitions(): Partition[] {
    return this.firstParent<ColumnarBatch>().partitions;
  }

  compute(split: Partition, ctx: TaskContext): IterableIterator<WriteTaskResult> {
    const batches = this.firstParent<ColumnarBatch>().iterator(split, ctx);
    return [writeTask(this.spec, batches, ctx)][Symbol.iterator]();
  }

  serialize(): unknown {
    return this.spec;
  }
}

function writeTask(spec: FileWriteSpec, batches: Iterable<ColumnarBatch>, ctx: TaskContext): WriteTaskResult {
  const schema = dataTypeFromJson(spec.schema) as StructType;
  const partitioned = new Set(spec.partitionColumns);
  const dataColumns = schema.fields.map((_, i) => i).filter((i) => !partitioned.has(i));
  const dataSchema = new StructType(dataColumns.map((i) => schema.fields[i]!));
  const groups = new Map<string, unknown[][]>();
  let records = 0;
  for (const batch of batches) {
    for (const row of rowsOfBatch(batch)) {
      const dir = spec.partitionColumns.map((c) => `${escapePathName(schema.fields[c]!.name)}=${partitionDirValue(row[c], schema, c, spec.zone)}`).join("/");
      let rows = groups.get(dir);
      if (rows === undefined) groups.set(dir, (rows = []));
      rows.push(dataColumns.map((i) => row[i]));
      records++;
    }
  }
  // As Spark: an empty task writes nothing, except the first, so that an empty result still has a file (and a
  // parquet schema) to read back.
  if (groups.size === 0 && spec.partitionColumns.length === 0 && ctx.partitionId === 0) groups.set("", []);
  const format = fileFormat(spec.format);
  const fileCtx = { options: new FileOptions(spec.format, spec.options), zone: spec.zone };
  const prefix = `part-${String(ctx.partitionId).padStart(5, "0")}-${spec.jobId}`;
  const extension = format.extension(fileCtx.options);
  let bytes = 0;
  let files = 0;
  commitTaskOutput(spec.dir, ctx, (attemptDir) => {
    for (const [dir, rows] of groups) {
      const target = join(attemptDir, dir);
      mkdirSync(target, { recursive: true });
      const perFile = spec.maxRecordsPerFile > 0 ? spec.maxRecordsPerFile : Math.max(1, rows.length);
      for (let start = 0, counter = 0; start < rows.length || counter === 0; start += perFile, counter++) {
        const file = join(target, `${prefix}.c${String(counter).padStart(3, "0")}.${extension}`);
        format.writeFile(file, dataSchema, rows.slice(start, start + perFile), fileCtx);
        bytes += statSync(file).size;
        files++;
      }
    }
  });
  ctx.metrics.outputMetrics.recordsWritten += records;
  ctx.metrics.outputMetrics.bytesWritten += bytes;
  return { records, files };
}

function partitionDirValue(value: unknown, schema: StructType, column: number, zone: string): string {
  if (value === null || value === undefined) return DEFAULT_PARTITION_NAME;
  const text = castValue(value, schema.fields[column]!.dataType, StringType, zone) as string;
  return text === "" ? DEFAULT_PARTITION_NAME : escapePathName(text);
}

registerRDDKind("FileWriteRDD", (spec: FileWriteSpec, deps, id) => new FileWriteRDD(undefined, spec, deps, id), import.meta.url);
