import type { Expression } from "../../expr/Expression.js";
import { Expressions } from "../../expr/ExpressionTree.js";
import { And, conjoin, EqualTo, IsNull, Or, splitConjuncts } from "../../expr/Predicates.js";
import { Join, type JoinType } from "../logical/Join.js";
import type { LogicalPlan } from "../logical/LogicalPlan.js";
import { outputOf, referencesOf } from "../logical/PlanOutput.js";
import { Plans } from "../logical/PlanTree.js";
import { Filter, Project, SubqueryAlias } from "../logical/UnaryNodes.js";
import { rule } from "../rules/Rule.js";

const hasOuter = (e: Expression) => Expressions.exists(e, (n) => n.kind === "OuterReference");
const withoutOuter = (e: Expression) => Expressions.transformUp(e, (n) => (n.kind === "OuterReference" ? n.attribute : n)).node;

/**
 * Spark's PullupCorrelatedPredicates: the filters of a subquery that refer to the outer query are taken out
 * (they become the join condition), and the columns they use are kept in the subquery's projections.
 */
function pullUpCorrelated(plan: LogicalPlan): { plan: LogicalPlan; predicates: Expression[] } {
  switch (plan.kind) {
    case "Filter": {
      const inner = pullUpCorrelated(plan.child);
      const conjuncts = splitConjuncts(plan.condition);
      const local = conjoin(conjuncts.filter((c) => !hasOuter(c)));
      return { plan: local ? Filter(local, inner.plan) : inner.plan, predicates: [...inner.predicates, ...conjuncts.filter(hasOuter)] };
    }
    case "Project": {
      const inner = pullUpCorrelated(plan.child);
      const projected = new Set(plan.projectList.map((e) => (e.kind === "AttributeReference" || e.kind === "Alias" ? e.exprId : -1)));
      const needed = inner.predicates.flatMap(referencesOf).filter((a, i, all) => !projected.has(a.exprId) && all.findIndex((b) => b.exprId === a.exprId) === i);
      return { plan: inner.predicates.length > 0 ? Project([...plan.projectList, ...needed], inner.plan) : plan, predicates: inner.predicates };
    }
    case "SubqueryAlias": {
      const inner = pullUpCorrelated(plan.child);
      return { plan: inner.predicates.length > 0 ? SubqueryAlias(plan.alias, inner.plan) : plan, predicates: inner.predicates };
    }
    default:
      return { plan, predicates: [] };
  }
}

/** The join that evaluates one EXISTS or IN conjunct, or null when the conjunct is not one. */
function subqueryJoin(outer: LogicalPlan, conjunct: Expression): LogicalPlan | null {
  const negated = conjunct.kind === "Not";
  const e = conjunct.kind === "Not" ? conjunct.child : conjunct;
  if (e.kind !== "Exists" && e.kind !== "InSubquery") return null;
  const pulled = pullUpCorrelated(e.plan as LogicalPlan);
  const correlation = pulled.predicates.map(withoutOuter);
  const joinType: JoinType = negated ? "LeftAnti" : "LeftSemi";
  if (e.kind === "Exists") return Join(outer, pulled.plan, joinType, conjoin(correlation));
  const column = outputOf(pulled.plan)[0]!;
  const equal = EqualTo(e.value, column);
  // NOT IN is null-aware: a row is dropped when the comparison is null, as `x NOT IN (…, NULL)` is never true.
  const match = negated ? Or(equal, IsNull(equal)) : equal;
  return Join(outer, pulled.plan, joinType, correlation.length > 0 ? And(match, conjoin(correlation)!) : match);
}

/** Spark's RewritePredicateSubquery: `WHERE [NOT] EXISTS (…)` and `WHERE x [NOT] IN (SELECT …)` become semi and anti joins. */
export const RewritePredicateSubquery = rule("RewritePredicateSubquery", (plan) =>
  Plans.transformUp(plan, (node) => {
    if (node.kind !== "Filter") return node;
    let child = node.child;
    const rest: Expression[] = [];
    for (const c of splitConjuncts(node.condition)) {
      const joined = subqueryJoin(child, c);
      if (joined) child = joined;
      else rest.push(c);
    }
    if (child === node.child) return node;
    const remaining = conjoin(rest);
    return remaining ? Filter(remaining, child) : child;
  }).node,
);
