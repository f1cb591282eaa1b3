import { existsSync } from "node:fs";
import type { SessionState } from "../../../exec/QueryExecution.js";
import { AnalysisException } from "../../../expr/AnalysisException.js";
import type { Source, SourceContext, StreamSourceProvider } from "../../../streaming/Source.js";
import type { StructType } from "../../../types/StructType.js";
import { IllegalArgumentException } from "../../../util/SparkException.js";
import type { FileFormat } from "../../file/FileFormat.js";
import { localPath } from "../../file/FileListing.js";
import { FileOptions } from "../../file/FileOptions.js";
import { FileSourceProvider, sourceTimeZone } from "../../file/FileSourceProvider.js";
import { fileStreamOptions } from "./FileStreamOptions.js";
import { FileStreamSource } from "./FileStreamSource.js";
import { sourceFileCleaner } from "./SourceFileCleaner.js";

/**
 * `readStream.format("csv" | "json" | "text" | "parquet").load(dir)`: a directory whose new files are read as
 * they appear, with every batch-read option of the format besides the stream's own (FileStreamOptions).
 */
export class FileStreamSourceProvider implements StreamSourceProvider {
  readonly format: string;

  constructor(private readonly fileFormat: FileFormat) {
    this.format = fileFormat.name;
  }

  /**
   * The user's schema; text's `value STRING`; or, with `spark.sql.streaming.schemaInference`, the schema of the
   * files there now. A missing path (unless a glob), a bad option or a missing schema fails here, at `load()`.
   */
  sourceSchema(options: Readonly<Record<string, string>>, paths: readonly string[], userSchema: StructType | undefined, session: SessionState): StructType {
    const path = singlePath(paths);
    // Made only to check cleanSource's options (the archive directory) now rather than when the query starts.
    sourceFileCleaner(fileStreamOptions(options), path);
    if (!/[*?]/.test(path) && !existsSync(localPath(path))) throw new AnalysisException("PATH_NOT_FOUND", `Path does not exist: file:${localPath(path)}.`);
    const fileOptions = new FileOptions(this.format, options);
    this.fileFormat.checkOptions(fileOptions);
    if (userSchema !== undefined) {
      this.fileFormat.checkReadSchema(userSchema, fileOptions);
      return userSchema;
    }
    if (this.format === "text") return this.fileFormat.inferSchema([], { options: fileOptions, zone: sourceTimeZone(fileOptions) });
    if (session.conf("spark.sql.streaming.schemaInference")?.trim().toLowerCase() !== "true") {
      throw new IllegalArgumentException(
        "Schema must be specified when creating a streaming source DataFrame. If some files already exist in the directory, then depending on the file format you may be able to create a static DataFrame on that directory with 'spark.read.load(directory)' and infer schema from it.",
      );
    }
    return new FileSourceProvider(this.fileFormat).resolveSchema([path], options, undefined);
  }

  createSource(ctx: SourceContext): Source {
    singlePath(ctx.paths);
    return new FileStreamSource(this.format, ctx, fileStreamOptions(ctx.options));
  }
}

function singlePath(paths: readonly string[]): string {
  if (paths.length === 0) throw new IllegalArgumentException("'path' is not specified");
  if (paths.length > 1) throw new IllegalArgumentException(`A file stream source reads one directory, but was given ${paths.length} paths: ${paths.join(", ")}. Use a glob pattern to read several.`);
  return paths[0]!;
}
