import type { ConfValue } from "../core/SparkConf.js";
import { SparkConf } from "../core/SparkConf.js";
import { SparkContext } from "../core/SparkContext.js";
import type { SessionState } from "../exec/QueryExecution.js";
import { AttributeReference } from "../expr/AttributeReference.js";
import { TempViewCatalog } from "../plan/analysis/Catalog.js";
import { LocalRelation, Range, UnresolvedRelation } from "../plan/logical/Relations.js";
import { parseMultipartIdentifier, parsePlan } from "../sql/SqlParser.js";
import { LongType } from "../types/AtomicTypes.js";
import { StructType } from "../types/StructType.js";
import { IllegalArgumentException } from "../util/SparkException.js";
import { VERSION } from "../util/version.js";
import { DataFrame } from "./DataFrame.js";
import { DataFrameReader } from "./DataFrameReader.js";
import { DataStreamReader } from "./DataStreamReader.js";
import { StreamingQueryManager } from "../streaming/StreamingQueryManager.js";
import { inferSchema, toInternalRows, type LocalRow } from "./LocalRows.js";
import { RuntimeConfig } from "./RuntimeConfig.js";

/**
 * The entry point of a Kindling application, holding its SparkContext:
 * `SparkSession.builder().master("local[2]").appName("x").config("k", "v").getOrCreate()`.
 */
export class SparkSession {
  private static active: SparkSession | undefined;
  readonly conf: RuntimeConfig;
  /** @internal what query execution reads of the session: its context, temporary views and settings. */
  readonly sessionState: SessionState;
  private streamingQueryManager: StreamingQueryManager | undefined;

  private constructor(readonly sparkContext: SparkContext) {
    const conf = new RuntimeConfig(sparkContext.conf);
    this.conf = conf;
    this.sessionState = {
      sc: sparkContext,
      catalog: new TempViewCatalog(),
      conf: (key) => conf.getOption(key),
      get timeZone() {
        return conf.get("spark.sql.session.timeZone");
      },
    };
  }

  static builder(): SparkSessionBuilder {
    return new SparkSessionBuilder();
  }

  static getActiveSession(): SparkSession | undefined {
    return SparkSession.active && !SparkSession.active.sparkContext.isStopped ? SparkSession.active : undefined;
  }

  /** @internal the builder's way in: one session per active context. */
  static fromContext(sc: SparkContext): SparkSession {
    if (SparkSession.active?.sparkContext !== sc) SparkSession.active = new SparkSession(sc);
    return SparkSession.active;
  }

  get version(): string {
    return VERSION;
  }

  /** spark.sql.session.timeZone: where timestamps are read and shown; the machine's zone unless set. */
  get timeZone(): string {
    return this.sessionState.timeZone;
  }

  /**
   * A DataFrame of local rows: plain objects (fields by name) or arrays (by position). Without a schema the
   * columns and types are inferred from the values; a schema is a StructType or a DDL string such as
   * `"a INT, b STRING"`. Values are in the representations src/types documents (a Date is accepted for
   * timestamps and dates, a number for bigints).
   */
  createDataFrame(rows: readonly LocalRow[], schema?: StructType | string): DataFrame {
    const struct = schema === undefined ? inferSchema(rows) : typeof schema === "string" ? StructType.fromDDL(schema) : schema;
    const output = struct.fields.map((f) => AttributeReference(f.name, f.dataType, f.nullable));
    return new DataFrame(this, LocalRelation(output, toInternalRows(rows, struct)));
  }

  /** One bigint column `id`: `range(end)` counts from 0, `range(start, end, step)` by step, end excluded. */
  range(start: number | bigint, end?: number | bigint, step: number | bigint = 1, numPartitions?: number): DataFrame {
    const [from, to] = end === undefined ? [0n, BigInt(start)] : [BigInt(start), BigInt(end)];
    if (BigInt(step) === 0n) throw new IllegalArgumentException("The step of a range must not be 0");
    if (numPartitions !== undefined && (!Number.isInteger(numPartitions) || numPartitions <= 0)) {
      throw new IllegalArgumentException(`The number of partitions of a range must be positive, but was ${numPartitions}`);
    }
    return new DataFrame(this, Range(from, to, BigInt(step), numPartitions ?? null, AttributeReference("id", LongType, false)));
  }

  /** A DataFrame of a SQL query, analyzed now (unknown tables and columns fail here). */
  sql(sqlText: string): DataFrame {
    return new DataFrame(this, parsePlan(sqlText, { timeZone: this.timeZone }));
  }

  /** Reads files into a DataFrame: `spark.read.option("header", true).csv(path)`. */
  get read(): DataFrameReader {
    return new DataFrameReader(this);
  }

  /** Reads a stream into a streaming DataFrame: `spark.readStream.format("rate").load()`. */
  get readStream(): DataStreamReader {
    return new DataStreamReader(this);
  }

  /** The session's streaming queries: `spark.streams.active`, `awaitAnyTermination()`, listeners. */
  get streams(): StreamingQueryManager {
    this.streamingQueryManager ??= new StreamingQueryManager(this.sessionState);
    return this.streamingQueryManager;
  }

  /** A temporary view as a DataFrame. */
  table(tableName: string): DataFrame {
    return new DataFrame(this, UnresolvedRelation(parseMultipartIdentifier(tableName)));
  }

  async stop(): Promise<void> {
    for (const query of this.streamingQueryManager?.active ?? []) await query.stop();
    await this.sparkContext.stop();
    if (SparkSession.active === this) SparkSession.active = undefined;
  }
}

/** Collects settings, then returns the active session (applying them to it) or starts a new one. */
export class SparkSessionBuilder {
  private readonly options = new Map<string, ConfValue>();

  master(master: string): this {
    return this.config("spark.master", master);
  }

  appName(name: string): this {
    return this.config("spark.app.name", name);
  }

  config(key: string, value: ConfValue): this;
  config(conf: SparkConf): this;
  config(keyOrConf: string | SparkConf, value?: ConfValue): this {
    if (keyOrConf instanceof SparkConf) for (const [k, v] of keyOrConf.getAll()) this.options.set(k, v);
    else this.options.set(keyOrConf, value as ConfValue);
    return this;
  }

  getOrCreate(): SparkSession {
    const existing = SparkSession.getActiveSession();
    if (existing) {
      // As Spark: settings given to the builder apply to the existing session's runtime config.
      for (const [k, v] of this.options) if (!k.startsWith("spark.master") && k !== "spark.app.name") existing.conf.set(k, v);
      return existing;
    }
    const sc = SparkContext.getActive() ?? new SparkContext(new SparkConf(this.options));
    return SparkSession.fromContext(sc);
  }
}
