import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { intConf } from "../../core/ConfigEntry.js";
import { MetadataLog, parseJsonLine } from "../../streaming/checkpoint/MetadataLog.js";

/** The directory of a file sink's log, inside its output directory (Spark's FileStreamSink.metadataDir). */
export const SPARK_METADATA_DIR = "_spark_metadata";

export const FILE_SINK_LOG_COMPACT_INTERVAL = intConf("spark.sql.streaming.fileSink.log.compactInterval", 10,
  "Every this many batches the file sink's log writes `<batchId>.compact`, holding every file so far, so that readers read one file and the entries after it.", 1);

/** One file a batch of the sink wrote, as Spark's SinkFileStatus writes it to the log (a JSON line). */
export interface SinkFileStatus {
  /** The file's URI: `file:///abs/part-…`. */
  readonly path: string;
  readonly size: number;
  readonly isDir: boolean;
  readonly modificationTime: number;
  readonly blockReplication: number;
  readonly blockSize: number;
  /** `add`: the sink writes no other (Spark 3 reads no other). */
  readonly action: string;
}

const COMPACT_SUFFIX = ".compact";

/**
 * Spark's FileStreamSinkLog: `_spark_metadata/<batchId>`, one per committed batch, listing the files that batch
 * wrote; only the files it lists are the sink's output, so that files of a batch that failed before its entry was
 * written are never read. Every `compactInterval` batches (batch ids `n*interval - 1`) the entry is
 * `<batchId>.compact` and lists every file so far (Spark's CompactibleFileStreamLog): a reader reads the latest
 * compact entry and the ones after it.
 */
export class FileStreamSinkLog extends MetadataLog<SinkFileStatus[]> {
  private interval: number | undefined;

  /** `defaultCompactInterval`: spark.sql.streaming.fileSink.log.compactInterval; an existing log's own interval wins. */
  constructor(dir: string, private readonly defaultCompactInterval = 10) {
    super(dir);
  }

  protected serialize(files: SinkFileStatus[]): string[] {
    return files.map((f) => JSON.stringify(f));
  }

  protected deserialize(lines: readonly string[]): SinkFileStatus[] {
    return lines.map((line, i) => {
      const f = parseJsonLine(line, `file status #${i + 1}`) as SinkFileStatus;
      if (typeof f?.path !== "string" || typeof f.size !== "number") throw new Error(`file status #${i + 1} has no path and size: ${line.slice(0, 200)}`);
      return f;
    });
  }

  /** A compaction batch's entry holds the files of every batch before it too. */
  override add(batchId: number, files: SinkFileStatus[]): boolean {
    if (!this.isCompactionBatch(batchId)) return super.add(batchId, files);
    if (existsSync(this.pathOf(batchId))) return false;
    return super.add(batchId, [...this.allFiles(), ...files]);
  }

  /** Every file the sink committed (Spark's `allFiles`): the latest compact entry's and those of the entries after it. */
  allFiles(): SinkFileStatus[] {
    const ids = this.batchIds();
    const compact = this.compactBatchIds();
    const start = compact[compact.length - 1] ?? -1;
    return ids.filter((id) => id >= start).flatMap((id) => this.get(id) ?? []);
  }

  override batchIds(): number[] {
    return this.entryNames().map((n) => Number(n.replace(COMPACT_SUFFIX, ""))).sort((a, b) => a - b);
  }

  /** The entry's file as it is on disk; one not written yet is named by the compaction interval. */
  override pathOf(batchId: number): string {
    const plain = join(this.dir, String(batchId));
    const compact = plain + COMPACT_SUFFIX;
    if (existsSync(plain)) return plain;
    if (existsSync(compact)) return compact;
    return this.isCompactionBatch(batchId) ? compact : plain;
  }

  private isCompactionBatch(batchId: number): boolean {
    return (batchId + 1) % this.compactInterval() === 0;
  }

  /**
   * The interval an existing log was compacted at, so that a restart with another setting stays in step (Spark's
   * CompactibleFileStreamLog.compactInterval): the distance between the last two compact entries, or with one, the
   * smallest divisor of its batch count at least the setting.
   */
  private compactInterval(): number {
    if (this.interval !== undefined) return this.interval;
    const compact = this.compactBatchIds();
    const [previous, latest] = compact.slice(-2);
    if (latest !== undefined) this.interval = latest - previous!;
    else if (previous !== undefined) this.interval = deriveCompactInterval(this.defaultCompactInterval, previous);
    else this.interval = this.defaultCompactInterval;
    return this.interval;
  }

  private compactBatchIds(): number[] {
    return this.entryNames().filter((n) => n.endsWith(COMPACT_SUFFIX)).map((n) => Number(n.slice(0, -COMPACT_SUFFIX.length))).sort((a, b) => a - b);
  }

  private entryNames(): string[] {
    return readdirSync(this.dir).filter((n) => /^\d+(\.compact)?$/.test(n));
  }
}

/** With one compact entry at `latestCompactBatchId`: the first divisor of its batch count that is at least `interval`. */
function deriveCompactInterval(interval: number, latestCompactBatchId: number): number {
  const batches = latestCompactBatchId + 1;
  if (batches <= interval) return batches;
  for (let d = interval; d <= batches / 2; d++) if (batches % d === 0) return d;
  return batches;
}
