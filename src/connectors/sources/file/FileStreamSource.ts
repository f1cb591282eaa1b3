import { statSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Attribute } from "../../../expr/AttributeReference.js";
import { AnalysisException } from "../../../expr/AnalysisException.js";
import { DataSourceRelation, LocalRelation } from "../../../plan/logical/Relations.js";
import type { Offset } from "../../../streaming/Offset.js";
import type { ReadLimit, Source, SourceBatch, SourceContext } from "../../../streaming/Source.js";
import type { StructType } from "../../../types/StructType.js";
import { IllegalStateException } from "../../../util/SparkException.js";
import { listInputFiles, localPath } from "../../file/FileListing.js";
import { fileRelationSource } from "../../file/FileSourceProvider.js";
import type { FileStreamOptions } from "./FileStreamOptions.js";
import { FileStreamSourceLog } from "./FileStreamSourceLog.js";
import { SeenFilesMap } from "./SeenFilesMap.js";
import { sourceFileCleaner, type SourceFileCleaner } from "./SourceFileCleaner.js";

/** A file found under the source path: its URL (as the log keeps it), modification time in ms, and size. */
interface ListedFile {
  readonly url: string;
  readonly timestamp: number;
  readonly size: number;
}

/**
 * A directory read as a stream of files (Spark's FileStreamSource). Each `latestOffset` lists the directory,
 * takes the files not seen yet (oldest first, or newest with `latestFirst`, at most `maxFilesPerTrigger` files or
 * `maxBytesPerTrigger` bytes), and writes them to the source log as the next log batch before returning its
 * number as the offset `{"logOffset": N}`. A batch reads the logged files of its offsets with the format's batch
 * reader and options, so a replay reads the same files, and a restart knows every file it has logged.
 */
export class FileStreamSource implements Source {
  readonly schema: StructType;
  private readonly path: string;
  private readonly log: FileStreamSourceLog;
  private readonly seen: SeenFilesMap;
  private readonly cleaner: SourceFileCleaner | undefined;
  /** The options the format's batch reader gets: the user's, with the session's time zone unless given. */
  private readonly readOptions: Readonly<Record<string, string>>;
  private logOffset: number;
  /** Trigger.AvailableNow: the files there were when it was prepared; later files wait for another run. */
  private availableNowFiles: ListedFile[] | undefined;
  private lastCommitted: number | undefined;

  constructor(private readonly format: string, ctx: SourceContext, private readonly options: FileStreamOptions) {
    this.schema = ctx.schema;
    this.path = ctx.paths[0]!;
    this.log = new FileStreamSourceLog(ctx.metadataPath);
    this.logOffset = this.log.batchIds().at(-1) ?? -1;
    // With latestFirst and a file limit, old files may be the ones still unread: age must not drop them (SPARK-19813).
    const maxAgeMs = options.latestFirst && options.maxFilesPerTrigger !== undefined ? Number.MAX_SAFE_INTEGER : options.maxFileAgeMs;
    this.seen = new SeenFilesMap(maxAgeMs, options.fileNameOnly);
    for (const entry of this.log.all()) this.seen.add(entry.path, entry.timestamp);
    this.seen.purge();
    this.cleaner = sourceFileCleaner(options, this.path);
    const hasTimeZone = Object.keys(ctx.options).some((k) => k.toLowerCase() === "timezone");
    this.readOptions = hasTimeZone ? ctx.options : { ...ctx.options, timeZone: ctx.session.timeZone };
  }

  async latestOffset(_start: Offset | null, limit: ReadLimit): Promise<Offset | null> {
    const fresh = (this.availableNowFiles ?? this.listFiles()).filter((f) => this.seen.isNewFile(f.url, f.timestamp));
    const batch = limit === "all" ? fresh : this.admit(fresh);
    for (const f of batch) this.seen.add(f.url, f.timestamp);
    this.seen.purge();
    if (batch.length > 0) {
      const batchId = this.logOffset + 1;
      if (!this.log.add(batchId, batch.map((f) => ({ path: f.url, timestamp: f.timestamp, batchId })))) {
        throw new IllegalStateException(`Concurrent update to the log. Multiple streaming jobs detected for ${batchId} (${this.log.pathOf(batchId)}).`);
      }
      this.logOffset = batchId;
    }
    return this.logOffset < 0 ? null : { logOffset: this.logOffset };
  }

  async prepareForTriggerAvailableNow(): Promise<void> {
    this.availableNowFiles = this.listFiles();
  }

  async getBatch(start: Offset | null, end: Offset, output: readonly Attribute[]): Promise<SourceBatch> {
    const from = start === null ? -1 : logOffsetOf(start);
    const to = logOffsetOf(end);
    if (from > to) throw new IllegalStateException(`The file source was asked for the batch from log offset ${from} to ${to}: the start is after the end.`);
    if (from === to) return { plan: LocalRelation(output, [], true), numRows: 0 };
    const files = this.log.range(from + 1, to).map((e) => fileURLToPath(e.path));
    const source = fileRelationSource(this.format, files, this.readOptions, this.schema);
    return { plan: DataSourceRelation(output, { ...source, isStreaming: true }, true), numRows: null };
  }

  /** Cleans (cleanSource) the files of the log batches this commit completes. */
  async commit(end: Offset): Promise<void> {
    const to = logOffsetOf(end);
    if (this.cleaner !== undefined) {
      const from = this.lastCommitted === undefined ? to : this.lastCommitted + 1;
      for (let id = Math.max(from, 0); id <= to; id++) {
        for (const entry of this.log.get(id) ?? []) if (entry.batchId === id) this.cleaner.clean(entry);
      }
    }
    this.lastCommitted = to;
  }

  async stop(): Promise<void> {}

  toString(): string {
    return `FileStreamSource[file:${localPath(this.path)}]`;
  }

  /** Every visible file under the path, oldest first (newest first with latestFirst); none while the path is missing. */
  private listFiles(): ListedFile[] {
    let found;
    try {
      found = listInputFiles([this.path]);
    } catch (e) {
      // A directory (or glob) with nothing in it yet is a stream that has not started: Spark lists it as empty.
      if (e instanceof AnalysisException && e.errorClass === "PATH_NOT_FOUND") return [];
      throw e;
    }
    const files = found.flatMap((f): ListedFile[] => {
      // Spark's InMemoryFileIndex also skips files still being copied in by `hadoop fs -put`.
      if (f.path.endsWith("._COPYING_")) return [];
      try {
        return [{ url: pathToFileURL(f.path).href, timestamp: Math.floor(statSync(f.path).mtimeMs), size: f.size }];
      } catch {
        return []; // removed since it was listed
      }
    });
    const order = this.options.latestFirst ? -1 : 1;
    return files.sort((a, b) => order * (a.timestamp - b.timestamp));
  }

  /** The files a batch may take under maxFilesPerTrigger or maxBytesPerTrigger (at least one file). */
  private admit(files: readonly ListedFile[]): readonly ListedFile[] {
    const { maxFilesPerTrigger, maxBytesPerTrigger } = this.options;
    if (maxFilesPerTrigger !== undefined) return files.slice(0, maxFilesPerTrigger);
    if (maxBytesPerTrigger === undefined) return files;
    let bytes = 0;
    let n = 0;
    while (n < files.length && (n === 0 || bytes + files[n]!.size <= maxBytesPerTrigger)) bytes += files[n++]!.size;
    return files.slice(0, n);
  }
}

function logOffsetOf(offset: Offset): number {
  const n = typeof offset === "object" && offset !== null && !Array.isArray(offset) ? (offset as Record<string, Offset>)["logOffset"] : undefined;
  if (typeof n !== "number" || !Number.isSafeInteger(n) || n < -1) {
    throw new IllegalStateException(`A file source's offset is {"logOffset": <batch of its log>}, not ${JSON.stringify(offset)}.`);
  }
  return n;
}
