import type { LogicalPlan } from "./LogicalPlan.js";

/**
 * `left EXCEPT right` and `left INTERSECT right` (DISTINCT): the distinct rows of `left` that do not / do also
 * appear in `right`, columns matched by position. The optimizer replaces them with anti and semi joins.
 */
export interface Except {
  readonly kind: "Except";
  readonly left: LogicalPlan;
  readonly right: LogicalPlan;
}
export function Except(left: LogicalPlan, right: LogicalPlan): Except {
  return Object.freeze({ kind: "Except", left, right });
}

export interface Intersect {
  readonly kind: "Intersect";
  readonly left: LogicalPlan;
  readonly right: LogicalPlan;
}
export function Intersect(left: LogicalPlan, right: LogicalPlan): Intersect {
  return Object.freeze({ kind: "Intersect", left, right });
}
