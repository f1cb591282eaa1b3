import type { Expression } from "../../expr/Expression.js";
import { semanticEquals } from "../../expr/ExpressionTree.js";
import { splitConjuncts } from "../../expr/Predicates.js";
import { DataSourceRelation } from "../logical/Relations.js";
import { outputOf, referencesOf } from "../logical/PlanOutput.js";
import { Plans } from "../logical/PlanTree.js";
import { Filter } from "../logical/UnaryNodes.js";
import { rule } from "../rules/Rule.js";

const isColumnOrValue = (e: Expression) => e.kind === "AttributeReference" || e.kind === "Literal";

/**
 * The predicates a data source can be given, as Spark's `DataSourceStrategy.translateFilter`: comparisons of a
 * column with a value, null tests, IN lists of values, and AND/OR/NOT of these.
 */
function isSourceFilter(e: Expression): boolean {
  switch (e.kind) {
    case "EqualTo":
    case "EqualNullSafe":
    case "LessThan":
    case "LessThanOrEqual":
    case "GreaterThan":
    case "GreaterThanOrEqual":
      return isColumnOrValue(e.left) && isColumnOrValue(e.right) && (e.left.kind === "AttributeReference" || e.right.kind === "AttributeReference");
    case "IsNull":
    case "IsNotNull":
      return e.child.kind === "AttributeReference";
    case "In":
      return e.value.kind === "AttributeReference" && e.list.every((x) => x.kind === "Literal");
    case "And":
    case "Or":
      return isSourceFilter(e.left) && isSourceFilter(e.right);
    case "Not":
      return isSourceFilter(e.child);
    default:
      return false;
  }
}

/**
 * Hands a filter's translatable conjuncts to a data source that accepts them, so that it can skip data. The
 * Filter stays: a source may use its filters only approximately (row groups, partitions), as in Spark.
 */
export const PushFiltersIntoDataSource = rule("PushFiltersIntoDataSource", (plan) =>
  Plans.transformUp(plan, (node) => {
    if (node.kind !== "Filter" || node.child.kind !== "DataSourceRelation" || !node.child.supportsFilterPushdown) return node;
    const relation = node.child;
    const columns = new Set(outputOf(relation).map((a) => a.exprId));
    const fresh = splitConjuncts(node.condition).filter(
      (c) => isSourceFilter(c) && referencesOf(c).every((a) => columns.has(a.exprId)) && !relation.pushedFilters.some((p) => semanticEquals(p, c)),
    );
    if (fresh.length === 0) return node;
    return Filter(node.condition, DataSourceRelation(relation.output, relation.source, true, [...relation.pushedFilters, ...fresh]));
  }).node,
);
