import type { Expression } from "../../expr/Expression.js";
import { And, conjoin, EqualTo, IsNull, Or, splitConjuncts } from "../../expr/Predicates.js";
import { Join, type JoinType } from "../logical/Join.js";
import type { LogicalPlan } from "../logical/LogicalPlan.js";
import { outputOf } from "../logical/PlanOutput.js";
import { Plans } from "../logical/PlanTree.js";
import { Filter } from "../logical/UnaryNodes.js";
import { rule } from "../rules/Rule.js";
import { pullUpCorrelated, withoutOuter } from "./PullupCorrelatedPredicates.js";

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
