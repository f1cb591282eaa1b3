import { readFileSync, writeFileSync } from "node:fs";
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

export function writeTextFile(path: string, text: string, options: FileOptions): void {
  writeFileSync(path, textCodec(options) === "gzip" ? gzipSync(text) : text);
}
