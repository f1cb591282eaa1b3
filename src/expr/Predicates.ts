import type { Expression } from "./Expression.js";

/** Comparisons with Spark's names; all but `<=>` (EqualNullSafe) are null when either side is null. */
export type ComparisonKind = "EqualTo" | "EqualNullSafe" | "LessThan" | "LessThanOrEqual" | "GreaterThan" | "GreaterThanOrEqual";

export interface BinaryComparisonOf<K extends ComparisonKind> {
  readonly kind: K;
  readonly left: Expression;
  readonly right: Expression;
}

/** Any one comparison node; a union of the kinds, so that narrowing on `kind` works. */
export type BinaryComparison = { [K in ComparisonKind]: BinaryComparisonOf<K> }[ComparisonKind];

export const COMPARISON_SYMBOL: Readonly<Record<ComparisonKind, string>> = {
  EqualTo: "=",
  EqualNullSafe: "<=>",
  LessThan: "<",
  LessThanOrEqual: "<=",
  GreaterThan: ">",
  GreaterThanOrEqual: ">=",
};

export function BinaryComparison<K extends ComparisonKind>(kind: K, left: Expression, right: Expression): BinaryComparisonOf<K> {
  return Object.freeze({ kind, left, right });
}

export const EqualTo = (left: Expression, right: Expression) => BinaryComparison("EqualTo", left, right);
export const EqualNullSafe = (left: Expression, right: Expression) => BinaryComparison("EqualNullSafe", left, right);
export const LessThan = (left: Expression, right: Expression) => BinaryComparison("LessThan", left, right);
export const LessThanOrEqual = (left: Expression, right: Expression) => BinaryComparison("LessThanOrEqual", left, right);
export const GreaterThan = (left: Expression, right: Expression) => BinaryComparison("GreaterThan", left, right);
export const GreaterThanOrEqual = (left: Expression, right: Expression) => BinaryComparison("GreaterThanOrEqual", left, right);

/** `left AND right` / `left OR right`, with SQL's three-valued logic. */
export interface And {
  readonly kind: "And";
  readonly left: Expression;
  readonly right: Expression;
}
export function And(left: Expression, right: Expression): And {
  return Object.freeze({ kind: "And", left, right });
}

export interface Or {
  readonly kind: "Or";
  readonly left: Expression;
  readonly right: Expression;
}
export function Or(left: Expression, right: Expression): Or {
  return Object.freeze({ kind: "Or", left, right });
}

export interface Not {
  readonly kind: "Not";
  readonly child: Expression;
}
export function Not(child: Expression): Not {
  return Object.freeze({ kind: "Not", child });
}

export interface IsNull {
  readonly kind: "IsNull";
  readonly child: Expression;
}
export function IsNull(child: Expression): IsNull {
  return Object.freeze({ kind: "IsNull", child });
}

export interface IsNotNull {
  readonly kind: "IsNotNull";
  readonly child: Expression;
}
export function IsNotNull(child: Expression): IsNotNull {
  return Object.freeze({ kind: "IsNotNull", child });
}

/** `value IN (list…)`: null when no element matches and the value or an element is null. */
export interface In {
  readonly kind: "In";
  readonly value: Expression;
  readonly list: readonly Expression[];
}
export function In(value: Expression, list: readonly Expression[]): In {
  return Object.freeze({ kind: "In", value, list: Object.freeze([...list]) });
}

/** Splits `a AND b AND c` into `[a, b, c]` (Spark's `splitConjunctivePredicates`). */
export function splitConjuncts(e: Expression): Expression[] {
  return e.kind === "And" ? [...splitConjuncts(e.left), ...splitConjuncts(e.right)] : [e];
}

/** The conjunction of `predicates`, or null when there are none. */
export function conjoin(predicates: readonly Expression[]): Expression | null {
  return predicates.length === 0 ? null : predicates.reduce((a, b) => And(a, b));
}
