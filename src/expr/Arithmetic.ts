import type { Expression } from "./Expression.js";

/** `+ - * / div %` with Spark's names. `/` always yields a double or a decimal; `div` yields a bigint. */
export type BinaryArithmeticKind = "Add" | "Subtract" | "Multiply" | "Divide" | "IntegralDivide" | "Remainder";

export interface BinaryArithmeticOf<K extends BinaryArithmeticKind> {
  readonly kind: K;
  readonly left: Expression;
  readonly right: Expression;
}

/** Any one arithmetic node; a union of the kinds, so that narrowing on `kind` works. */
export type BinaryArithmetic = { [K in BinaryArithmeticKind]: BinaryArithmeticOf<K> }[BinaryArithmeticKind];

/** The SQL operator of each arithmetic kind, as explain and column names print it. */
export const ARITHMETIC_SYMBOL: Readonly<Record<BinaryArithmeticKind, string>> = {
  Add: "+",
  Subtract: "-",
  Multiply: "*",
  Divide: "/",
  IntegralDivide: "div",
  Remainder: "%",
};

export function BinaryArithmetic<K extends BinaryArithmeticKind>(kind: K, left: Expression, right: Expression): BinaryArithmeticOf<K> {
  return Object.freeze({ kind, left, right });
}

export const Add = (left: Expression, right: Expression) => BinaryArithmetic("Add", left, right);
export const Subtract = (left: Expression, right: Expression) => BinaryArithmetic("Subtract", left, right);
export const Multiply = (left: Expression, right: Expression) => BinaryArithmetic("Multiply", left, right);
export const Divide = (left: Expression, right: Expression) => BinaryArithmetic("Divide", left, right);
export const IntegralDivide = (left: Expression, right: Expression) => BinaryArithmetic("IntegralDivide", left, right);
export const Remainder = (left: Expression, right: Expression) => BinaryArithmetic("Remainder", left, right);

/** `-child`. */
export interface UnaryMinus {
  readonly kind: "UnaryMinus";
  readonly child: Expression;
}

export function UnaryMinus(child: Expression): UnaryMinus {
  return Object.freeze({ kind: "UnaryMinus", child });
}
