import type { Attribute } from "../../expr/AttributeReference.js";
import type { Expression } from "../../expr/Expression.js";
import { isResolved } from "../../expr/ExpressionTypes.js";
import { isPlanResolved, outputOf, referencesOf } from "../logical/PlanOutput.js";
import { mapExpressions, Plans } from "../logical/PlanTree.js";
import { Project } from "../logical/UnaryNodes.js";
import { rule } from "../rules/Rule.js";
import { resolveExpression } from "./ResolveReferences.js";

/**
 * Spark's ResolveMissingReferences: `SELECT a FROM t ORDER BY b` (or a filter on a dropped column) sorts by a
 * column the projection left out. The projection is widened to carry it and a Project above restores the
 * selected columns.
 */
export const ResolveMissingReferences = rule("ResolveMissingReferences", (plan) =>
  Plans.transformUp(plan, (node) => {
    if ((node.kind !== "Sort" && node.kind !== "Filter") || node.child.kind !== "Project" || !isPlanResolved(node.child)) return node;
    const project = node.child;
    if (node.kind === "Sort" ? node.order.every(isResolved) : isResolved(node.condition)) return node;
    const below = outputOf(project.child);
    const resolved = mapExpressions(node, (e: Expression) => resolveExpression(e, [...outputOf(project), ...below], []));
    const exprs = resolved.kind === "Sort" ? resolved.order : resolved.kind === "Filter" ? [resolved.condition] : [];
    if (!exprs.every(isResolved)) return node;
    const projected = new Set(outputOf(project).map((a) => a.exprId));
    const missing: Attribute[] = [];
    for (const a of exprs.flatMap(referencesOf)) if (!projected.has(a.exprId) && !missing.some((m) => m.exprId === a.exprId)) missing.push(a);
    const widened = Project([...project.projectList, ...missing], project.child);
    return Project(outputOf(project), Plans.shape.withNewChildren(resolved, [widened]));
  }).node,
);
