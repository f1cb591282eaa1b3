import type { DataSourceOptions } from "../../exec/datasource/DataSource.js";
import { CaseInsensitiveOptions } from "../../exec/datasource/CaseInsensitiveOptions.js";

/** Spark's parse modes for malformed records (ParseMode.scala). */
export type ParseMode = "PERMISSIVE" | "DROPMALFORMED" | "FAILFAST";

/**
 * A data source's options as Spark's CaseInsensitiveMap reads them: keys compare without case, values are
 * strings (the reader turns PySpark-style numbers and booleans into strings). Typed getters refuse a value
 * they cannot read, naming the option, before any task runs.
 */
export class FileOptions extends CaseInsensitiveOptions {
  constructor(readonly format: string, options: DataSourceOptions) {
    super(options, `the ${format} option`);
  }

  /** A one-character option (`quote`, `escape`, `comment`); `\t` and `\u0000` (none) are accepted as Spark does. */
  char(key: string, fallback: string): string {
    const v = this.get(key);
    if (v === undefined) return fallback;
    if (v === "\\t") return "\t";
    if (v === "\\u0000" || v === "") return "\u0000";
    if (v.length !== 1) throw this.invalid(key, v, "a single character");
    return v;
  }

  parseMode(): ParseMode {
    const v = this.get("mode");
    if (v === undefined) return "PERMISSIVE";
    const upper = v.toUpperCase();
    if (upper === "PERMISSIVE" || upper === "DROPMALFORMED" || upper === "FAILFAST") return upper;
    throw this.invalid("mode", v, "PERMISSIVE, DROPMALFORMED or FAILFAST");
  }

  columnNameOfCorruptRecord(): string {
    return this.string("columnNameOfCorruptRecord", "_corrupt_record");
  }

  /** Kindling reads and writes UTF-8 only. */
  checkEncoding(): void {
    const v = this.get("encoding") ?? this.get("charset");
    if (v !== undefined && !/^utf-?8$/i.test(v)) throw this.invalid("encoding", v, "UTF-8 (the only encoding Kindling reads and writes)");
  }
}

/** Option values as PySpark accepts them (`option("header", True)`, `option("samplingRatio", 0.5)`), as strings. */
export function optionValue(value: string | number | boolean): string {
  return typeof value === "string" ? value : String(value);
}
