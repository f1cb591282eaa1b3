import { Alias, isNamedExpression } from "../../expr/Alias.js";
import type { Expression } from "../../expr/Expression.js";
import { prettyName } from "../../expr/ExpressionString.js";
import { isResolved } from "../../expr/ExpressionTypes.js";
import { Aggregate } from "../logical/Aggregate.js";
import { Plans } from "../logical/PlanTree.js";
import { Project } from "../logical/UnaryNodes.js";
import { rule } from "../rules/Rule.js";

/**
 * Names each resolved, unnamed column of a select list as Spark does: `(a + 1)`, `count(1)`, `upper(s)`; a cast
 * of a named column keeps the column's name (`CAST(k AS INT)` and `col("k").cast("int")` are both `k`).
 */
export const ResolveAliases = rule("ResolveAliases", (plan) =>
  Plans.transformUp(plan, (node) => {
    if (node.kind === "Project") {
      const list = nameAll(node.projectList);
      return list ? Project(list, node.child) : node;
    }
    if (node.kind === "Aggregate") {
      const list = nameAll(node.aggregateExpressions);
      return list ? Aggregate(node.groupingExpressions, list, node.child) : node;
    }
    return node;
  }).node,
);

function nameAll(list: readonly Expression[]): Expression[] | null {
  const needsName = (e: Expression) => !isNamedExpression(e) && e.kind !== "UnresolvedStar" && isResolved(e);
  return list.some(needsName) ? list.map((e) => (needsName(e) ? Alias(e, aliasName(e)) : e)) : null;
}

function aliasName(e: Expression): string {
  return e.kind === "Cast" && isNamedExpression(e.child) ? e.child.name : prettyName(e);
}
