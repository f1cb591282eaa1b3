import type { Expression } from "./Expression.js";

/**
 * A resolved call of a built-in scalar function. `name` keys the function registry, which knows its result
 * type and how to evaluate it; the node itself stays plain data so that it serializes as it is.
 */
export interface ScalarFunction {
  readonly kind: "ScalarFunction";
  readonly name: string;
  readonly children: readonly Expression[];
}

export function ScalarFunction(name: string, children: readonly Expression[]): ScalarFunction {
  return Object.freeze({ kind: "ScalarFunction", name, children: Object.freeze([...children]) });
}

/** A resolved aggregate (`count`, `sum`, …) over the rows of a group, Spark's AggregateExpression. */
export interface AggregateExpression {
  readonly kind: "AggregateExpression";
  readonly name: string;
  readonly children: readonly Expression[];
  readonly isDistinct: boolean;
}

export function AggregateExpression(name: string, children: readonly Expression[], isDistinct = false): AggregateExpression {
  return Object.freeze({ kind: "AggregateExpression", name, children: Object.freeze([...children]), isDistinct });
}
