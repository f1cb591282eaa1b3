import { AnalysisException } from "../../expr/AnalysisException.js";
import type { Expression } from "../../expr/Expression.js";
import { SortOrder } from "../../expr/SortOrder.js";
import { Aggregate } from "../logical/Aggregate.js";
import { isPlanResolved, toAttribute } from "../logical/PlanOutput.js";
import { Plans } from "../logical/PlanTree.js";
import { Sort } from "../logical/UnaryNodes.js";
import { rule } from "../rules/Rule.js";

const ordinal = (e: Expression): number | null => (e.kind === "Literal" && e.dataType.kind === "integer" ? (e.value as number) : null);

function checkRange(clause: "ORDER BY" | "GROUP BY", position: number, size: number): void {
  if (position < 1 || position > size) {
    throw new AnalysisException(
      clause === "ORDER BY" ? "ORDER_BY_POS_OUT_OF_RANGE" : "GROUP_BY_POS_OUT_OF_RANGE",
      `${clause} position ${position} is not in select list (valid range is [1, ${size}]).`,
    );
  }
}

/** `ORDER BY 1` and `GROUP BY 1` name the first column of the select list (`spark.sql.orderByOrdinal`, `groupByOrdinal`). */
export const ResolveOrdinals = rule("ResolveOrdinals", (plan) =>
  Plans.transformUp(plan, (node) => {
    if (node.kind === "Sort" && (node.child.kind === "Project" || node.child.kind === "Aggregate") && isPlanResolved(node.child)) {
      const list = node.child.kind === "Project" ? node.child.projectList : node.child.aggregateExpressions;
      if (!node.order.some((o) => ordinal(o.child) !== null)) return node;
      const order = node.order.map((o) => {
        const position = ordinal(o.child);
        if (position === null) return o;
        checkRange("ORDER BY", position, list.length);
        return SortOrder(toAttribute(list[position - 1]!), o.direction, o.nullOrdering);
      });
      return Sort(order, node.global, node.child);
    }
    if (node.kind === "Aggregate" && node.groupingExpressions.some((g) => ordinal(g) !== null)) {
      const list = node.aggregateExpressions;
      const grouping = node.groupingExpressions.map((g) => {
        const position = ordinal(g);
        if (position === null) return g;
        checkRange("GROUP BY", position, list.length);
        const item = list[position - 1]!;
        return item.kind === "Alias" ? item.child : item;
      });
      return Aggregate(grouping, list, node.child);
    }
    return node;
  }).node,
);
