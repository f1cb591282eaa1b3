import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SparkConf, SparkContext } from "../../../src/index.js";
import { QueryExecution, type IncrementalContext, type SessionState } from "../../../src/exec/QueryExecution.js";
import type { SparkPlan } from "../../../src/exec/SparkPlan.js";
import type { OutputModeName } from "../../../src/exec/streaming/OutputModeName.js";
import { needsNoDataBatch, streamingMetrics, type EventTimeStats, type StateOperatorProgress } from "../../../src/exec/streaming/StreamingMetrics.js";
import { AttributeReference, type Attribute } from "../../../src/expr/AttributeReference.js";
import { TempViewCatalog } from "../../../src/plan/analysis/Catalog.js";
import type { LogicalPlan } from "../../../src/plan/logical/LogicalPlan.js";
import { LocalRelation } from "../../../src/plan/logical/Relations.js";
import { EventTimeWatermark } from "../../../src/plan/logical/Streaming.js";
import { parsePlan } from "../../../src/sql/SqlParser.js";
import type { DataType } from "../../../src/types/DataType.js";

/** A timestamp `seconds` after the epoch, as TimestampType holds it (microseconds). */
export const ts = (seconds: number): bigint => BigInt(seconds) * 1_000_000n;

export interface BatchResult {
  readonly rows: unknown[][];
  readonly stateOperators: StateOperatorProgress[];
  readonly eventTimeStats: (EventTimeStats | null)[];
  readonly plan: SparkPlan;
  readonly explain: string;
}

/** A watermark on a source column: `withWatermark(column, delay)`. */
export interface WatermarkSpec {
  readonly column: string;
  readonly delay: string;
  readonly delayMs: number;
}

/**
 * Drives a query's micro-batches the way the streaming engine does, without its sources and logs: each batch's
 * rows become a streaming LocalRelation with the same columns in place of the source, the batch is planned with
 * an IncrementalContext (state directory, batch id, output mode, watermarks), run, and its operators' metrics
 * read back; the watermark then moves to the latest event time seen minus the delay.
 */
export class MicroBatchHarness {
  readonly stateDir = join(mkdtempSync(join(tmpdir(), "stateful-")), "state");
  readonly columns: readonly Attribute[];
  readonly settings = new Map<string, string>([["spark.sql.shuffle.partitions", "3"]]);
  batchId = 0;
  watermarkMs = 0;
  private plannedWatermarkMs = 0;
  lastPlan: SparkPlan | undefined;

  /**
   * `query` builds the query over the source's plan (a SQL query reads it as the view `events`).
   * `sc`: the context to run on (one per test file, shared).
   */
  constructor(
    private readonly sc: SparkContext,
    columns: Record<string, DataType>,
    private readonly outputMode: OutputModeName,
    private readonly query: (source: LogicalPlan, catalog: TempViewCatalog) => LogicalPlan,
    private readonly watermark?: WatermarkSpec,
  ) {
    this.columns = Object.entries(columns).map(([n, t]) => AttributeReference(n, t));
  }

  /** A harness whose query is SQL over the view `events`. */
  static sql(sc: SparkContext, columns: Record<string, DataType>, outputMode: OutputModeName, sql: string, watermark?: WatermarkSpec): MicroBatchHarness {
    return new MicroBatchHarness(sc, columns, outputMode, (source, catalog) => {
      catalog.createOrReplaceTempView("events", source);
      return parsePlan(sql, { timeZone: "UTC" });
    }, watermark);
  }

  column(name: string): Attribute {
    return this.columns.find((a) => a.name === name)!;
  }

  /** Runs the next batch over `rows` (none: a no-data batch). */
  async run(rows: readonly (readonly unknown[])[] = []): Promise<BatchResult> {
    const relation = LocalRelation(this.columns, rows, true);
    const w = this.watermark;
    const source = w ? EventTimeWatermark(this.column(w.column), w.delayMs, w.delay, relation) : relation;
    const catalog = new TempViewCatalog();
    const plan = this.query(source, catalog);
    const accumulators = new Map<number, { value: readonly unknown[] }>();
    const context: IncrementalContext = {
      stateCheckpointLocation: this.stateDir,
      batchId: this.batchId,
      outputMode: this.outputMode,
      eventTimeWatermarkMs: this.watermarkMs,
      eventTimeWatermarkForLateEventsMs: this.plannedWatermarkMs,
      batchTimestampMs: 1_700_000_000_000 + this.batchId,
      newMetricsAccumulator: (name) => {
        const acc = this.sc.collectionAccumulator<unknown>(name);
        accumulators.set(acc.id, acc);
        return acc.id;
      },
    };
    const state: SessionState = { sc: this.sc, catalog, timeZone: "UTC", conf: (k) => this.settings.get(k) };
    const execution = new QueryExecution(state, plan, context);
    const result = await execution.executeCollect();
    const metrics = streamingMetrics(execution.executedPlan, (id) => accumulators.get(id)?.value ?? []);
    this.plannedWatermarkMs = this.watermarkMs;
    const stats = metrics.eventTimeStats[0];
    if (w && stats) this.watermarkMs = Math.max(this.watermarkMs, stats.max - w.delayMs);
    this.batchId++;
    this.lastPlan = execution.executedPlan;
    return { rows: result, ...metrics, plan: execution.executedPlan, explain: execution.explainString("simple").replace(/#\d+/g, "") };
  }

  /**
   * The same query started again on the same state: batch ids and watermarks go on, and with
   * `spark.sql.streaming.maxBatchesToRetainInMemory` 0 nothing a thread has cached is used.
   */
  restarted(settings: Record<string, string> = {}): MicroBatchHarness {
    const next = new MicroBatchHarness(this.sc, {}, this.outputMode, this.query, this.watermark);
    Object.assign(next, { stateDir: this.stateDir, columns: this.columns, batchId: this.batchId, watermarkMs: this.watermarkMs, plannedWatermarkMs: this.plannedWatermarkMs });
    for (const [k, v] of [...this.settings, ...Object.entries(settings)]) next.settings.set(k, v);
    return next;
  }

  /** Whether the engine would run a batch without data now that the watermark has moved. */
  needsNoDataBatch(): boolean {
    return this.watermarkMs > this.plannedWatermarkMs && needsNoDataBatch(this.lastPlan!, this.watermarkMs);
  }
}

/** A local[2] context for a test file: tasks run on two executor threads, as in a cluster. */
export function localContext(conf: Record<string, string> = {}): SparkContext {
  const c = new SparkConf().setMaster("local[2]").setAppName("stateful-tests");
  for (const [k, v] of Object.entries(conf)) c.set(k, v);
  return new SparkContext(c);
}

/** Rows in a canonical order, for comparing results whose order the shuffle decides. */
export function sorted(rows: unknown[][]): unknown[][] {
  const key = (r: unknown[]) => JSON.stringify(r, (_k, v) => (typeof v === "bigint" ? `${v}n` : v));
  return [...rows].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
