import type { Attribute } from "../expr/AttributeReference.js";
import type { Expression } from "../expr/Expression.js";
import { Expressions } from "../expr/ExpressionTree.js";
import type { ScalarSubquery } from "../expr/Subquery.js";
import { Join } from "../plan/logical/Join.js";
import type { LogicalPlan } from "../plan/logical/LogicalPlan.js";
import { outputOf } from "../plan/logical/PlanOutput.js";
import { expressionsOf, mapExpressions, Plans } from "../plan/logical/PlanTree.js";
import { Filter, Project } from "../plan/logical/UnaryNodes.js";

/**
 * Uncorrelated scalar subqueries (the optimizer has already turned correlated ones into joins) in a filter or
 * a projection become a left outer join with the subquery's one row, whose column then stands for the
 * subquery: null when it has no row, as SQL says. This keeps planning synchronous (Spark runs subqueries as
 * separate jobs first). The joins made here are returned too: their build side must have at most one row.
 */
export function planScalarSubqueries(plan: LogicalPlan): { plan: LogicalPlan; subqueryJoins: ReadonlySet<Join> } {
  const subqueryJoins = new Set<Join>();
  return { plan: rewrite(plan, subqueryJoins), subqueryJoins };
}

function rewrite(plan: LogicalPlan, subqueryJoins: Set<Join>): LogicalPlan {
  return Plans.transformUp(plan, (node) => {
    if (node.kind !== "Filter" && node.kind !== "Project") return node;
    const subqueries: ScalarSubquery[] = [];
    for (const e of expressionsOf(node)) Expressions.foreach(e, (n) => void (n.kind === "ScalarSubquery" && subqueries.push(n)));
    if (subqueries.length === 0) return node;
    let child = node.child;
    const values = new Map<ScalarSubquery, Attribute>();
    for (const sq of subqueries) {
      const sub = rewrite(sq.plan as LogicalPlan, subqueryJoins);
      values.set(sq, outputOf(sub)[0]!);
      const join = Join(child, sub, "LeftOuter", null);
      subqueryJoins.add(join);
      child = join;
    }
    const replace = (e: Expression) => Expressions.transformUp(e, (n) => (n.kind === "ScalarSubquery" ? values.get(n) ?? n : n)).node;
    if (node.kind === "Project") return mapExpressions(Project(node.projectList, child), replace);
    return Project(outputOf(node.child), Filter(replace(node.condition), child));
  }).node;
}
