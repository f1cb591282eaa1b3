import { IllegalArgumentException } from "../../../util/SparkException.js";
import { parseDurationMs } from "../../../util/units.js";
import { CaseInsensitiveOptions } from "../../../exec/datasource/CaseInsensitiveOptions.js";

/** How files are cleaned up once a batch that read them is committed (Spark's CleanSourceMode). */
export type CleanSourceMode = "ARCHIVE" | "DELETE" | "OFF";

/** The options a file stream source reads on top of its format's (Spark's FileStreamOptions). */
export interface FileStreamOptions {
  readonly maxFilesPerTrigger: number | undefined;
  readonly maxBytesPerTrigger: number | undefined;
  /** Take the newest files first. */
  readonly latestFirst: boolean;
  /** Whether a file is known by its name alone, not its whole path. */
  readonly fileNameOnly: boolean;
  /** How much older than the newest file seen a file may be and still be read (default 7 days). */
  readonly maxFileAgeMs: number;
  readonly cleanSource: CleanSourceMode;
  readonly sourceArchiveDir: string | undefined;
}

/** Refuses, naming the option, a value Spark would refuse; checked at `load()` and again when the query starts. */
export function fileStreamOptions(options: Readonly<Record<string, string>>): FileStreamOptions {
  const o = new CaseInsensitiveOptions(options);
  for (const key of ["modifiedBefore", "modifiedAfter"]) {
    if (o.get(key) !== undefined) throw new IllegalArgumentException(`option '${key}' is not allowed in file stream sources`);
  }
  const maxFilesPerTrigger = positive(o, "maxFilesPerTrigger");
  const maxBytesPerTrigger = positive(o, "maxBytesPerTrigger");
  if (maxFilesPerTrigger !== undefined && maxBytesPerTrigger !== undefined) {
    throw new IllegalArgumentException("Options 'maxFilesPerTrigger' and 'maxBytesPerTrigger' can't be both set at the same time");
  }
  // Spark's timeStringAsMs: a bare number is milliseconds.
  const maxFileAgeMs = parseDurationMs(o.get("maxFileAge") ?? "7d", "maxFileAge", "ms");
  if (maxFileAgeMs < 0) throw o.invalid("maxFileAge", o.get("maxFileAge")!, "a duration that is not negative, e.g. 7d or '1 hour'");
  const mode = o.get("cleanSource");
  const cleanSource = mode === undefined ? "OFF" : mode.toUpperCase();
  if (cleanSource !== "ARCHIVE" && cleanSource !== "DELETE" && cleanSource !== "OFF") {
    throw new IllegalArgumentException(`Invalid mode for clean source option '${mode}'. Must be one of ARCHIVE,DELETE,OFF`);
  }
  const sourceArchiveDir = o.get("sourceArchiveDir");
  if (cleanSource === "ARCHIVE" && sourceArchiveDir === undefined) throw new IllegalArgumentException("Archive mode must be used with 'sourceArchiveDir' option.");
  return {
    maxFilesPerTrigger,
    maxBytesPerTrigger,
    latestFirst: o.boolean("latestFirst", false),
    fileNameOnly: o.boolean("fileNameOnly", false),
    maxFileAgeMs,
    cleanSource,
    sourceArchiveDir,
  };
}

function positive(o: CaseInsensitiveOptions, key: string): number | undefined {
  const v = o.get(key);
  if (v === undefined) return undefined;
  const n = o.integer(key, 0, "a positive integer");
  if (n <= 0) throw o.invalid(key, v, "a positive integer");
  return n;
}
