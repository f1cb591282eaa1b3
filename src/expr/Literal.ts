import { ArrayType } from "../types/ArrayType.js";
import {
  BinaryType, BooleanType, CalendarIntervalType, DoubleType, IntegerType, LongType, NullType, StringType,
} from "../types/AtomicTypes.js";
import { CalendarInterval } from "../types/CalendarInterval.js";
import type { DataType } from "../types/DataType.js";
import { Decimal } from "../types/Decimal.js";
import { DecimalType } from "../types/DecimalType.js";
import { findWiderCommonType } from "../types/TypeCoercion.js";

/** A constant. `value` is in the representation its `dataType` documents (LongType: bigint, DateType: days, …). */
export interface Literal {
  readonly kind: "Literal";
  readonly value: unknown;
  readonly dataType: DataType;
}

/** A literal of `dataType`, or of the type inferred from a JavaScript value when none is given. */
export function Literal(value: unknown, dataType: DataType = inferLiteralType(value)): Literal {
  return Object.freeze({ kind: "Literal", value, dataType });
}

export const TrueLiteral = Literal(true, BooleanType);
export const FalseLiteral = Literal(false, BooleanType);

/**
 * The Spark type of a JavaScript value already in Spark's representation, as `lit()` sees it: integral numbers
 * that fit in 32 bits are INT (a JS number cannot say it was written `1.0`), other numbers DOUBLE, bigint
 * BIGINT. Dates and timestamps have no JavaScript form of their own here; give their type explicitly.
 */
export function inferLiteralType(value: unknown): DataType {
  if (value === null || value === undefined) return NullType;
  switch (typeof value) {
    case "number":
      return Number.isInteger(value) && value >= -0x80000000 && value <= 0x7fffffff && !Object.is(value, -0) ? IntegerType : DoubleType;
    case "bigint":
      return LongType;
    case "string":
      return StringType;
    case "boolean":
      return BooleanType;
  }
  if (value instanceof Decimal) return new DecimalType(Math.max(value.precision, value.scale, 1), value.scale);
  if (value instanceof Uint8Array) return BinaryType;
  if (value instanceof CalendarInterval) return CalendarIntervalType;
  if (Array.isArray(value)) {
    const element = findWiderCommonType(value.map(inferLiteralType)) ?? NullType;
    return new ArrayType(element, value.some((v) => v === null || v === undefined));
  }
  throw new TypeError(`Cannot make a Spark literal of ${Object.prototype.toString.call(value)}: use a number, bigint, string, boolean, Decimal, Uint8Array, CalendarInterval or an array of them, or give the data type`);
}
