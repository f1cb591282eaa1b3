import { rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { SparkContext } from "../../core/SparkContext.js";
import { abortJob, moveTaskOutputs } from "../../core/rdd/TextOutput.js";
import type { DataSourceOptions } from "../../exec/datasource/DataSource.js";
import type { QueryExecution } from "../../exec/QueryExecution.js";
import { schemaOf } from "../../plan/logical/PlanOutput.js";
import type { Sink, SinkContext, StreamSinkProvider } from "../../streaming/Sink.js";
import { IllegalArgumentException, IllegalStateException } from "../../util/SparkException.js";
import { fileWriteSpec, runWriteTasks } from "../file/FileFormatWriter.js";
import { fileFormat } from "../file/FileFormats.js";
import { localPath } from "../file/FileListing.js";
import { FileOptions } from "../file/FileOptions.js";
import { FILE_SINK_LOG_COMPACT_INTERVAL, FileStreamSinkLog, SPARK_METADATA_DIR, type SinkFileStatus } from "./FileStreamSinkLog.js";

/** Hadoop's block size for local files (fs.local.block.size), which Spark's log records. */
const LOCAL_BLOCK_SIZE = 32 * 1024 * 1024;

/**
 * Spark's FileStreamSink: each batch's rows written as files of one format under `dir` (in `partitionBy`
 * directories), then committed by writing the batch's entry in `dir/_spark_metadata`, which lists the files.
 * Exactly-once: a batch id the log already has is skipped, and files of a batch that failed before its entry are
 * never read, since readers of `dir` read only the files the log lists.
 */
export class FileStreamSink implements Sink {
  private readonly log: FileStreamSinkLog;

  constructor(
    private readonly sc: SparkContext,
    private readonly format: string,
    private readonly dir: string,
    private readonly options: DataSourceOptions,
    private readonly partitionBy: readonly string[],
    compactInterval: number,
  ) {
    this.log = new FileStreamSinkLog(join(dir, SPARK_METADATA_DIR), compactInterval);
  }

  async addBatch(batchId: number, data: QueryExecution): Promise<void> {
    if (batchId <= (this.log.batchIds().at(-1) ?? -1)) return;
    const spec = fileWriteSpec(this.sc, schemaOf(data.analyzed), { format: this.format, options: this.options, partitionBy: this.partitionBy }, this.dir);
    // What a batch that died before its commit left in `_temporary` would shadow this batch's task output.
    rmSync(join(this.dir, "_temporary"), { recursive: true, force: true });
    let written: string[];
    try {
      await runWriteTasks(this.sc, data.toRdd(), spec, `FileStreamSink batch ${batchId}`);
      written = moveTaskOutputs(this.dir);
    } catch (e) {
      abortJob(this.dir, false);
      throw e;
    }
    if (!this.log.add(batchId, written.sort().map(fileStatus))) {
      throw new IllegalStateException(`Race while writing batch ${batchId}: another query wrote its entry in ${this.log.dir} first. Only one query may write to a file sink's directory.`);
    }
  }

  toString(): string {
    return `FileSink[${this.dir}]`;
  }
}

function fileStatus(path: string): SinkFileStatus {
  const stat = statSync(path);
  return {
    path: pathToFileURL(path).href,
    size: stat.size,
    isDir: false,
    modificationTime: Math.floor(stat.mtimeMs),
    blockReplication: 1,
    blockSize: LOCAL_BLOCK_SIZE,
    action: "add",
  };
}

/** `writeStream.format(format)` for a file format: append mode only (start() refuses others), a `path` required. */
export function fileStreamSinkProvider(format: string): StreamSinkProvider {
  return {
    format,
    supportedOutputModes: ["append"],
    createSink(ctx: SinkContext): Sink {
      if (ctx.path === undefined) throw new IllegalArgumentException("'path' is not specified");
      // Timestamps are written in the session's time zone unless a `timeZone` option says otherwise.
      const options = { timeZone: ctx.session.timeZone, ...ctx.options };
      fileFormat(format).checkOptions(new FileOptions(format, options));
      const compactInterval = FILE_SINK_LOG_COMPACT_INTERVAL.parse(ctx.session.conf(FILE_SINK_LOG_COMPACT_INTERVAL.key) ?? FILE_SINK_LOG_COMPACT_INTERVAL.defaultValue!);
      return new FileStreamSink(ctx.session.sc, format, localPath(ctx.path), options, ctx.partitionColumns, compactInterval);
    },
  };
}
