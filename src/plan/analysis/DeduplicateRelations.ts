import { Alias } from "../../expr/Alias.js";
import { AttributeReference } from "../../expr/AttributeReference.js";
import { newExprId } from "../../expr/ExprId.js";
import type { LogicalPlan } from "../logical/LogicalPlan.js";
import { outputOf } from "../logical/PlanOutput.js";
import { Plans, transformAllExpressions } from "../logical/PlanTree.js";
import { rule, type Rule } from "../rules/Rule.js";
import { childrenResolved } from "./ResolveReferences.js";

/**
 * The same plan with a new id for every column it defines, so that it can meet itself (a self-join, a subquery
 * over the outer query's table) without two sides producing the same attribute.
 */
export function withFreshIds(plan: LogicalPlan): LogicalPlan {
  const fresh = new Map<number, number>();
  const renew = (id: number) => {
    let n = fresh.get(id);
    if (n === undefined) fresh.set(id, (n = newExprId()));
    return n;
  };
  // Ids are defined by leaves, aliases and generators; everything else refers to them.
  relationIds(plan).forEach(renew);
  return transformAllExpressions(plan, (e) => {
    if (e.kind === "AttributeReference" && fresh.has(e.exprId)) return AttributeReference(e.name, e.dataType, e.nullable, fresh.get(e.exprId)!, e.qualifier);
    if (e.kind === "Alias") return Alias(e.child, e.name, renew(e.exprId), e.qualifier);
    return e;
  });
}

/** The ids that the plan's leaves and generators define (aliases always get new ones where they are written). */
export function relationIds(plan: LogicalPlan): number[] {
  const ids: number[] = [];
  Plans.foreach(plan, (node) => {
    if (node.kind === "LocalRelation" || node.kind === "Range" || node.kind === "DataSourceRelation") node.output.forEach((a) => ids.push(a.exprId));
    if (node.kind === "Generate") node.generatorOutput.forEach((a) => ids.push(a.exprId));
  });
  return ids;
}

function sharesAttributes(a: LogicalPlan, b: LogicalPlan): boolean {
  const ids = new Set(outputOf(a).map((x) => x.exprId));
  return outputOf(b).some((x) => ids.has(x.exprId));
}

/**
 * Spark's DeduplicateRelations: the right side of a self-join (or of `t EXCEPT t`) gets new ids, so that
 * `a.x = b.x` means two columns.
 */
export const DeduplicateRelations = rule("DeduplicateRelations", (plan) =>
  Plans.transformUp(plan, (node) => {
    if ((node.kind !== "Join" && node.kind !== "Except" && node.kind !== "Intersect") || !childrenResolved(node)) return node;
    return sharesAttributes(node.left, node.right) ? Plans.shape.withNewChildren(node, [node.left, withFreshIds(node.right)]) : node;
  }).node,
);

/**
 * Spark's DeduplicateRelations for subqueries: a subquery's relations, once looked up, get new ids where the
 * enclosing queries already use theirs (`taken`), before any name resolves. Otherwise `t y` inside
 * `SELECT a FROM t x WHERE EXISTS (SELECT 1 FROM t y WHERE y.a = x.a + 1)` reads the very columns of `t x`, and
 * the correlation compares a column with itself.
 */
export function DeduplicateSubqueryRelations(taken: ReadonlySet<number>): Rule {
  return rule("DeduplicateSubqueryRelations", (plan) => (relationIds(plan).some((id) => taken.has(id)) ? withFreshIds(plan) : plan));
}
