import type { SaveMode } from "../connectors/file/FileFormatWriter.js";
import { parseSaveMode, writeFiles } from "../connectors/file/FileFormatWriter.js";
import { IllegalArgumentException } from "../util/SparkException.js";
import type { DataFrame } from "./DataFrame.js";
import { DataSourceOptions } from "./DataSourceOptions.js";

/**
 * Spark's DataFrameWriter (`df.write`): `format(..).mode(..).option(..).partitionBy(..).save(path)`, or
 * `csv(path)`, `json(path)`, `text(path)`, `parquet(path)`. `save` runs the DataFrame's query and one write
 * task per partition, and resolves once the job has committed.
 */
export class DataFrameWriter extends DataSourceOptions {
  private saveMode: SaveMode = "errorifexists";
  private partitionColumns: string[] = [];

  /** @internal made by `df.write`. */
  constructor(private readonly df: DataFrame) {
    super();
  }

  /** `error` / `errorifexists` (the default), `append`, `overwrite` or `ignore`; anything else fails here. */
  mode(saveMode: string): this {
    this.saveMode = parseSaveMode(saveMode);
    return this;
  }

  /** Writes one `column=value/` directory level per column, in order, leaving those columns out of the files. */
  partitionBy(...columns: (string | readonly string[])[]): this {
    this.partitionColumns = columns.flat();
    return this;
  }

  async save(path?: string): Promise<void> {
    const target = path ?? this.pathOption;
    if (target === undefined) throw new IllegalArgumentException("'path' is not specified: give save() a path, or set the 'path' option.");
    const options = this.resolvedOptions(this.df.sparkSession.timeZone);
    await writeFiles(this.df.sparkSession.sparkContext, this.df.queryExecution.toRdd(), this.df.schema, {
      format: this.source, path: target, mode: this.saveMode, options, partitionBy: this.partitionColumns,
    });
  }

  csv(path: string): Promise<void> {
    return this.format("csv").save(path);
  }

  json(path: string): Promise<void> {
    return this.format("json").save(path);
  }

  text(path: string): Promise<void> {
    return this.format("text").save(path);
  }

  parquet(path: string): Promise<void> {
    return this.format("parquet").save(path);
  }
}
