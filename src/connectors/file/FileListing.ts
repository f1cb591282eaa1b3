import { existsSync, readdirSync, statSync } from "node:fs";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import type { DataType } from "../../types/DataType.js";
import { DateType, DoubleType, IntegerType, LongType, StringType, TimestampType } from "../../types/AtomicTypes.js";
import { StructField } from "../../types/StructField.js";
import { StructType } from "../../types/StructType.js";
import { findTightestCommonType } from "../../types/TypeCoercion.js";
import { castValue } from "../../expr/CastEvaluator.js";
import { stringToDate, stringToTimestamp } from "../../expr/DateTimeUtils.js";
import { AnalysisException } from "../../expr/AnalysisException.js";
import { FileStreamSinkLog, SPARK_METADATA_DIR } from "../sinks/FileStreamSinkLog.js";

/** One data file of a relation, with the raw `key=value` pairs of the directories between its root and it. */
export interface InputFile {
  readonly path: string;
  readonly size: number;
  readonly partitionValues: readonly (readonly [string, string | null])[];
}

/** Spark's default partition name for a null partition value. */
export const DEFAULT_PARTITION_NAME = "__HIVE_DEFAULT_PARTITION__";

export function localPath(path: string): string {
  return resolve(path.replace(/^file:(\/\/)?/, ""));
}

/**
 * The data files under `paths` (Spark's InMemoryFileIndex): a file itself, or every visible file below a
 * directory (names starting with `_` or `.` are metadata, as `_SUCCESS`). A missing path fails here, before
 * any job, with Spark's PATH_NOT_FOUND. One directory that a streaming file sink writes is read as its log says.
 */
export function listInputFiles(paths: readonly string[]): InputFile[] {
  const committed = paths.length === 1 ? sinkOutputFiles(localPath(paths[0]!)) : undefined;
  if (committed !== undefined) return committed;
  const files: InputFile[] = [];
  for (const root of paths.flatMap((p) => expandGlob(localPath(p)))) {
    if (!statSync(root).isDirectory()) {
      files.push({ path: root, size: statSync(root).size, partitionValues: [] });
      continue;
    }
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir).sort()) {
        if (name.startsWith("_") || name.startsWith(".")) continue;
        const full = join(dir, name);
        const stat = statSync(full);
        if (stat.isDirectory()) walk(full);
        else files.push({ path: full, size: stat.size, partitionValues: partitionValuesOf(relative(root, dir)) });
      }
    };
    walk(root);
  }
  return files;
}

/**
 * The files a streaming file sink committed to `root`, when it is a directory with a `_spark_metadata` log
 * (Spark's MetadataLogFileIndex): files of batches that never committed are in the directory but not the data.
 */
function sinkOutputFiles(root: string): InputFile[] | undefined {
  const logDir = join(root, SPARK_METADATA_DIR);
  if (!existsSync(logDir) || !statSync(root).isDirectory()) return undefined;
  return new FileStreamSinkLog(logDir).allFiles().filter((f) => !f.isDir).map((f) => {
    const path = f.path.startsWith("file:") ? fileURLToPath(f.path) : f.path;
    return { path, size: f.size, partitionValues: partitionValuesOf(relative(root, dirname(path))) };
  });
}

/**
 * A path whose last part has `*` or `?` as the matching paths, sorted; a path that does not exist, or a glob that
 * matches nothing, fails with Spark's PATH_NOT_FOUND.
 */
function expandGlob(path: string): string[] {
  const name = basename(path);
  if (!/[*?]/.test(name)) {
    if (!existsSync(path)) throw new AnalysisException("PATH_NOT_FOUND", `Path does not exist: file:${path}.`);
    return [path];
  }
  const dir = dirname(path);
  const pattern = new RegExp("^" + name.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".") + "$");
  const matches = existsSync(dir) ? readdirSync(dir).filter((n) => pattern.test(n) && !n.startsWith("_") && !n.startsWith(".")).sort() : [];
  if (matches.length === 0) throw new AnalysisException("PATH_NOT_FOUND", `Path does not exist: file:${path}.`);
  return matches.map((n) => join(dir, n));
}

/** `a=1/b=x` as [["a", "1"], ["b", "x"]]; directories without `=` carry no partition value. */
function partitionValuesOf(dir: string): [string, string | null][] {
  if (dir === "") return [];
  return dir.split(sep).flatMap((part): [string, string | null][] => {
    const eq = part.indexOf("=");
    if (eq <= 0) return [];
    const raw = unescapePathName(part.slice(eq + 1));
    return [[unescapePathName(part.slice(0, eq)), raw === DEFAULT_PARTITION_NAME ? null : raw]];
  });
}

/**
 * The partition columns of a set of files with the types Spark's partition discovery infers (integer, long,
 * double, date, timestamp, else string), widened across directories. Directories that disagree on the
 * partition columns are an error naming them, as in Spark.
 */
export function inferPartitionSchema(files: readonly InputFile[]): StructType {
  if (files.length === 0) return new StructType();
  const names = files[0]!.partitionValues.map(([k]) => k);
  const types: (DataType | null)[] = names.map(() => null);
  for (const f of files) {
    const these = f.partitionValues.map(([k]) => k);
    if (these.join("/") !== names.join("/")) {
      throw new AnalysisException("CONFLICTING_PARTITION_COLUMN_NAMES",
        `Conflicting partition column names detected: [${names.join(", ")}] and [${these.join(", ")}] (at file:${f.path}). Partition directories of one table must name the same columns in the same order.`);
    }
    f.partitionValues.forEach(([, v], i) => {
      if (v === null) return;
      const t = inferPartitionValueType(v);
      const prev = types[i];
      types[i] = prev === null || prev === undefined ? t : (findTightestCommonType(prev, t) ?? StringType);
    });
  }
  return new StructType(names.map((n, i) => new StructField(n, types[i] ?? StringType, true)));
}

function inferPartitionValueType(v: string): DataType {
  if (/^[+-]?\d+$/.test(v)) {
    const n = BigInt(v);
    if (n >= -(2n ** 31n) && n < 2n ** 31n) return IntegerType;
    if (n >= -(2n ** 63n) && n < 2n ** 63n) return LongType;
    return StringType;
  }
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(v)) return DoubleType;
  if (/^\d{4}-\d{2}-\d{2}$/.test(v) && stringToDate(v) !== null) return DateType;
  if (/^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}/.test(v) && stringToTimestamp(v, "UTC") !== null) return TimestampType;
  return StringType;
}

/** A file's value of each partition column, converted to the column's type. */
export function partitionRow(file: Pick<InputFile, "partitionValues">, partitionSchema: StructType, zone: string): unknown[] {
  return partitionSchema.fields.map((f) => {
    const raw = file.partitionValues.find(([k]) => k === f.name)?.[1] ?? null;
    return raw === null ? null : castValue(raw, StringType, f.dataType, zone);
  });
}

/** Spark's escapePathName: characters that a path cannot hold plainly, as `%XX`. */
export function escapePathName(name: string): string {
  return name.replace(/["#%'*/:=?\\\u007f{}[\]^\u0000-\u001f]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0"));
}

function unescapePathName(name: string): string {
  return name.replace(/%([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}
