import assert from "node:assert/strict";
import { SparkConf, SparkContext } from "../../src/index.js";
import { QueryExecution, type SessionState } from "../../src/exec/QueryExecution.js";
import { AttributeReference } from "../../src/expr/AttributeReference.js";
import { TempViewCatalog } from "../../src/plan/analysis/Catalog.js";
import { LocalRelation, Range } from "../../src/plan/logical/Relations.js";
import { LongType } from "../../src/types/AtomicTypes.js";
import { parsePlan } from "../../src/sql/SqlParser.js";
import type { DataType } from "../../src/types/DataType.js";

/**
 * A session for running SQL text through QueryExecution on a real local[2] context: views are LocalRelations
 * registered in a TempViewCatalog, settings a plain map that each test may change.
 */
export class TestSession implements SessionState {
  readonly sc: SparkContext;
  readonly catalog = new TempViewCatalog();
  readonly timeZone = "UTC";
  readonly settings = new Map<string, string>([["spark.sql.shuffle.partitions", "4"]]);

  /** `sparkConf`: settings of the context itself (the executors'), e.g. spill thresholds. */
  constructor(sparkConf: Record<string, string> = {}) {
    const conf = new SparkConf().setMaster("local[2]").setAppName("exec-tests");
    for (const [k, v] of Object.entries(sparkConf)) conf.set(k, v);
    this.sc = new SparkContext(conf);
  }

  conf(key: string): string | undefined {
    return this.settings.get(key);
  }

  view(name: string, columns: Record<string, DataType>, rows: readonly (readonly unknown[])[]): void {
    const output = Object.entries(columns).map(([n, t]) => AttributeReference(n, t));
    this.catalog.createOrReplaceTempView(name, LocalRelation(output, rows));
  }

  /** `spark.range(start, end, 1, slices)` as a view with one column, id. */
  rangeView(name: string, start: number, end: number, slices: number): void {
    this.catalog.createOrReplaceTempView(name, Range(BigInt(start), BigInt(end), 1n, slices, AttributeReference("id", LongType, false)));
  }

  query(sql: string, settings: Record<string, string> = {}): QueryExecution {
    const state: SessionState = {
      sc: this.sc,
      catalog: this.catalog,
      timeZone: this.timeZone,
      conf: (key) => settings[key] ?? this.conf(key),
    };
    return new QueryExecution(state, parsePlan(sql, { timeZone: this.timeZone }));
  }

  /** The rows of `sql`, checked to be the same with whole-stage codegen on and off. */
  async rows(sql: string, settings: Record<string, string> = {}): Promise<unknown[][]> {
    const generated = await this.query(sql, { ...settings, "spark.sql.codegen.wholeStage": "true" }).executeCollect();
    const interpreted = await this.query(sql, { ...settings, "spark.sql.codegen.wholeStage": "false" }).executeCollect();
    assert.deepEqual(generated, interpreted, `codegen on and off disagree for: ${sql}`);
    return generated;
  }

  /** As `rows`, in a canonical order, for queries without ORDER BY. */
  async sortedRows(sql: string, settings: Record<string, string> = {}): Promise<unknown[][]> {
    return sortRows(await this.rows(sql, settings));
  }

  /** The physical plan's text with expression ids removed. */
  physicalPlan(sql: string, settings: Record<string, string> = {}): string {
    return this.query(sql, settings).explainString("simple").replace(/#\d+/g, "");
  }

  stop(): Promise<void> {
    return this.sc.stop();
  }
}

/** Each row's text made once, not once per comparison: tens of thousands of rows sort in milliseconds. */
export function sortRows(rows: unknown[][]): unknown[][] {
  const keyed = rows.map((r) => ({ r, key: JSON.stringify(r, (_k, v) => (typeof v === "bigint" ? `${v}n` : v)) }));
  return keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).map(({ r }) => r);
}
