import type { Expression } from "../../expr/Expression.js";
import { evaluate } from "../../expr/Evaluator.js";
import { Expressions } from "../../expr/ExpressionTree.js";
import { dataTypeOf } from "../../expr/ExpressionTypes.js";
import { ScalarFunction } from "../../expr/FunctionCall.js";
import { aggregateFunctionDefinition } from "../../expr/functions/FunctionRegistry.js";
import { Literal } from "../../expr/Literal.js";
import { conjoin, EqualNullSafe } from "../../expr/Predicates.js";
import { Alias } from "../../expr/Alias.js";
import { AttributeReference, type Attribute } from "../../expr/AttributeReference.js";
import { OuterReference } from "../../expr/Subquery.js";
import { Aggregate } from "../logical/Aggregate.js";
import { Join } from "../logical/Join.js";
import type { LogicalPlan } from "../logical/LogicalPlan.js";
import { outputOf } from "../logical/PlanOutput.js";
import { isCorrelated, mapExpressions, Plans } from "../logical/PlanTree.js";
import { Project } from "../logical/UnaryNodes.js";
import { rule } from "../rules/Rule.js";
import { pullUpCorrelated, withoutOuter } from "./PullupCorrelatedPredicates.js";


/**
 * What the subquery's value is when no inner row matches an outer row: its aggregates over no rows (0 for
 * count, null for the rest). Spark adds it back with coalesce, since the outer join yields null there.
 */
function valueOverNoRows(subquery: LogicalPlan): Expression | null {
  if (subquery.kind !== "Aggregate") return null;
  const first = subquery.aggregateExpressions[0]!;
  const computed = first.kind === "Alias" ? first.child : first;
  if (Expressions.exists(computed, (n) => n.kind === "AttributeReference")) return null;
  const empty = Expressions.transformUp(computed, (n) => {
    if (n.kind !== "AggregateExpression") return n;
    const def = aggregateFunctionDefinition(n.name);
    const types = n.children.map(dataTypeOf);
    return Literal(def.evaluate(def.initialize(), types), dataTypeOf(n));
  }).node;
  const value = evaluate(empty, [], { timeZone: "UTC" });
  return value === null ? null : Literal(value, dataTypeOf(computed));
}

/** Whether grouping by the inner column gives one group per outer row: `inner = f(outer)`, nothing else. */
function isKeyEquality(predicate: Expression): boolean {
  if (predicate.kind !== "EqualTo") return false;
  const innerOnly = (e: Expression) => e.kind === "AttributeReference";
  const outerOnly = (e: Expression) => !Expressions.exists(e, (n) => n.kind === "AttributeReference");
  return (innerOnly(predicate.left) && outerOnly(predicate.right)) || (innerOnly(predicate.right) && outerOnly(predicate.left));
}

/**
 * Spark's DecorrelateInnerQuery with a domain join, for an aggregating subquery whose correlation is more than
 * `inner = outer` (`y.a < x.a`): grouping by the inner column would give one group per inner value, not per
 * outer row. Instead the distinct outer values (the domain) are joined with the inner rows under the
 * correlated predicates, the aggregate groups by the domain, and the outer query joins back on it null-safely.
 * Null where the subquery is not of that kind.
 */
function decorrelateOverDomain(subquery: LogicalPlan, outer: LogicalPlan): { plan: LogicalPlan; predicates: Expression[] } | null {
  if (subquery.kind !== "Aggregate") return null;
  const pulled = pullUpCorrelated(subquery.child);
  if (pulled.predicates.length === 0 || pulled.predicates.every(isKeyEquality)) return null;
  const outerColumns = new Map<number, Attribute>();
  for (const p of pulled.predicates) {
    Expressions.foreach(p, (n) => {
      if (n.kind === "OuterReference") outerColumns.set(n.attribute.exprId, n.attribute);
    });
  }
  const columns = [...outerColumns.values()];
  const domainAliases = columns.map((a) => Alias(a, a.name));
  const domainOf = new Map(domainAliases.map((d, i) => [columns[i]!.exprId, AttributeReference(d.name, columns[i]!.dataType, columns[i]!.nullable, d.exprId)]));
  const domain = Aggregate(columns, domainAliases, outer);
  const toDomain = (e: Expression) => Expressions.transformUp(e, (n) => (n.kind === "OuterReference" ? domainOf.get(n.attribute.exprId)! : n)).node;
  const joined = Join(domain, pulled.plan, "Inner", conjoin(pulled.predicates.map(toDomain)));
  const keys = [...domainOf.values()];
  return {
    plan: Aggregate([...subquery.groupingExpressions, ...keys], [...subquery.aggregateExpressions, ...keys], joined),
    predicates: columns.map((c) => EqualNullSafe(OuterReference(c), domainOf.get(c.exprId)!)),
  };
}

/**
 * Spark's RewriteCorrelatedScalarSubquery: a scalar subquery that refers to the outer row (it must aggregate,
 * which the analyzer checks) becomes a left outer join with the subquery grouped by the correlated columns,
 * and the subquery's value becomes the joined column.
 */
export const RewriteCorrelatedScalarSubquery = rule("RewriteCorrelatedScalarSubquery", (plan) =>
  Plans.transformUp(plan, (node) => {
    if (node.kind !== "Project" && node.kind !== "Filter") return node;
    let child = node.child;
    const rewritten = mapExpressions(node, (e) =>
      Expressions.transformUp(e, (n) => {
        if (n.kind !== "ScalarSubquery" || !isCorrelated(n.plan as LogicalPlan)) return n;
        const pulled = decorrelateOverDomain(n.plan as LogicalPlan, child) ?? pullUpCorrelated(n.plan as LogicalPlan);
        child = Join(child, pulled.plan, "LeftOuter", conjoin(pulled.predicates.map(withoutOuter)));
        const value = outputOf(pulled.plan)[0]!;
        const empty = valueOverNoRows(n.plan as LogicalPlan);
        return empty ? ScalarFunction("coalesce", [value, empty]) : value;
      }).node,
    );
    if (child === node.child) return node;
    const joined = Plans.shape.withNewChildren(rewritten, [child]);
    // A filter outputs its input's columns; the joined subquery columns must not leak above it.
    return node.kind === "Filter" ? Project(outputOf(node), joined) : joined;
  }).node,
);
