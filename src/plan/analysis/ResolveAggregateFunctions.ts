import { Alias } from "../../expr/Alias.js";
import type { Attribute } from "../../expr/AttributeReference.js";
import type { Expression } from "../../expr/Expression.js";
import { prettyName } from "../../expr/ExpressionString.js";
import { Expressions, semanticEquals } from "../../expr/ExpressionTree.js";
import { containsAggregate, isResolved } from "../../expr/ExpressionTypes.js";
import type { SortOrder } from "../../expr/SortOrder.js";
import { Aggregate } from "../logical/Aggregate.js";
import type { LogicalPlan } from "../logical/LogicalPlan.js";
import { isPlanResolved, outputOf, toAttribute } from "../logical/PlanOutput.js";
import { Plans } from "../logical/PlanTree.js";
import { Filter, Project, Sort } from "../logical/UnaryNodes.js";
import { rule, type Rule } from "../rules/Rule.js";
import { resolveFunctionsIn } from "./ResolveFunctions.js";
import { resolveExpression } from "./ResolveReferences.js";

/**
 * Spark's ResolveAggregateFunctions: HAVING and ORDER BY above a GROUP BY may use aggregates and grouping
 * columns that the SELECT list does not output. Their names are resolved against the aggregate's output, then
 * its input; aggregates they need are computed by the Aggregate as extra columns, which a Project then drops.
 */
export function ResolveAggregateFunctions(outerScopes: readonly (readonly Attribute[])[]): Rule {
  return rule("ResolveAggregateFunctions", (plan) =>
    Plans.transformUp(plan, (node) => {
      if (node.kind === "UnresolvedHaving") {
        if (node.child.kind !== "Aggregate") {
          // A select list with aggregates becomes an Aggregate first (GlobalAggregates); without any, HAVING is a WHERE.
          const waitForAggregate = node.child.kind === "Project" && node.child.projectList.some(containsAggregate);
          return isPlanResolved(node.child) && !waitForAggregate ? Filter(node.havingCondition, node.child) : node;
        }
        const r = resolveAboveAggregate([node.havingCondition], node.child, outerScopes);
        return r ? restoreOutput(node.child, r.aggregate, Filter(r.expressions[0]!, r.aggregate)) : node;
      }
      if (node.kind !== "Sort" || !node.order.some((o) => !isResolved(o) || containsAggregate(o))) return node;
      const child = node.child;
      if (child.kind === "Aggregate") {
        const r = resolveAboveAggregate(node.order, child, outerScopes);
        return r ? restoreOutput(child, r.aggregate, Sort(r.expressions as SortOrder[], node.global, r.aggregate)) : node;
      }
      // ORDER BY after HAVING: sort below the projection that HAVING added, then resolve against the aggregate.
      if (child.kind === "Project" && child.projectList.every((e) => e.kind === "AttributeReference") && child.child.kind === "Filter") {
        return Project(child.projectList, Sort(node.order, node.global, child.child));
      }
      if (child.kind === "Filter" && child.child.kind === "Aggregate") {
        const aggregate = child.child;
        const r = resolveAboveAggregate(node.order, aggregate, outerScopes);
        return r ? restoreOutput(aggregate, r.aggregate, Sort(r.expressions as SortOrder[], node.global, Filter(child.condition, r.aggregate))) : node;
      }
      return node;
    }).node,
  );
}

/** `plan` projected back to the original aggregate's columns, when resolving added columns to the aggregate. */
function restoreOutput(original: Aggregate, extended: Aggregate, plan: LogicalPlan): LogicalPlan {
  return extended.aggregateExpressions.length > original.aggregateExpressions.length ? Project(outputOf(original), plan) : plan;
}

function resolveAboveAggregate(
  expressions: readonly Expression[],
  aggregate: Aggregate,
  outerScopes: readonly (readonly Attribute[])[],
): { expressions: Expression[]; aggregate: Aggregate } | null {
  if (!isPlanResolved(aggregate)) return null;
  const aggregateOutput = outputOf(aggregate);
  const resolved = expressions.map((e) =>
    resolveFunctionsIn(resolveExpression(resolveExpression(e, aggregateOutput, []), outputOf(aggregate.child), outerScopes)),
  );
  if (!resolved.every(isResolved)) return null;

  const extra: Expression[] = [];
  const existing = aggregate.aggregateExpressions.map((e) => ({ computes: e.kind === "Alias" ? e.child : e, attribute: toAttribute(e) }));
  const available = new Set(aggregateOutput.map((a) => a.exprId));
  const computed = (e: Expression): Attribute => {
    const known = existing.find((x) => semanticEquals(x.computes, e));
    if (known) return known.attribute;
    const named = e.kind === "AttributeReference" ? e : Alias(e, prettyName(e));
    extra.push(named);
    const attribute = toAttribute(named);
    existing.push({ computes: e, attribute });
    return attribute;
  };
  const rewritten = resolved.map(
    (e) =>
      Expressions.transformDown(e, (n) => {
        if (n.kind === "AggregateExpression") return computed(n);
        if (n.kind === "AttributeReference" && !available.has(n.exprId)) return computed(n);
        return n;
      }).node,
  );
  return { expressions: rewritten, aggregate: Aggregate(aggregate.groupingExpressions, [...aggregate.aggregateExpressions, ...extra], aggregate.child) };
}
