import { MetadataLog, parseJsonLine } from "./MetadataLog.js";
import type { Offset } from "../Offset.js";

/**
 * Spark's OffsetSeqMetadata: what batch N was planned with, kept so that a rerun plans it the same way: the
 * watermark, the timestamp current_timestamp() returns, and the settings the state depends on.
 */
export interface OffsetSeqMetadata {
  readonly batchWatermarkMs: number;
  readonly batchTimestampMs: number;
  readonly conf: Readonly<Record<string, string>>;
}

/** One `offsets/N` entry: the offset each source reads up to in batch N (null: the source has none yet). */
export interface OffsetSeq {
  readonly offsets: readonly (Offset | null)[];
  readonly metadata: OffsetSeqMetadata;
}

/** `offsets/`, the write-ahead log: `v1`, the metadata as JSON, then one line per source, `-` for none. */
export class OffsetSeqLog extends MetadataLog<OffsetSeq> {
  protected serialize(entry: OffsetSeq): string[] {
    return [JSON.stringify(entry.metadata), ...entry.offsets.map((o) => (o === null ? "-" : JSON.stringify(o)))];
  }

  protected deserialize(lines: readonly string[]): OffsetSeq {
    const [meta, ...rest] = lines;
    const m = parseJsonLine(meta, "metadata") as Partial<OffsetSeqMetadata>;
    if (typeof m !== "object" || m === null) throw new Error("the metadata line is not a JSON object");
    const metadata: OffsetSeqMetadata = { batchWatermarkMs: m.batchWatermarkMs ?? 0, batchTimestampMs: m.batchTimestampMs ?? 0, conf: m.conf ?? {} };
    const offsets = rest.map((line, i) => (line === "-" ? null : (parseJsonLine(line, `source ${i} offset`) as Offset)));
    return { offsets, metadata };
  }
}
