import type { DataType } from "./DataType.js";
import { DecimalType } from "./DecimalType.js";

/**
 * Spark's DecimalPrecision rules: the decimal type an integral or fractional type converts to, and the result
 * type of decimal arithmetic with `spark.sql.decimalOperations.allowPrecisionLoss` on (Spark's default).
 */

/** Spark's `DecimalType.forType`: the smallest decimal that holds every value of a numeric type. */
export function decimalForType(t: DataType): DecimalType | null {
  switch (t.kind) {
    case "byte":
      return new DecimalType(3, 0);
    case "short":
      return new DecimalType(5, 0);
    case "integer":
      return new DecimalType(10, 0);
    case "long":
      return new DecimalType(20, 0);
    case "float":
      return new DecimalType(14, 7);
    case "double":
      return new DecimalType(30, 15);
    case "decimal":
      return t;
    default:
      return null;
  }
}

/** Spark's `widerDecimalType`: enough integral digits and enough scale for both. */
export function widerDecimalType(a: DecimalType, b: DecimalType): DecimalType {
  const scale = Math.max(a.scale, b.scale);
  const range = Math.max(a.precision - a.scale, b.precision - b.scale);
  return DecimalType.bounded(range + scale, scale);
}

/**
 * Spark's `adjustPrecisionScale`: when an exact result needs more than 38 digits, keep the integral digits and
 * give up scale, but never below 6 fraction digits.
 */
function adjustPrecisionScale(precision: number, scale: number): DecimalType {
  if (precision <= DecimalType.MAX_PRECISION) return new DecimalType(precision, scale);
  const intDigits = precision - scale;
  const minScale = Math.min(scale, 6);
  const adjustedScale = Math.max(DecimalType.MAX_PRECISION - intDigits, minScale);
  return new DecimalType(DecimalType.MAX_PRECISION, adjustedScale);
}

export type DecimalArithmetic = "Add" | "Subtract" | "Multiply" | "Divide" | "Remainder";

/** The result type Spark gives `a op b` for two decimal operands. */
export function decimalResultType(op: DecimalArithmetic, a: DecimalType, b: DecimalType): DecimalType {
  const [p1, s1, p2, s2] = [a.precision, a.scale, b.precision, b.scale];
  switch (op) {
    case "Add":
    case "Subtract":
      return adjustPrecisionScale(Math.max(s1, s2) + Math.max(p1 - s1, p2 - s2) + 1, Math.max(s1, s2));
    case "Multiply":
      return adjustPrecisionScale(p1 + p2 + 1, s1 + s2);
    case "Divide": {
      const scale = Math.max(6, s1 + p2 + 1);
      return adjustPrecisionScale(p1 - s1 + s2 + scale, scale);
    }
    case "Remainder":
      return adjustPrecisionScale(Math.min(p1 - s1, p2 - s2) + Math.max(s1, s2), Math.max(s1, s2));
  }
}
