import type { SessionState } from "../exec/QueryExecution.js";
import { AttributeReference } from "../expr/AttributeReference.js";
import { StreamingRelation } from "../plan/logical/Streaming.js";
import { streamSourceFor } from "../streaming/StreamingProviders.js";
import { StructType } from "../types/StructType.js";
import { DataFrame } from "./DataFrame.js";
import { DataSourceOptions } from "./DataSourceOptions.js";
import type { SparkSession } from "./SparkSession.js";

/**
 * Spark's DataStreamReader (`spark.readStream`): `format(..).option(..).schema(..).load(path?)`, or `csv(path)`,
 * `json(path)`, `text(path)`, `parquet(path)`. The source's schema is settled at `load`, where a missing option
 * or path fails; the source itself is made when a query over the DataFrame starts.
 */
export class DataStreamReader extends DataSourceOptions {
  private userSchema: StructType | undefined;

  /** @internal made by `spark.readStream`. */
  constructor(private readonly sparkSession: SparkSession) {
    super();
  }

  schema(schema: StructType | string): this {
    this.userSchema = typeof schema === "string" ? StructType.fromDDL(schema) : schema;
    return this;
  }

  load(path?: string): DataFrame {
    const given = path ?? this.pathOption;
    const paths = given === undefined ? [] : [given];
    const state: SessionState = this.sparkSession.sessionState;
    const options = this.resolvedOptions(state.timeZone);
    const schema = streamSourceFor(this.source).sourceSchema(options, paths, this.userSchema, state);
    const output = schema.fields.map((f) => AttributeReference(f.name, f.dataType, f.nullable));
    return new DataFrame(this.sparkSession, StreamingRelation(output, { format: this.source, options, paths }));
  }

  csv(path: string): DataFrame {
    return this.format("csv").load(path);
  }

  json(path: string): DataFrame {
    return this.format("json").load(path);
  }

  text(path: string): DataFrame {
    return this.format("text").load(path);
  }

  parquet(path: string): DataFrame {
    return this.format("parquet").load(path);
  }
}
