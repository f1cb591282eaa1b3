import type { SessionState } from "../exec/QueryExecution.js";
import { AttributeReference } from "../expr/AttributeReference.js";
import { StreamingRelation } from "../plan/logical/Streaming.js";
import { streamSourceFor } from "../streaming/StreamingProviders.js";
import { IllegalArgumentException } from "../util/SparkException.js";
import { DataFrame } from "./DataFrame.js";
import { ReaderOptions } from "./ReaderOptions.js";
import type { SparkSession } from "./SparkSession.js";

/**
 * Spark's DataStreamReader (`spark.readStream`): `format(..).option(..).schema(..).load(path?)`, or `csv(path)`,
 * `json(path)`, `text(path)`, `parquet(path)`. The source's schema is settled at `load`, where a missing option
 * or path fails; the source itself is made when a query over the DataFrame starts.
 */
export class DataStreamReader extends ReaderOptions {
  /** @internal made by `spark.readStream`. */
  constructor(private readonly sparkSession: SparkSession) {
    super();
  }

  /** A streaming source reads one path (a directory for file sources), as in Spark. */
  load(path?: string | readonly string[]): DataFrame {
    const paths = this.pathsOf(path);
    if (paths.length > 1) throw new IllegalArgumentException(`A streaming source reads one path, but was given ${paths.length}: ${paths.join(", ")}. Use a directory or a glob pattern.`);
    const state: SessionState = this.sparkSession.sessionState;
    const options = this.resolvedOptions(state.timeZone);
    const schema = streamSourceFor(this.source).sourceSchema(options, paths, this.userSchema, state);
    const output = schema.fields.map((f) => AttributeReference(f.name, f.dataType, f.nullable));
    return new DataFrame(this.sparkSession, StreamingRelation(output, { format: this.source, options, paths }));
  }
}
