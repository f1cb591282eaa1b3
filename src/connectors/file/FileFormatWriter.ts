import { existsSync, rmSync } from "node:fs";
import { randomUUID } from "node:crypto";
import type { SparkContext } from "../../core/SparkContext.js";
import type { RDD } from "../../core/rdd/RDD.js";
import { userFunction } from "../../core/closure/SerializedFunction.js";
import { intConf } from "../../core/ConfigEntry.js";
import { abortJob, commitJob } from "../../core/rdd/TextOutput.js";
import type { DataSourceOptions } from "../../exec/datasource/DataSource.js";
import type { ColumnarBatch } from "../../exec/vector/ColumnarBatch.js";
import { StructType } from "../../types/StructType.js";
import { AnalysisException } from "../../expr/AnalysisException.js";
import { IllegalArgumentException } from "../../util/SparkException.js";
import { localPath } from "./FileListing.js";
import { FileOptions } from "./FileOptions.js";
import { fileFormat } from "./FileFormats.js";
import type { FileWriteSpec, WriteTaskResult } from "./FileWriteRDD.js";
import { FileWriteRDD } from "./FileWriteRDD.js";
import { sourceTimeZone } from "./FileSourceProvider.js";

/** Spark's SaveMode. */
export type SaveMode = "errorifexists" | "append" | "overwrite" | "ignore";

/** `mode("error")` and the other spellings Spark accepts, as a SaveMode; anything else is refused at once. */
export function parseSaveMode(mode: string): SaveMode {
  switch (mode.toLowerCase()) {
    case "error":
    case "errorifexists":
    case "default":
      return "errorifexists";
    case "append":
    case "overwrite":
    case "ignore":
      return mode.toLowerCase() as SaveMode;
    default:
      throw new IllegalArgumentException(`Unknown save mode: ${mode}. Accepted save modes are 'overwrite', 'append', 'ignore', 'error', 'errorifexists', 'default'.`);
  }
}

export const FILES_MAX_RECORDS_PER_FILE = intConf("spark.sql.files.maxRecordsPerFile", 0,
  "The most rows a written file holds before the writer starts another; 0 or less for no limit.");

/** The `maxRecordsPerFile` option, else the session's spark.sql.files.maxRecordsPerFile. */
function maxRecordsPerFile(options: FileOptions, sc: SparkContext): number {
  const v = options.get("maxRecordsPerFile");
  if (v === undefined) return sc.conf.getEntry(FILES_MAX_RECORDS_PER_FILE);
  if (!/^-?\d+$/.test(v.trim())) throw options.invalid("maxRecordsPerFile", v, "a whole number of rows");
  return Number(v);
}

export interface FileWriteRequest {
  readonly format: string;
  readonly path: string;
  readonly mode: SaveMode;
  readonly options: DataSourceOptions;
  readonly partitionBy: readonly string[];
}

/**
 * Spark's FileFormatWriter.write on the driver: checks the request before any task, applies the save mode,
 * runs one write task per partition of `rdd`, and commits the job (files moved into place, `_SUCCESS`).
 */
export async function writeFiles(sc: SparkContext, rdd: RDD<ColumnarBatch>, schema: StructType, request: FileWriteRequest): Promise<void> {
  const dir = localPath(request.path);
  const spec = fileWriteSpec(sc, schema, request, dir);
  const exists = existsSync(dir);
  if (exists && request.mode === "errorifexists") {
    throw new AnalysisException("PATH_ALREADY_EXISTS", `Path file:${dir} already exists. Set mode as "overwrite" to overwrite the existing path.`);
  }
  if (exists && request.mode === "ignore") return;
  if (exists && request.mode === "overwrite") rmSync(dir, { recursive: true, force: true });
  const createdDir = !exists || request.mode === "overwrite";
  try {
    await runWriteTasks(sc, rdd, spec, "save");
    commitJob(dir);
  } catch (e) {
    abortJob(dir, createdDir);
    throw e;
  }
}

/**
 * Checks a write of `schema` into `dir` before any task runs (the format's options, the partition columns, the
 * types the files can hold) and makes the spec its tasks take, with a fresh job id for the file names.
 */
export function fileWriteSpec(sc: SparkContext, schema: StructType, request: Omit<FileWriteRequest, "path" | "mode">, dir: string): FileWriteSpec {
  const format = fileFormat(request.format);
  const options = new FileOptions(format.name, request.options);
  format.checkOptions(options);
  const partitionColumns = request.partitionBy.map((name) => {
    const i = schema.fieldNames().indexOf(name);
    if (i < 0) throw new AnalysisException("UNRESOLVED_COLUMN", `Partition column \`${name}\` not found in schema [${schema.fieldNames().join(", ")}].`);
    return i;
  });
  if (partitionColumns.length > 0 && partitionColumns.length === schema.length) {
    throw new AnalysisException("_LEGACY_ERROR_TEMP_1155", "Cannot use all columns for partition columns: leave at least one column to write into the files.");
  }
  format.checkWritable(new StructType(schema.fields.filter((_, i) => !partitionColumns.includes(i))));
  return {
    format: format.name,
    options: request.options,
    zone: sourceTimeZone(options),
    dir,
    schema: schema.jsonValue(),
    partitionColumns,
    jobId: randomUUID(),
    maxRecordsPerFile: maxRecordsPerFile(options, sc),
  };
}

/** Runs one write task per partition of `rdd`; each commits its files under `<dir>/_temporary`, and the caller commits the job. */
export function runWriteTasks(sc: SparkContext, rdd: RDD<ColumnarBatch>, spec: FileWriteSpec, callSite: string): Promise<WriteTaskResult[][]> {
  return sc.runJob<WriteTaskResult[]>(new FileWriteRDD(rdd, spec), userFunction((it: IterableIterator<WriteTaskResult>) => [...it], undefined, callSite), undefined, callSite);
}
