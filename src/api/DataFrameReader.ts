import { dataSourceFor } from "../exec/datasource/DataSource.js";
import { AttributeReference } from "../expr/AttributeReference.js";
import { DataSourceRelation } from "../plan/logical/Relations.js";
import { IllegalArgumentException } from "../util/SparkException.js";
import { fileRelationSource } from "../connectors/file/FileSourceProvider.js";
import { DataFrame } from "./DataFrame.js";
import type { SparkSession } from "./SparkSession.js";
import { ReaderOptions } from "./ReaderOptions.js";

/**
 * Spark's DataFrameReader (`spark.read`): `format(..).option(..).schema(..).load(path)`, or `csv(path)`,
 * `json(path)`, `text(path)`, `parquet(path)`. The schema is resolved at `load` (a missing path or a bad option
 * fails there); the files are read when an action runs.
 */
export class DataFrameReader extends ReaderOptions {
  /** @internal made by `spark.read`. */
  constructor(private readonly sparkSession: SparkSession) {
    super();
  }

  load(path?: string | readonly string[]): DataFrame {
    const paths = this.pathsOf(path);
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
}
