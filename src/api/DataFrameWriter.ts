import type { SaveMode } from "../connectors/file/FileFormatWriter.js";
import { parseSaveMode, writeFiles } from "../connectors/file/FileFormatWriter.js";
import { optionValue } from "../connectors/file/FileOptions.js";
import { IllegalArgumentException } from "../util/SparkException.js";
import type { DataFrame } from "./DataFrame.js";
import type { OptionValue } from "./DataFrameReader.js";

/**
 * Spark's DataFrameWriter (`df.write`): `format(..).mode(..).option(..).partitionBy(..).save(path)`, or
 * `csv(path)`, `json(path)`, `text(path)`, `parquet(path)`. `save` runs the DataFrame's query and one write
 * task per partition, and resolves once the job has committed.
 */
export class DataFrameWriter {
  private source = "parquet";
  private saveMode: SaveMode = "errorifexists";
  private readonly extraOptions = new Map<string, [string, string]>();
  private partitionColumns: string[] = [];

  /** @internal made by `df.write`. */
  constructor(private readonly df: DataFrame) {}

  format(source: string): this {
    this.source = source;
    return this;
  }

  /** `error` / `errorifexists` (the default), `append`, `overwrite` or `ignore`; anything else fails here. */
  mode(saveMode: string): this {
    this.saveMode = parseSaveMode(saveMode);
    return this;
  }

  option(key: string, value: OptionValue): this {
    this.extraOptions.set(key.toLowerCase(), [key, optionValue(value)]);
    return this;
  }

  options(options: Readonly<Record<string, OptionValue>>): this {
    for (const [k, v] of Object.entries(options)) this.option(k, v);
    return this;
  }

  /** Writes one `column=value/` directory level per column, in order, leaving those columns out of the files. */
  partitionBy(...columns: (string | readonly string[])[]): this {
    this.partitionColumns = columns.flat();
    return this;
  }

  async save(path?: string): Promise<void> {
    const target = path ?? this.extraOptions.get("path")?.[1];
    if (target === undefined) throw new IllegalArgumentException("'path' is not specified: give save() a path, or set the 'path' option.");
    const options = Object.fromEntries([...this.extraOptions.values()].filter(([k]) => k.toLowerCase() !== "path"));
    if (!this.extraOptions.has("timezone")) options["timeZone"] = this.df.sparkSession.timeZone;
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
