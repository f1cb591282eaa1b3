import { ArrayType } from "./ArrayType.js";
import { DoubleType, StringType } from "./AtomicTypes.js";
import type { DataType } from "./DataType.js";
import { decimalForType } from "./DecimalPrecision.js";
import { DecimalType } from "./DecimalType.js";
import { isAtomic, isIntegral, isNumeric, sameType } from "./TypeUtils.js";

/**
 * Spark's AbstractDataType: what a function accepts for an argument, either a concrete type or a family of
 * types. A list stands for Spark's TypeCollection (any one of them).
 */
export type AbstractDataType =
  | DataType
  | "AnyDataType"
  | "NumericType"
  | "IntegralType"
  | "DecimalType"
  | "AtomicType"
  | "ArrayType"
  | "MapType"
  | "StructType"
  | readonly AbstractDataType[];

export function acceptsType(expected: AbstractDataType, t: DataType): boolean {
  if (Array.isArray(expected)) return expected.some((e) => acceptsType(e, t));
  switch (expected) {
    case "AnyDataType":
      return true;
    case "NumericType":
      return isNumeric(t);
    case "IntegralType":
      return isIntegral(t);
    case "DecimalType":
      return t.kind === "decimal";
    case "AtomicType":
      return isAtomic(t);
    case "ArrayType":
      return t.kind === "array";
    case "MapType":
      return t.kind === "map";
    case "StructType":
      return t.kind === "struct";
    default:
      return sameType(expected as DataType, t);
  }
}

/** How Spark names an expected type in `DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE` messages: `"NUMERIC"`, `("STRING" or "DATE")`. */
export function abstractTypeSql(expected: AbstractDataType): string {
  if (Array.isArray(expected)) return `(${expected.map(abstractTypeSql).join(" or ")})`;
  switch (expected) {
    case "AnyDataType":
      return '"ANY"';
    case "NumericType":
      return '"NUMERIC"';
    case "IntegralType":
      return '"INTEGRAL"';
    case "DecimalType":
      return '"DECIMAL"';
    case "AtomicType":
      return '"ATOMIC"';
    case "ArrayType":
      return '"ARRAY"';
    case "MapType":
      return '"MAP"';
    case "StructType":
      return '"STRUCT"';
    default:
      return `"${(expected as DataType).sql()}"`;
  }
}

/** The concrete type Spark picks for a family when it must cast a NULL to it (`defaultConcreteType`). */
function defaultConcreteType(expected: AbstractDataType): DataType | null {
  if (typeof expected !== "string" && !Array.isArray(expected)) return expected as DataType;
  switch (expected) {
    case "NumericType":
      return DoubleType;
    case "DecimalType":
      return DecimalType.SYSTEM_DEFAULT;
    case "AnyDataType":
    case "AtomicType":
      return StringType;
    default:
      return null;
  }
}

/**
 * Spark's `ImplicitTypeCasts.implicitCast`: the type an argument of type `t` is cast to so that a function
 * expecting `expected` accepts it, or null when no implicit cast exists.
 */
export function implicitCast(t: DataType, expected: AbstractDataType): DataType | null {
  if (acceptsType(expected, t)) return t;
  if (Array.isArray(expected)) {
    for (const e of expected) {
      const cast = implicitCast(t, e);
      if (cast) return cast;
    }
    return null;
  }
  if (t.kind === "null") return defaultConcreteType(expected);
  if (expected === "NumericType" && t.kind === "string") return DoubleType;
  if (expected === "DecimalType" && isNumeric(t)) return decimalForType(t);
  if (expected === "DecimalType" && t.kind === "string") return DecimalType.SYSTEM_DEFAULT;
  if (typeof expected === "string") return null;
  const target = expected as DataType;
  if (isNumeric(t) && isNumeric(target)) return target;
  if ((t.kind === "date" && target.kind === "timestamp") || (t.kind === "timestamp" && target.kind === "date")) return target;
  if (t.kind === "string" && (isNumeric(target) || target.kind === "date" || target.kind === "timestamp" || target.kind === "binary")) return target;
  if (isAtomic(t) && target.kind === "string") return StringType;
  if (t.kind === "array" && target.kind === "array") {
    const element = implicitCast(t.elementType, target.elementType);
    return element && new ArrayType(element, t.containsNull);
  }
  return null;
}

