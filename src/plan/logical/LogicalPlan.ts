import type { Aggregate } from "./Aggregate.js";
import type { Generate } from "./Generate.js";
import type { Join } from "./Join.js";
import type { DataSourceRelation, LocalRelation, OneRowRelation, Range, UnresolvedRelation } from "./Relations.js";
import type { Deduplicate, Distinct, Filter, GlobalLimit, LocalLimit, Project, Repartition, Sort, SubqueryAlias, UnresolvedHaving } from "./UnaryNodes.js";
import type { Except, Intersect } from "./SetOperations.js";
import type { EventTimeWatermark, StreamingRelation } from "./Streaming.js";
import type { Union } from "./Union.js";

/**
 * Every kind of logical plan node, discriminated by `kind`. As with expressions, tables keyed by `PlanKind`
 * must handle every kind, so a new operator fails the build wherever it is not handled yet.
 */
export type LogicalPlan =
  | UnresolvedRelation
  | LocalRelation
  | Range
  | OneRowRelation
  | DataSourceRelation
  | Project
  | Filter
  | Aggregate
  | Join
  | Sort
  | GlobalLimit
  | LocalLimit
  | Union
  | Except
  | Intersect
  | Distinct
  | Deduplicate
  | SubqueryAlias
  | Repartition
  | Generate
  | StreamingRelation
  | EventTimeWatermark
  | UnresolvedHaving;

export type PlanKind = LogicalPlan["kind"];
export type PlanOf<K extends PlanKind> = Extract<LogicalPlan, { kind: K }>;
export type PlanTable<R> = { readonly [K in PlanKind]: (p: PlanOf<K>) => R };

export function dispatchPlan<R>(table: PlanTable<R>, p: LogicalPlan): R {
  return (table[p.kind] as (p: LogicalPlan) => R)(p);
}
