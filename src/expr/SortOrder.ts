import type { Expression } from "./Expression.js";

export type SortDirection = "Ascending" | "Descending";
export type NullOrdering = "NullsFirst" | "NullsLast";

/** One key of ORDER BY. Spark's defaults: nulls first when ascending, last when descending. */
export interface SortOrder {
  readonly kind: "SortOrder";
  readonly child: Expression;
  readonly direction: SortDirection;
  readonly nullOrdering: NullOrdering;
}

export function SortOrder(child: Expression, direction: SortDirection = "Ascending", nullOrdering?: NullOrdering): SortOrder {
  return Object.freeze({ kind: "SortOrder", child, direction, nullOrdering: nullOrdering ?? (direction === "Ascending" ? "NullsFirst" : "NullsLast") });
}
