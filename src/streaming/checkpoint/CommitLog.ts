import { MetadataLog, parseJsonLine } from "./MetadataLog.js";

/** One `commits/N` entry: batch N reached the sink; the watermark the next batch starts with. */
export interface CommitMetadata {
  readonly nextBatchWatermarkMs: number;
}

/** `commits/`: written after the sink has batch N, so that a restart knows N need not run again. */
export class CommitLog extends MetadataLog<CommitMetadata> {
  protected serialize(entry: CommitMetadata): string[] {
    return [JSON.stringify(entry)];
  }

  protected deserialize(lines: readonly string[]): CommitMetadata {
    const m = parseJsonLine(lines[0], "commit") as Partial<CommitMetadata>;
    return { nextBatchWatermarkMs: m.nextBatchWatermarkMs ?? 0 };
  }
}
