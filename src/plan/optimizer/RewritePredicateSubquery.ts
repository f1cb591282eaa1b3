import { Alias } from "../../expr/Alias.js";
import { AttributeReference, type Attribute } from "../../expr/AttributeReference.js";
import type { Expression } from "../../expr/Expression.js";
import { Expressions } from "../../expr/ExpressionTree.js";
import { Literal } from "../../expr/Literal.js";
import { And, conjoin, EqualTo, IsNotNull, IsNull, Or, splitConjuncts } from "../../expr/Predicates.js";
import type { Exists } from "../../expr/Subquery.js";
import { BooleanType } from "../../types/AtomicTypes.js";
import { Aggregate } from "../logical/Aggregate.js";
import { Join, type JoinType } from "../logical/Join.js";
import type { LogicalPlan } from "../logical/LogicalPlan.js";
import { outputOf } from "../logical/PlanOutput.js";
import { Plans } from "../logical/PlanTree.js";
import { Filter, Project } from "../logical/UnaryNodes.js";
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

/**
 * The subquery of an EXISTS with its correlated predicates pulled up and the inner columns they pin, or null
 * when a predicate is not `inner column = expression of outer columns`: only then does grouping the subquery
 * by those columns leave each outer row at most one matching row, so that an outer join keeps the row count.
 */
export function existenceCorrelation(subquery: LogicalPlan): { plan: LogicalPlan; predicates: Expression[]; keys: Attribute[] } | null {
  const pulled = pullUpCorrelated(subquery);
  const keys: Attribute[] = [];
  for (const p of pulled.predicates) {
    if (p.kind !== "EqualTo") return null;
    const inner = [p.left, p.right].find((side) => side.kind === "AttributeReference");
    const other = inner === p.left ? p.right : p.left;
    if (inner?.kind !== "AttributeReference" || Expressions.exists(other, (n) => n.kind === "AttributeReference")) return null;
    if (!keys.some((k) => k.exprId === inner.exprId)) keys.push(inner);
  }
  return { ...pulled, keys };
}

/**
 * Spark's existence join for an EXISTS that is not a filter conjunct: the subquery, one row per correlation
 * key, carries a `true` marker into a left outer join, and EXISTS becomes "the marker is not null". Grouping
 * by a constant when uncorrelated keeps an empty subquery empty (a global aggregate would give one row).
 */
function existenceJoin(outer: LogicalPlan, e: Exists): { plan: LogicalPlan; exists: Expression } {
  const correlation = existenceCorrelation(e.plan as LogicalPlan);
  if (!correlation) throw new Error("INTERNAL_ERROR: an EXISTS correlated by more than column equalities reached the optimizer outside a filter conjunct; CheckAnalysis should have refused it");
  const marker = Alias(Literal(true, BooleanType), "exists");
  const keys = correlation.keys.length > 0 ? correlation.keys : [marker.child];
  const right = Aggregate(keys, [...correlation.keys, marker], correlation.plan);
  const condition = conjoin(correlation.predicates.map(withoutOuter));
  // Nullable: the outer join gives null where nothing matched.
  return { plan: Join(outer, right, "LeftOuter", condition), exists: IsNotNull(AttributeReference(marker.name, BooleanType, true, marker.exprId)) };
}

/** Every EXISTS in a projection or filter (after the conjuncts that became semi and anti joins) as an existence join below it. */
function rewriteExistenceJoins(node: LogicalPlan): LogicalPlan {
  if (node.kind !== "Project" && node.kind !== "Filter") return node;
  let child = node.child;
  const rewrite = (e: Expression) =>
    Expressions.transformUp(e, (n) => {
      if (n.kind !== "Exists") return n;
      const joined = existenceJoin(child, n);
      child = joined.plan;
      return joined.exists;
    }).node;
  if (node.kind === "Project") {
    const list = node.projectList.map(rewrite);
    return child === node.child ? node : Project(list, child);
  }
  const condition = rewrite(node.condition);
  // The markers are not the filter's output.
  return child === node.child ? node : Project(outputOf(node.child), Filter(condition, child));
}

/**
 * Spark's RewritePredicateSubquery: `WHERE [NOT] EXISTS (…)` and `WHERE x [NOT] IN (SELECT …)` become semi and
 * anti joins; an EXISTS elsewhere in a projection or filter becomes an existence join.
 */
export const RewritePredicateSubquery = rule("RewritePredicateSubquery", (plan) =>
  Plans.transformUp(plan, (node) => rewriteExistenceJoins(semiAndAntiJoins(node))).node,
);

/** The EXISTS and IN conjuncts of a filter as semi and anti joins. */
function semiAndAntiJoins(node: LogicalPlan): LogicalPlan {
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
}
