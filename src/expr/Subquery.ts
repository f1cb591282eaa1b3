import type { DataType } from "../types/DataType.js";
import type { Attribute } from "./AttributeReference.js";
import type { Expression } from "./Expression.js";

/**
 * Expressions that hold a query. Expressions sit below plans in the layers, so the plan is opaque here: the plan
 * layer stores its LogicalPlan in `plan` and is the only one that looks inside.
 */
export interface SubqueryPlan {
  readonly kind: string;
}

/**
 * `(SELECT x FROM …)` used as a value: the single value of its single row, or null when it has none.
 * `dataType` is the type of its one column, set by the analyzer (null until then).
 */
export interface ScalarSubquery {
  readonly kind: "ScalarSubquery";
  readonly plan: SubqueryPlan;
  readonly dataType: DataType | null;
}
export function ScalarSubquery(plan: SubqueryPlan, dataType: DataType | null = null): ScalarSubquery {
  return Object.freeze({ kind: "ScalarSubquery", plan, dataType });
}

/** `EXISTS (SELECT …)`. */
export interface Exists {
  readonly kind: "Exists";
  readonly plan: SubqueryPlan;
}
export function Exists(plan: SubqueryPlan): Exists {
  return Object.freeze({ kind: "Exists", plan });
}

/** `value IN (SELECT x FROM …)`. */
export interface InSubquery {
  readonly kind: "InSubquery";
  readonly value: Expression;
  readonly plan: SubqueryPlan;
}
export function InSubquery(value: Expression, plan: SubqueryPlan): InSubquery {
  return Object.freeze({ kind: "InSubquery", value, plan });
}

/** A column of the enclosing query, referred to from inside a correlated subquery. */
export interface OuterReference {
  readonly kind: "OuterReference";
  readonly attribute: Attribute;
}
export function OuterReference(attribute: Attribute): OuterReference {
  return Object.freeze({ kind: "OuterReference", attribute });
}
