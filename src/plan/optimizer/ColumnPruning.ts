import type { Attribute } from "../../expr/AttributeReference.js";
import type { Expression } from "../../expr/Expression.js";
import { Aggregate } from "../logical/Aggregate.js";
import { Join } from "../logical/Join.js";
import type { LogicalPlan } from "../logical/LogicalPlan.js";
import { outputOf, planReferences, referencesOf } from "../logical/PlanOutput.js";
import { Plans } from "../logical/PlanTree.js";
import { DataSourceRelation } from "../logical/Relations.js";
import { Filter, Project } from "../logical/UnaryNodes.js";
import { Union } from "../logical/Union.js";
import { rule } from "../rules/Rule.js";

/**
 * `child` reduced to the `required` columns: a data source reads fewer columns, any other plan gets a Project
 * on top. The same plan when it outputs nothing more than required.
 */
function prune(child: LogicalPlan, required: readonly Attribute[]): LogicalPlan {
  const ids = new Set(required.map((a) => a.exprId));
  const output = outputOf(child);
  const kept = output.filter((a) => ids.has(a.exprId));
  if (kept.length === output.length) return child;
  if (child.kind === "DataSourceRelation") return DataSourceRelation(kept, child.source, child.supportsFilterPushdown, child.pushedFilters);
  // A projection that would output nothing still has to produce rows; keep one column.
  return Project(kept.length > 0 ? kept : output.slice(0, 1), child);
}

function union(...lists: (readonly Attribute[])[]): Attribute[] {
  const seen = new Map<number, Attribute>();
  for (const list of lists) for (const a of list) seen.set(a.exprId, a);
  return [...seen.values()];
}

/**
 * Spark's ColumnPruning: every operator reads only the columns something above it uses. Unused aliases of a
 * lower projection or aggregate are dropped; joins, aggregates, sorts, limits and unions get projections (or
 * narrower data source reads) below them.
 */
export const ColumnPruning = rule("ColumnPruning", (plan) =>
  Plans.transformDown(plan, (node) => {
    if (node.kind === "Aggregate") {
      const child = prune(node.child, planReferences(node));
      return child === node.child ? node : Aggregate(node.groupingExpressions, node.aggregateExpressions, child);
    }
    if (node.kind === "Join" && (node.joinType === "LeftSemi" || node.joinType === "LeftAnti")) {
      const right = prune(node.right, node.condition ? referencesOf(node.condition) : []);
      return right === node.right ? node : Join(node.left, right, node.joinType, node.condition);
    }
    if (node.kind !== "Project") return node;
    const used = planReferences(node);
    const usedIds = new Set(used.map((a) => a.exprId));
    // After analysis a select list holds only named expressions.
    const isUsed = (e: Expression) => (e.kind === "Alias" || e.kind === "AttributeReference") && usedIds.has(e.exprId);
    const child = node.child;
    switch (child.kind) {
      case "Project": {
        const list = child.projectList.filter(isUsed);
        return list.length === child.projectList.length || list.length === 0 ? node : Project(node.projectList, Project(list, child.child));
      }
      case "Aggregate": {
        const list = child.aggregateExpressions.filter(isUsed);
        return list.length === child.aggregateExpressions.length || list.length === 0 ? node : Project(node.projectList, Aggregate(child.groupingExpressions, list, child.child));
      }
      case "Join": {
        const required = union(used, child.condition ? referencesOf(child.condition) : []);
        const [left, right] = [prune(child.left, required), prune(child.right, required)];
        return left === child.left && right === child.right ? node : Project(node.projectList, Join(left, right, child.joinType, child.condition));
      }
      case "Filter": {
        // Only a data source read is narrowed under a filter: a Project there would be pushed back above it.
        if (child.child.kind !== "DataSourceRelation") return node;
        const pruned = prune(child.child, union(used, referencesOf(child.condition)));
        return pruned === child.child ? node : Project(node.projectList, Filter(child.condition, pruned));
      }
      case "DataSourceRelation": {
        const pruned = prune(child, used);
        return pruned === child ? node : Project(node.projectList, pruned);
      }
      case "Sort":
      case "GlobalLimit":
      case "LocalLimit":
      case "Repartition": {
        // These pass their input's columns through: what is read below is what is used above, plus their own keys.
        const pruned = prune(child.child, union(used, planReferences(child)));
        return pruned === child.child ? node : Project(node.projectList, Plans.shape.withNewChildren(child, [pruned]));
      }
      case "Union": {
        const positions = outputOf(child).flatMap((a, i) => (usedIds.has(a.exprId) ? [i] : []));
        if (positions.length === 0 || positions.length === outputOf(child).length) return node;
        const children = child.children.map((c) => {
          const output = outputOf(c);
          return Project(positions.map((i) => output[i]!), c);
        });
        return Project(node.projectList, Union(children, child.byName, child.allowMissingColumns));
      }
      default:
        return node;
    }
  }).node,
);
