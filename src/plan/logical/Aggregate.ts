import type { Expression } from "../../expr/Expression.js";
import type { LogicalPlan } from "./LogicalPlan.js";

/**
 * GROUP BY: one output row per distinct value of `groupingExpressions` (one row in all when there are none),
 * computing `aggregateExpressions`, which may refer to grouping expressions and aggregate functions only.
 */
export interface Aggregate {
  readonly kind: "Aggregate";
  readonly groupingExpressions: readonly Expression[];
  readonly aggregateExpressions: readonly Expression[];
  readonly child: LogicalPlan;
}

export function Aggregate(groupingExpressions: readonly Expression[], aggregateExpressions: readonly Expression[], child: LogicalPlan): Aggregate {
  return Object.freeze({
    kind: "Aggregate",
    groupingExpressions: Object.freeze([...groupingExpressions]),
    aggregateExpressions: Object.freeze([...aggregateExpressions]),
    child,
  });
}
