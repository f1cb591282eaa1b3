import { MetadataLog, parseJsonLine } from "../../../streaming/checkpoint/MetadataLog.js";
import { IllegalStateException } from "../../../util/SparkException.js";

/** One file a batch of a file stream source took (Spark's FileEntry): its URL, modification time (ms) and batch. */
export interface FileEntry {
  readonly path: string;
  readonly timestamp: number;
  readonly batchId: number;
}

/**
 * `<checkpoint>/sources/<i>/`: the files each batch of a file stream source took, in Spark's FileStreamSourceLog
 * layout: file `N` holds `v1` and then one JSON line per file. It is what a restarted query knows it has read.
 */
export class FileStreamSourceLog extends MetadataLog<readonly FileEntry[]> {
  protected serialize(entries: readonly FileEntry[]): string[] {
    return entries.map((e) => JSON.stringify({ path: e.path, timestamp: e.timestamp, batchId: e.batchId }));
  }

  protected deserialize(lines: readonly string[]): readonly FileEntry[] {
    return lines.filter((l) => l.trim() !== "").map((line) => {
      const e = parseJsonLine(line, "file entry") as Partial<FileEntry>;
      if (typeof e.path !== "string" || typeof e.timestamp !== "number" || typeof e.batchId !== "number") {
        throw new Error(`the line ${line.slice(0, 200)} is not {"path":…,"timestamp":…,"batchId":…}`);
      }
      return { path: e.path, timestamp: e.timestamp, batchId: e.batchId };
    });
  }

  /** The entries of batches `from` to `to`, inclusive; every one must be there (a gap is an error naming it). */
  range(from: number, to: number): FileEntry[] {
    const entries: FileEntry[] = [];
    for (let id = from; id <= to; id++) {
      const batch = this.get(id);
      if (batch === undefined) throw new IllegalStateException(`The file source log has no batch ${id} (${this.pathOf(id)}), which the batch from ${from} to ${to} needs: the checkpoint is incomplete.`);
      entries.push(...batch);
    }
    return entries;
  }

  /** Every logged file, for a restarted source to know them. */
  all(): FileEntry[] {
    return this.batchIds().flatMap((id) => this.get(id) ?? []);
  }
}
