import { readFileSync, statSync, writeFileSync } from "node:fs";
import { readLinesInRange } from "../../core/rdd/LineReader.js";
import type { FileSplit } from "./FileFormat.js";
import { gunzipSync, gzipSync } from "node:zlib";
import type { FileOptions } from "./FileOptions.js";

/** The codecs Kindling writes text formats with: Spark's `compression` option (alias `codec`), gzip or none. */
export type TextCodec = "gzip" | "none";

export function textCodec(options: FileOptions): TextCodec {
  const v = (options.get("compression") ?? options.get("codec") ?? "none").toLowerCase();
  if (v === "none" || v === "uncompressed") return "none";
  if (v === "gzip") return "gzip";
  throw options.invalid("compression", v, "none, uncompressed or gzip (the codecs Kindling writes text formats with)");
}

/** A written file's extension: Spark adds the codec's, as `csv.gz`. */
export function textExtension(base: string, options: FileOptions): string {
  return textCodec(options) === "gzip" ? `${base}.gz` : base;
}

/** A text file's content; a `.gz` file is decompressed, as Hadoop's codecs do by extension. */
export function readTextFile(path: string): string {
  const bytes = readFileSync(path);
  return (path.endsWith(".gz") ? gunzipSync(bytes) : bytes).toString("utf8");
}

/**
 * The text of a split: the whole file, or the lines that start inside its byte range (Hadoop's rule, so that
 * the splits of a file read every line once).
 */
export function readSplitText(split: FileSplit): string {
  if (split.start === 0 && (split.path.endsWith(".gz") || split.length >= statSync(split.path).size)) return readTextFile(split.path);
  let text = "";
  for (const line of readLinesInRange(split.path, split.start, split.length, () => {})) text += line + "\n";
  return text;
}

export function writeTextFile(path: string, text: string, options: FileOptions): void {
  writeFileSync(path, textCodec(options) === "gzip" ? gzipSync(text) : text);
}
