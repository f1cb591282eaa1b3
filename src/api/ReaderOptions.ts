import { StructType } from "../types/StructType.js";
import type { DataFrame } from "./DataFrame.js";
import { DataSourceOptions } from "./DataSourceOptions.js";

/**
 * What `spark.read` and `spark.readStream` share: the user's schema and the per-format shortcuts, which are
 * `format(f).load(path)`. Each resolves the schema and builds its leaf in `load`.
 */
export abstract class ReaderOptions extends DataSourceOptions {
  protected userSchema: StructType | undefined;

  /** The schema as a StructType or a DDL string (`"a INT, b STRING"`); without one, it is inferred or the source's own. */
  schema(schema: StructType | string): this {
    this.userSchema = typeof schema === "string" ? StructType.fromDDL(schema) : schema;
    return this;
  }

  abstract load(path?: string | readonly string[]): DataFrame;

  /** The paths given to `load` or as the `path` option. */
  protected pathsOf(path: string | readonly string[] | undefined): string[] {
    const given = path ?? this.pathOption;
    return given === undefined ? [] : typeof given === "string" ? [given] : [...given];
  }

  csv(path: string | readonly string[]): DataFrame {
    return this.format("csv").load(path);
  }

  json(path: string | readonly string[]): DataFrame {
    return this.format("json").load(path);
  }

  text(path: string | readonly string[]): DataFrame {
    return this.format("text").load(path);
  }

  parquet(path: string | readonly string[]): DataFrame {
    return this.format("parquet").load(path);
  }
}
