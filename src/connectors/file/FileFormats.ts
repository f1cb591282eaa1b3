import { AnalysisException } from "../../expr/AnalysisException.js";
import type { FileFormat } from "./FileFormat.js";
import { CsvFormat } from "./CsvFormat.js";
import { JsonFormat } from "./JsonFormat.js";
import { ParquetFormat } from "./ParquetFormat.js";
import { TextFormat } from "./TextFormat.js";

/** The file formats by Spark's short names; scans and writes look a format up here on executors too. */
export const FILE_FORMATS: Readonly<Record<string, FileFormat>> = Object.freeze({
  csv: CsvFormat,
  json: JsonFormat,
  text: TextFormat,
  parquet: ParquetFormat,
});

export function fileFormat(name: string): FileFormat {
  const format = FILE_FORMATS[name.toLowerCase()];
  if (format === undefined) {
    throw new AnalysisException("DATA_SOURCE_NOT_FOUND", `Failed to find the data source: ${name}. Known file formats: ${Object.keys(FILE_FORMATS).join(", ")}.`);
  }
  return format;
}
