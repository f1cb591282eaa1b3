import { Alias } from "../../expr/Alias.js";
import type { Expression } from "../../expr/Expression.js";
import { prettyName } from "../../expr/ExpressionString.js";
import { Expressions, semanticEquals } from "../../expr/ExpressionTree.js";
import { AggregateExpression } from "../../expr/FunctionCall.js";
import { Aggregate } from "../logical/Aggregate.js";
import { toAttribute } from "../logical/PlanOutput.js";
import { Plans } from "../logical/PlanTree.js";
import { rule } from "../rules/Rule.js";

const named = (e: Expression) => (e.kind === "AttributeReference" ? e : Alias(e, prettyName(e)));

/**
 * Spark's RewriteDistinctAggregates for one distinct group: when every aggregate is DISTINCT over the same
 * arguments, a first Aggregate groups by the grouping keys and those arguments (removing duplicates) and a
 * second aggregates the result without DISTINCT. Executors then never deduplicate inside an aggregate.
 */
export const RewriteDistinctAggregates = rule("RewriteDistinctAggregates", (plan) =>
  Plans.transformUp(plan, (node) => {
    if (node.kind !== "Aggregate") return node;
    const aggregates = node.aggregateExpressions.flatMap((e) => Expressions.collect(e, (n) => (n.kind === "AggregateExpression" ? n : undefined)));
    const args = aggregates[0]?.children ?? [];
    const sameArgs = (a: { children: readonly Expression[] }) => a.children.length === args.length && a.children.every((c, i) => semanticEquals(c, args[i]!));
    if (aggregates.length === 0 || !aggregates.every((a) => a.isDistinct && sameArgs(a))) return node;

    const keys = [...node.groupingExpressions, ...args].map((e) => ({ e, column: named(e) }));
    const inner = Aggregate([...node.groupingExpressions, ...args], keys.map((k) => k.column), node.child);
    const replace = (e: Expression): Expression =>
      Expressions.transformDown(e, (n) => {
        if (n.kind === "AggregateExpression") return AggregateExpression(n.name, n.children.map(replace), false);
        const key = keys.find((k) => semanticEquals(k.e, n));
        return key ? toAttribute(key.column) : n;
      }).node;
    const outputs = node.aggregateExpressions.map((e) => {
      if (e.kind === "Alias") return Alias(replace(e.child), e.name, e.exprId, e.qualifier);
      const replaced = replace(e);
      // A grouping column keeps its name and id, so that the aggregate's output does not change.
      return replaced === e || e.kind !== "AttributeReference" ? replaced : Alias(replaced, e.name, e.exprId, e.qualifier);
    });
    return Aggregate(node.groupingExpressions.map((g) => toAttribute(keys.find((k) => k.e === g)!.column)), outputs, inner);
  }).node,
);
