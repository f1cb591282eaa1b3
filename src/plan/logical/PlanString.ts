import { explainString } from "../../expr/ExpressionString.js";
import type { Expression } from "../../expr/Expression.js";
import { isResolved } from "../../expr/ExpressionTypes.js";
import { dispatchPlan, type LogicalPlan, type PlanTable } from "./LogicalPlan.js";
import { expressionsOf } from "./PlanTree.js";

/** Each node's line in Spark's `explain` output, e.g. `Project [a#1, (b#2 + 1) AS c#3]`. */

const list = (es: readonly Expression[]) => `[${es.map(explainString).join(", ")}]`;
const attrs = (es: readonly Expression[]) => `[${es.map(explainString).join(",")}]`;

const DESCRIBE: PlanTable<string> = {
  UnresolvedRelation: (p) => `UnresolvedRelation [${p.multipartIdentifier.join(", ")}], [], false`,
  OneRowRelation: () => "OneRowRelation",
  LocalRelation: (p) => `LocalRelation ${p.isStreaming ? "<streaming>, " : ""}${attrs(p.output)}`,
  Range: (p) => `Range (${p.start}, ${p.end}, step=${p.step}, splits=${p.numSlices === null ? "None" : `Some(${p.numSlices})`})`,
  DataSourceRelation: (p) => `Relation ${attrs(p.output)} ${p.source.format}${p.pushedFilters.length > 0 ? `, PushedFilters: ${list(p.pushedFilters)}` : ""}`,
  Project: (p) => `Project ${list(p.projectList)}`,
  Filter: (p) => `Filter ${explainString(p.condition)}`,
  UnresolvedHaving: (p) => `UnresolvedHaving ${explainString(p.havingCondition)}`,
  Aggregate: (p) => `Aggregate ${list(p.groupingExpressions)}, ${list(p.aggregateExpressions)}`,
  Join: (p) =>
    `Join ${p.usingColumns ? `UsingJoin(${p.joinType},List(${p.usingColumns.join(", ")}))` : p.joinType}${p.condition ? `, ${explainString(p.condition)}` : ""}`,
  Sort: (p) => `Sort ${list(p.order)}, ${p.global}`,
  GlobalLimit: (p) => `GlobalLimit ${p.limit}`,
  LocalLimit: (p) => `LocalLimit ${p.limit}`,
  Union: (p) => `Union ${p.byName}, ${p.allowMissingColumns}`,
  Except: () => "Except false",
  Intersect: () => "Intersect false",
  Distinct: () => "Distinct",
  Deduplicate: (p) => `${p.withinWatermark ? "DeduplicateWithinWatermark" : "Deduplicate"} ${list(p.keys)}`,
  StreamingRelation: (p) => `StreamingRelation ${p.source.format}, ${attrs(p.output)}`,
  EventTimeWatermark: (p) => `EventTimeWatermark ${explainString(p.eventTime)}, ${p.delay}`,
  SubqueryAlias: (p) => `SubqueryAlias ${p.alias}`,
  Repartition: (p) =>
    p.partitionExpressions.length > 0 ? `RepartitionByExpression ${list(p.partitionExpressions)}, ${p.numPartitions}` : `Repartition ${p.numPartitions}, ${p.shuffle}`,
  Generate: (p) => `Generate ${explainString(p.generator)}, ${p.outer}, ${attrs(p.generatorOutput)}`,
};

/** Unresolved nodes are marked with a leading `'`, as Spark marks them. */
export function describePlan(p: LogicalPlan): string {
  const unresolved = p.kind === "UnresolvedRelation" || p.kind === "UnresolvedHaving" || (p.kind === "Join" && p.usingColumns !== null) || !expressionsOf(p).every(isResolved);
  return (unresolved ? "'" : "") + dispatchPlan(DESCRIBE, p);
}
