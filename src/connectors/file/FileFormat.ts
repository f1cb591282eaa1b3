import type { StructType } from "../../types/StructType.js";
import type { FileOptions } from "./FileOptions.js";
import type { InputFile } from "./FileListing.js";
import type { StatsFilter } from "./StatsFilter.js";

/** The bytes [start, start + length) of one file: a whole file, or a piece of a splitable one. */
export interface FileSplit {
  readonly path: string;
  readonly start: number;
  readonly length: number;
}

/** A split as errors name it: the file, and the byte range when it is a piece of the file. */
export function describeSplit(split: FileSplit): string {
  return split.start === 0 ? `file:${split.path}` : `file:${split.path} (the split from byte ${split.start})`;
}

/** What reading or writing one file needs besides its rows: its options and the session's time zone. */
export interface FileContext {
  readonly options: FileOptions;
  readonly zone: string;
  /** Pushed filters a reader may use to skip blocks of rows (the plan filters again above the scan). */
  readonly statsFilters?: readonly StatsFilter[];
}

/**
 * One file format (Spark's FileFormat): how to infer a schema from files, read one file into rows of a data
 * schema, and write rows into one file. Rows are arrays of values in the types layer's representation.
 * Everything here runs synchronously: reads in task threads, inference on the driver.
 */
export interface FileFormat {
  readonly name: string;
  /** The extension of files written with these options, e.g. `csv`, `csv.gz`, `snappy.parquet`. */
  extension(options: FileOptions): string;
  /** Reads every option it knows so that a bad value fails on the driver, before any task. */
  checkOptions(options: FileOptions): void;
  inferSchema(files: readonly InputFile[], ctx: FileContext): StructType;
  /** Refuses, before any task, a user's schema this format cannot read with these options. */
  checkReadSchema(schema: StructType, options: FileOptions): void;
  /** Whether a file may be read in byte ranges by several tasks (line-based formats, uncompressed). */
  isSplitable(options: FileOptions): boolean;
  readFile(split: FileSplit, dataSchema: StructType, ctx: FileContext): Iterable<unknown[]>;
  /** Refuses, before any task, a schema this format cannot write. */
  checkWritable(schema: StructType): void;
  writeFile(path: string, schema: StructType, rows: readonly (readonly unknown[])[], ctx: FileContext): void;
}
