import type { Expression } from "../../expr/Expression.js";
import type { SortOrder } from "../../expr/SortOrder.js";
import type { LogicalPlan } from "./LogicalPlan.js";

/** Operators with one child that keep or reshape its rows. */

/** SELECT list: `projectList` names every output column (before analysis, any expressions and stars). */
export interface Project {
  readonly kind: "Project";
  readonly projectList: readonly Expression[];
  readonly child: LogicalPlan;
}
export function Project(projectList: readonly Expression[], child: LogicalPlan): Project {
  return Object.freeze({ kind: "Project", projectList: Object.freeze([...projectList]), child });
}

/** WHERE: keeps the rows for which `condition` is true (not false, not null). */
export interface Filter {
  readonly kind: "Filter";
  readonly condition: Expression;
  readonly child: LogicalPlan;
}
export function Filter(condition: Expression, child: LogicalPlan): Filter {
  return Object.freeze({ kind: "Filter", condition, child });
}

/** HAVING before analysis: its condition may name aggregates that the SELECT list does not compute. */
export interface UnresolvedHaving {
  readonly kind: "UnresolvedHaving";
  readonly havingCondition: Expression;
  readonly child: LogicalPlan;
}
export function UnresolvedHaving(havingCondition: Expression, child: LogicalPlan): UnresolvedHaving {
  return Object.freeze({ kind: "UnresolvedHaving", havingCondition, child });
}

/** ORDER BY (`global`) or SORT BY (within each partition). */
export interface Sort {
  readonly kind: "Sort";
  readonly order: readonly SortOrder[];
  readonly global: boolean;
  readonly child: LogicalPlan;
}
export function Sort(order: readonly SortOrder[], global: boolean, child: LogicalPlan): Sort {
  return Object.freeze({ kind: "Sort", order: Object.freeze([...order]), global, child });
}

/** The first `limit` rows of the whole result. */
export interface GlobalLimit {
  readonly kind: "GlobalLimit";
  readonly limit: number;
  readonly child: LogicalPlan;
}
export function GlobalLimit(limit: number, child: LogicalPlan): GlobalLimit {
  return Object.freeze({ kind: "GlobalLimit", limit, child });
}

/** At most `limit` rows from each partition; what a limit can push towards the data. */
export interface LocalLimit {
  readonly kind: "LocalLimit";
  readonly limit: number;
  readonly child: LogicalPlan;
}
export function LocalLimit(limit: number, child: LogicalPlan): LocalLimit {
  return Object.freeze({ kind: "LocalLimit", limit, child });
}

/** LIMIT n, as Spark plans it: a global limit over a per-partition one. */
export function Limit(limit: number, child: LogicalPlan): GlobalLimit {
  return GlobalLimit(limit, LocalLimit(limit, child));
}

/** SELECT DISTINCT / `distinct()`: replaced by an Aggregate in the optimizer. */
export interface Distinct {
  readonly kind: "Distinct";
  readonly child: LogicalPlan;
}
export function Distinct(child: LogicalPlan): Distinct {
  return Object.freeze({ kind: "Distinct", child });
}

/**
 * `dropDuplicates(keys)`: one row per distinct combination of `keys` (names before analysis).
 * `withinWatermark` (`dropDuplicatesWithinWatermark`, streaming only): a key is kept in state until the
 * watermark passes its row's event time plus the delay, rather than until the event time itself.
 */
export interface Deduplicate {
  readonly kind: "Deduplicate";
  readonly keys: readonly Expression[];
  readonly withinWatermark: boolean;
  readonly child: LogicalPlan;
}
export function Deduplicate(keys: readonly Expression[], child: LogicalPlan, withinWatermark = false): Deduplicate {
  return Object.freeze({ kind: "Deduplicate", keys: Object.freeze([...keys]), withinWatermark, child });
}

/** `child AS alias`: lets columns be named `alias.column`. */
export interface SubqueryAlias {
  readonly kind: "SubqueryAlias";
  readonly alias: string;
  readonly child: LogicalPlan;
}
export function SubqueryAlias(alias: string, child: LogicalPlan): SubqueryAlias {
  return Object.freeze({ kind: "SubqueryAlias", alias, child });
}

/**
 * `repartition(n, cols…)` (shuffle, by hash of `partitionExpressions` or round robin when there are none) or
 * `coalesce(n)` (no shuffle).
 */
export interface Repartition {
  readonly kind: "Repartition";
  readonly numPartitions: number;
  readonly shuffle: boolean;
  readonly partitionExpressions: readonly Expression[];
  readonly child: LogicalPlan;
}
export function Repartition(numPartitions: number, shuffle: boolean, child: LogicalPlan, partitionExpressions: readonly Expression[] = []): Repartition {
  return Object.freeze({ kind: "Repartition", numPartitions, shuffle, partitionExpressions: Object.freeze([...partitionExpressions]), child });
}
