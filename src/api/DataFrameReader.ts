import { dataSourceFor } from "../exec/datasource/DataSource.js";
import { AttributeReference } from "../expr/AttributeReference.js";
import { DataSourceRelation } from "../plan/logical/Relations.js";
import { StructType } from "../types/StructType.js";
import { IllegalArgumentException } from "../util/SparkException.js";
import { fileRelationSource } from "../connectors/file/FileSourceProvider.js";
import { DataFrame } from "./DataFrame.js";
import type { SparkSession } from "./SparkSession.js";
import { DataSourceOptions } from "./DataSourceOptions.js";

/**
 * Spark's DataFrameReader (`spark.read`): `format(..).option(..).schema(..).load(path)`, or `csv(path)`,
 * `json(path)`, `text(path)`, `parquet(path)`. The schema is resolved at `load` (a missing path or a bad option
 * fails there); the files are read when an action runs.
 */
export class DataFrameReader extends DataSourceOptions {
  private userSchema: StructType | undefined;

  /** @internal made by `spark.read`. */
  constructor(private readonly sparkSession: SparkSession) {
    super();
  }

  /** The schema as a StructType or a DDL string (`"a INT, b STRING"`); without one, it is inferred. */
  schema(schema: StructType | string): this {
    this.userSchema = typeof schema === "string" ? StructType.fromDDL(schema) : schema;
    return this;
  }

  load(path?: string | readonly string[]): DataFrame {
    const given = path ?? this.pathOption;
    const paths = given === undefined ? [] : typeof given === "string" ? [given] : [...given];
    const options = this.resolvedOptions(this.sparkSession.timeZone);
    const provider = dataSourceFor(this.source);
    const schema = provider.resolveSchema(paths, options, this.userSchema);
    if (schema instanceof Promise) {
      throw new IllegalArgumentException(`The ${this.source} data source resolves its schema asynchronously, which spark.read.load cannot wait for.`);
    }
    const output = schema.fields.map((f) => AttributeReference(f.name, f.dataType, f.nullable));
    const source = fileRelationSource(provider.format, paths, options, schema);
    // File sources take pushed filters: those on partition columns prune directories.
    return new DataFrame(this.sparkSession, DataSourceRelation(output, source, true));
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
