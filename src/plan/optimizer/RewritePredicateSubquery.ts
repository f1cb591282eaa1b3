import { Alias } from "../../expr/Alias.js";
import { AttributeReference, type Attribute } from "../../expr/AttributeReference.js";
import type { Expression } from "../../expr/Expression.js";
import { Expressions } from "../../expr/ExpressionTree.js";
import { Literal } from "../../expr/Literal.js";
import { And, conjoin, EqualTo, IsNotNull, IsNull, Or, splitConjuncts } from "../../expr/Predicates.js";
import type { Exists, InSubquery } from "../../expr/Subquery.js";
import { CaseWhen } from "../../expr/CaseWhen.js";
import { dataTypeOf } from "../../expr/ExpressionTypes.js";
import { AggregateExpression } from "../../expr/FunctionCall.js";
import { BooleanType } from "../../types/AtomicTypes.js";
import { Aggregate } from "../logical/Aggregate.js";
import { Join, type JoinType } from "../logical/Join.js";
import type { LogicalPlan } from "../logical/LogicalPlan.js";
import { outputOf, toAttribute } from "../logical/PlanOutput.js";
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
 * The subquery of an EXISTS or IN with its correlated predicates pulled up and the inner columns they pin, or null
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
 * `outer` left outer joined with the subquery aggregated by `keys`, which makes at most one row match each
 * outer row; `condition` uses the keys. A constant stands for no keys, so that an empty subquery stays empty (a
 * global aggregate would give one row). The keys get ids of their own: two subqueries over one table share
 * ids, and both may be joined to the same outer plan.
 */
function groupedOuterJoin(outer: LogicalPlan, subquery: LogicalPlan, keys: readonly Attribute[], values: readonly Alias[], condition: Expression | null): LogicalPlan {
  const fresh = keys.map((k) => Alias(k, k.name));
  const renamed = (p: Expression) =>
    Expressions.transformUp(p, (n) => {
      const i = n.kind === "AttributeReference" ? keys.findIndex((k) => k.exprId === n.exprId) : -1;
      return i >= 0 ? toAttribute(fresh[i]!) : n;
    }).node;
  const right = Aggregate(keys.length > 0 ? keys : [Literal(true, BooleanType)], [...fresh, ...values], subquery);
  return Join(outer, right, "LeftOuter", condition && renamed(condition));
}

/** A column of the right side of a left outer join, nullable: it is null where nothing matched. */
const joinedColumn = (a: Alias) => AttributeReference(a.name, dataTypeOf(a.child), true, a.exprId);

function correlationOf(e: Exists | InSubquery): NonNullable<ReturnType<typeof existenceCorrelation>> {
  const correlation = existenceCorrelation(e.plan as LogicalPlan);
  if (!correlation) throw new Error("INTERNAL_ERROR: a predicate subquery correlated by more than column equalities reached the optimizer outside a filter conjunct; CheckAnalysis should have refused it");
  return correlation;
}

/** Spark's existence join for an EXISTS that is not a filter conjunct: a `true` marker joined from the subquery, and EXISTS becomes "the marker is not null". */
function existenceJoin(outer: LogicalPlan, e: Exists): { plan: LogicalPlan; value: Expression } {
  const correlation = correlationOf(e);
  const marker = Alias(Literal(true, BooleanType), "exists");
  const plan = groupedOuterJoin(outer, correlation.plan, correlation.keys, [marker], conjoin(correlation.predicates.map(withoutOuter)));
  return { plan, value: IsNotNull(joinedColumn(marker)) };
}

/**
 * `v IN (SELECT c …)` that is not a filter conjunct, with SQL's three values: true when a row has c = v;
 * otherwise false when the (correlated) subquery is empty, null when v or some c is null, else false. A
 * first join marks the match, a second brings whether the subquery has rows and a null c.
 */
function inJoin(outer: LogicalPlan, e: InSubquery): { plan: LogicalPlan; value: Expression } {
  const correlation = correlationOf(e);
  const column = outputOf(correlation.plan)[0]!;
  const predicates = correlation.predicates.map(withoutOuter);
  const match = Alias(Literal(true, BooleanType), "match");
  const matchKeys = [column, ...correlation.keys.filter((k) => k.exprId !== column.exprId)];
  const matched = groupedOuterJoin(outer, correlation.plan, matchKeys, [match], conjoin([EqualTo(e.value, column), ...predicates]));
  const nonEmpty = Alias(Literal(true, BooleanType), "nonEmpty");
  const hasNull = Alias(AggregateExpression("max", [IsNull(column)]), "hasNull");
  const plan = groupedOuterJoin(matched, correlation.plan, correlation.keys, [nonEmpty, hasNull], conjoin(predicates));
  const value = CaseWhen(
    [
      [IsNotNull(joinedColumn(match)), Literal(true, BooleanType)],
      [IsNull(joinedColumn(nonEmpty)), Literal(false, BooleanType)],
      [Or(IsNull(e.value), joinedColumn(hasNull)), Literal(null, BooleanType)],
    ],
    Literal(false, BooleanType),
  );
  return { plan, value };
}

/** Every EXISTS and IN subquery in a projection or filter (after the conjuncts that became semi and anti joins) as outer joins below it. */
function rewriteExistenceJoins(node: LogicalPlan): LogicalPlan {
  if (node.kind !== "Project" && node.kind !== "Filter") return node;
  let child = node.child;
  const rewrite = (e: Expression) =>
    Expressions.transformUp(e, (n) => {
      if (n.kind !== "Exists" && n.kind !== "InSubquery") return n;
      const joined = n.kind === "Exists" ? existenceJoin(child, n) : inJoin(child, n);
      child = joined.plan;
      return joined.value;
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
 * anti joins; elsewhere in a projection or filter they become outer joins with marker columns.
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
