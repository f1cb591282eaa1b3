import type { SparkContext } from "../core/SparkContext.js";
import type { RDD } from "../core/rdd/RDD.js";
import { Analyzer } from "../plan/analysis/Analyzer.js";
import type { TempViewCatalog } from "../plan/analysis/Catalog.js";
import type { LogicalPlan } from "../plan/logical/LogicalPlan.js";
import { Optimizer } from "../plan/optimizer/Optimizer.js";
import { ensureRequirements } from "./EnsureRequirements.js";
import { CacheManager } from "./CacheManager.js";
import type { StorageLevel } from "../core/storage/StorageLevel.js";
import { executePlan } from "./ExecutePlan.js";
import { explainQuery, type ExplainMode } from "./Explain.js";
import type { SparkPlan } from "./SparkPlan.js";
import { planPhysical } from "./SparkPlanner.js";
import { planScalarSubqueries } from "./PlanScalarSubqueries.js";
import { readSqlConf, type SqlConf } from "./SqlConf.js";
import { rowsOfBatch, type ColumnarBatch } from "./vector/ColumnarBatch.js";
import { reviveBatch } from "./vector/ReviveValues.js";
import { outputOf } from "../plan/logical/PlanOutput.js";
import type { StreamingPlanContext } from "./streaming/StreamingPlanContext.js";

/** A micro-batch's planning context and the timestamp fixed for it in the offset log. */
export interface IncrementalContext extends StreamingPlanContext {
  readonly batchTimestampMs: number;
}

/** What query execution reads of a session: its context, its temporary views and its SQL settings. */
export interface SessionState {
  readonly sc: SparkContext;
  readonly catalog: TempViewCatalog;
  conf(key: string): string | undefined;
  readonly timeZone: string;
}

/**
 * Spark's QueryExecution: the phases of one query, each computed once, when first asked for: analyzed
 * (AnalysisException before any task runs), optimized, physical (planned, then exchanges inserted by
 * EnsureRequirements), and the RDD that runs it.
 */
export class QueryExecution {
  private analyzedPlan: LogicalPlan | undefined;
  private optimized: LogicalPlan | undefined;
  private physical: SparkPlan | undefined;
  private sqlConf: SqlConf | undefined;
  private rdd: RDD<ColumnarBatch> | undefined;
  /** Microseconds since the epoch when the query was optimized: current_timestamp() for all of it. */
  private startTime: bigint | undefined;

  /**
   * `incremental`: this is one micro-batch of a streaming query (Spark's IncrementalExecution): its stateful
   * operators are planned with their state, and current_timestamp() is the batch's timestamp from the offset log.
   */
  constructor(readonly state: SessionState, readonly logical: LogicalPlan, readonly incremental?: IncrementalContext) {}

  get analyzed(): LogicalPlan {
    this.analyzedPlan ??= new Analyzer(this.state.catalog).execute(this.logical);
    return this.analyzedPlan;
  }

  get optimizedPlan(): LogicalPlan {
    if (!this.optimized) {
      const analyzed = this.analyzed;
      this.startTime = BigInt(this.incremental?.batchTimestampMs ?? Date.now()) * 1000n;
      const withCachedData = CacheManager.of(this.state.sc).useCachedData(analyzed);
      this.optimized = new Optimizer({ timeZone: this.state.timeZone, currentTimestamp: this.startTime }).execute(withCachedData);
    }
    return this.optimized;
  }

  /** The SQL settings as they were when the query was first planned. */
  get conf(): SqlConf {
    this.sqlConf ??= readSqlConf((k) => this.state.conf(k), this.state.sc.defaultParallelism, this.state.timeZone);
    return this.sqlConf;
  }

  get executedPlan(): SparkPlan {
    if (!this.physical) {
      const { plan, subqueryJoins } = planScalarSubqueries(this.optimizedPlan);
      this.physical = ensureRequirements(planPhysical(plan, this.conf, subqueryJoins, this.incremental), this.conf.shufflePartitions);
    }
    return this.physical;
  }

  /**
   * The RDD of the query's output batches, columns in the analyzed plan's output order. Built once, as Spark's
   * lazy `toRdd`: persisting it makes every later action of this query read the cached partitions.
   */
  toRdd(): RDD<ColumnarBatch> {
    this.rdd ??= executePlan(this.executedPlan, this.state.sc, this.conf);
    return this.rdd;
  }

  /**
   * Keeps this query's result (Spark's `Dataset.persist`): its RDD is persisted, and later queries of the same
   * context that contain this one's analyzed plan read the cached partitions instead of computing it again.
   */
  persist(level: StorageLevel): void {
    CacheManager.of(this.state.sc).cacheQuery(this.analyzed, this.toRdd(), level);
  }

  unpersist(blocking = false): Promise<void> {
    return CacheManager.of(this.state.sc).uncacheQuery(this.analyzed, blocking);
  }

  /** Every output row, each an array of values in the types' representations (null for null). */
  async executeCollect(): Promise<unknown[][]> {
    const types = outputOf(this.analyzed).map((a) => a.dataType);
    const batches = await this.toRdd().collect();
    return batches.flatMap((b) => rowsOfBatch(reviveBatch(b, types)));
  }

  /** Spark's `explain(mode)` text: the plans of the query's phases, or the generated code. */
  explainString(mode: ExplainMode): string {
    return explainQuery(this, mode);
  }
}
