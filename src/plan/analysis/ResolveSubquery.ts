import { AnalysisException } from "../../expr/AnalysisException.js";
import type { Attribute } from "../../expr/AttributeReference.js";
import type { Expression } from "../../expr/Expression.js";
import { Expressions } from "../../expr/ExpressionTree.js";
import { Exists, InSubquery, ScalarSubquery } from "../../expr/Subquery.js";
import type { LogicalPlan } from "../logical/LogicalPlan.js";
import { isPlanResolved, outputOf } from "../logical/PlanOutput.js";
import { mapExpressions, Plans } from "../logical/PlanTree.js";
import { rule, type Rule } from "../rules/Rule.js";
import { relationIds } from "./DeduplicateRelations.js";
import { childrenResolved } from "./ResolveReferences.js";

/** Analyzes a subquery's plan with the columns of its enclosing queries visible and their relations' ids taken. */
export type AnalyzeNested = (plan: LogicalPlan, outerScopes: readonly (readonly Attribute[])[], taken: ReadonlySet<number>) => LogicalPlan;

/**
 * Spark's ResolveSubquery: analyzes the query inside EXISTS, IN and scalar subqueries, with the enclosing
 * operator's input visible as outer references (correlation). The ids of every relation of the enclosing
 * queries are handed down, so that a subquery reading the same relation gets ids of its own
 * (DeduplicateSubqueryRelations).
 */
export function ResolveSubquery(outerScopes: readonly (readonly Attribute[])[], taken: ReadonlySet<number>, analyze: AnalyzeNested): Rule {
  return rule("ResolveSubquery", (plan) => {
    const inUse = new Set([...taken, ...relationIds(plan)]);
    return Plans.transformUp(plan, (node) => {
      if (!childrenResolved(node)) return node;
      const input = Plans.children(node).flatMap(outputOf);
      const resolveNested = (inner: LogicalPlan) => analyze(inner, [...outerScopes, input], inUse);
      return mapExpressions(node, (e) => Expressions.transformUp(e, (n) => resolveSubqueryExpression(n, resolveNested)).node);
    }).node;
  });
}

function resolveSubqueryExpression(n: Expression, resolveNested: (p: LogicalPlan) => LogicalPlan): Expression {
  if ((n.kind !== "Exists" && n.kind !== "InSubquery" && n.kind !== "ScalarSubquery") || isPlanResolved(n.plan as LogicalPlan)) return n;
  const inner = resolveNested(n.plan as LogicalPlan);
  if (!isPlanResolved(inner)) return n;
  const columns = outputOf(inner);
  switch (n.kind) {
    case "Exists":
      return Exists(inner);
    case "InSubquery":
      if (columns.length !== 1) {
        throw new AnalysisException(
          "DATATYPE_MISMATCH.IN_SUBQUERY_LENGTH_MISMATCH",
          `Cannot resolve IN subquery due to data type mismatch: The number of columns in the left hand side of an IN subquery does not match the number of columns in the output of subquery. Left hand side columns(length: 1), right hand side columns(length: ${columns.length}).`,
        );
      }
      return InSubquery(n.value, inner);
    case "ScalarSubquery":
      if (columns.length !== 1) {
        throw new AnalysisException(
          "INVALID_SUBQUERY_EXPRESSION.SCALAR_SUBQUERY_RETURN_MORE_THAN_ONE_OUTPUT_COLUMN",
          `Invalid subquery: Scalar subquery must return only one column, but got ${columns.length}.`,
        );
      }
      return ScalarSubquery(inner, columns[0]!.dataType);
  }
}
