import { resolve } from "node:path";
import { AnalysisException } from "../expr/AnalysisException.js";
import { OutputMode } from "../streaming/OutputMode.js";
import type { Sink, StreamSinkProvider } from "../streaming/Sink.js";
import type { Captured } from "../core/closure/SerializedFunction.js";
import { foreachSink } from "../connectors/sinks/ForeachSink.js";
import type { ForeachWriter } from "../connectors/sinks/ForeachWriter.js";
import type { RowObject } from "../exec/RowObjects.js";
import { streamSinkFor } from "../streaming/StreamingProviders.js";
import type { StreamingQuery } from "../streaming/StreamingQuery.js";
import { DEFAULT_TRIGGER, triggerFromKeywords, type Trigger, type TriggerKeywords } from "../streaming/Trigger.js";
import type { DataFrame } from "./DataFrame.js";
import { DataSourceOptions } from "./DataSourceOptions.js";
import { ForeachBatchSink, type ForeachBatchFunction } from "./ForeachBatchSink.js";

/** Sinks that may run from a temporary checkpoint when none is given, as in Spark. */
const TEMP_CHECKPOINT_SINKS = new Set(["console", "memory", "noop", "foreach", "foreachbatch"]);

/**
 * Spark's DataStreamWriter (`df.writeStream`): `format(..).outputMode(..).trigger(..).option(..)
 * .queryName(..).partitionBy(..).start(path?)`, or `foreachBatch(fn)` / `foreach(writer)`, or `toTable(name)`.
 * `start()` checks the query against the output mode and the sink, prepares the checkpoint, and returns the
 * running StreamingQuery; errors in the query or its settings are thrown here, before any batch runs.
 */
export class DataStreamWriter extends DataSourceOptions {
  private mode: OutputMode = "append";
  private triggerValue: Trigger = DEFAULT_TRIGGER;
  private name: string | null = null;
  private partitionColumns: string[] = [];
  private customSink: Sink | undefined;
  private foreachProvider: StreamSinkProvider | undefined;

  /** @internal made by `df.writeStream`. */
  constructor(private readonly df: DataFrame) {
    super();
  }

  /** `"append"` (the default), `"update"` or `"complete"`, or `OutputMode.Update()` and the like. */
  outputMode(mode: string): this {
    this.mode = OutputMode.fromString(mode);
    return this;
  }

  /** `Trigger.ProcessingTime("1 second")`, `Trigger.Once()`, `Trigger.AvailableNow()`, or PySpark's `{ processingTime: "1 second" }`. */
  trigger(trigger: Trigger | TriggerKeywords): this {
    this.triggerValue = "kind" in trigger ? (trigger as Trigger) : triggerFromKeywords(trigger as TriggerKeywords);
    return this;
  }

  /** The query's name: unique among active queries; the memory sink's table name. */
  queryName(name: string): this {
    this.name = name;
    return this;
  }

  partitionBy(...columns: (string | readonly string[])[]): this {
    this.partitionColumns = columns.flat();
    return this;
  }

  /** Each micro-batch as a DataFrame, with its batch id, to `fn` on the driver; a returned Promise is awaited. */
  foreachBatch(fn: ForeachBatchFunction): this {
    this.source = "foreachBatch";
    this.customSink = new ForeachBatchSink(this.df.sparkSession, fn);
    return this;
  }

  /**
   * Each row to `writer.process(row)` in the tasks, between `open(partitionId, epochId)` and `close(error)` per
   * partition (see ForeachWriter): the writer's methods travel as source, with the variables they use given in
   * `captured`, as for RDD functions.
   */
  foreach(writer: ForeachWriter | ((row: RowObject) => void), captured?: Captured): this {
    this.source = "foreach";
    this.foreachProvider = foreachSink(writer, captured);
    return this;
  }

  start(path?: string): StreamingQuery {
    const target = path ?? this.pathOption;
    const sink = this.customSink ?? this.makeSink(target);
    return this.df.sparkSession.streams.startQuery({
      plan: this.df.logicalPlan,
      sink,
      trigger: this.triggerValue,
      outputMode: this.mode,
      name: this.name,
      checkpointLocation: this.optionValue("checkpointLocation"),
      useTempCheckpointLocation: TEMP_CHECKPOINT_SINKS.has(this.source.toLowerCase()),
    });
  }

  /**
   * Writes the stream into table `tableName`: files of the format (parquet by default) under
   * `spark.sql.warehouse.dir`, readable as `spark.table(tableName)` while this session lives.
   */
  toTable(tableName: string): StreamingQuery {
    const session = this.df.sparkSession;
    const path = resolve(session.conf.get("spark.sql.warehouse.dir", "spark-warehouse"), tableName);
    const query = this.start(path);
    session.sessionState.catalog.createOrReplaceTempView(tableName, session.read.format(this.source).schema(this.df.schema).load(path).logicalPlan);
    return query;
  }

  private makeSink(path: string | undefined): Sink {
    const provider = this.foreachProvider ?? streamSinkFor(this.source);
    if (!provider.supportedOutputModes.includes(this.mode)) {
      throw new AnalysisException("", `Data source ${this.source} does not support ${this.mode[0]!.toUpperCase()}${this.mode.slice(1)} output mode`);
    }
    const session = this.df.sparkSession;
    return provider.createSink({
      session: session.sessionState,
      options: this.resolvedOptions(session.timeZone),
      path,
      queryName: this.name,
      outputMode: this.mode,
      partitionColumns: this.partitionColumns,
      schema: this.df.schema,
    });
  }
}
