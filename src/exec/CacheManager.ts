import type { SparkContext } from "../core/SparkContext.js";
import type { RDD } from "../core/rdd/RDD.js";
import type { StorageLevel } from "../core/storage/StorageLevel.js";
import { AnalysisException } from "../expr/AnalysisException.js";
import type { Attribute } from "../expr/AttributeReference.js";
import type { LogicalPlan } from "../plan/logical/LogicalPlan.js";
import { planFingerprint } from "../plan/logical/PlanFingerprint.js";
import { outputOf } from "../plan/logical/PlanOutput.js";
import { Plans } from "../plan/logical/PlanTree.js";
import { DataSourceRelation } from "../plan/logical/Relations.js";
import { registerDataSource } from "./datasource/DataSource.js";
import { narrowColumns } from "./NarrowColumns.js";
import type { ColumnarBatch } from "./vector/ColumnarBatch.js";

/** The data source name under which cached query results are read back (Spark's InMemoryRelation). */
export const IN_MEMORY_RELATION = "InMemoryRelation";

interface CachedData {
  readonly id: number;
  readonly rdd: RDD<ColumnarBatch>;
  readonly output: readonly Attribute[];
}

const managers = new WeakMap<SparkContext, CacheManager>();

/**
 * Spark's CacheManager: the analyzed plans of persisted queries and the persisted RDDs that hold their
 * results. Any later query of the same context whose analyzed plan contains one of them reads the cached
 * partitions in its place, as an InMemoryRelation leaf that the planner scans like any data source.
 */
export class CacheManager {
  private readonly byPlan = new Map<string, CachedData>();
  private readonly byId = new Map<number, CachedData>();
  private nextId = 0;

  static of(sc: SparkContext): CacheManager {
    let m = managers.get(sc);
    if (!m) managers.set(sc, (m = new CacheManager()));
    return m;
  }

  /** Persists `rdd`, the result of `analyzed`, and serves it to later queries. */
  cacheQuery(analyzed: LogicalPlan, rdd: RDD<ColumnarBatch>, level: StorageLevel): void {
    const key = planFingerprint(analyzed);
    if (this.byPlan.has(key)) return;
    rdd.persist(level);
    const data = { id: this.nextId++, rdd, output: outputOf(analyzed) };
    this.byPlan.set(key, data);
    this.byId.set(data.id, data);
  }

  async uncacheQuery(analyzed: LogicalPlan, blocking: boolean): Promise<void> {
    const key = planFingerprint(analyzed);
    const data = this.byPlan.get(key);
    if (!data) return;
    this.byPlan.delete(key);
    this.byId.delete(data.id);
    await data.rdd.unpersist(blocking);
  }

  /** `plan` with each subtree that a cached query computes replaced by a scan of its cached result. */
  useCachedData(plan: LogicalPlan): LogicalPlan {
    if (this.byPlan.size === 0) return plan;
    return Plans.transformDown(plan, (node) => {
      const data = this.byPlan.get(planFingerprint(node));
      return data ? DataSourceRelation(outputOf(node), { format: IN_MEMORY_RELATION, cacheId: data.id }) : node;
    }).node;
  }

  /** The cached batches of relation `id`, narrowed to `output` (a subset of the cached columns, in any order). */
  scan(id: number, output: readonly Attribute[]): RDD<ColumnarBatch> {
    const data = this.byId.get(id);
    if (!data) throw new AnalysisException("INTERNAL_ERROR", `Cached relation ${id} is no longer cached: the query was planned before unpersist().`);
    return narrowColumns(data.rdd, data.output, output);
  }
}

registerDataSource({
  format: IN_MEMORY_RELATION,
  resolveSchema: () => {
    throw new AnalysisException("INTERNAL_ERROR", `${IN_MEMORY_RELATION} is not a format to read: DataFrame.cache() makes one.`);
  },
  scan: (sc, relation) => CacheManager.of(sc).scan(relation.source["cacheId"] as number, relation.output),
});
