import { ArrayType } from "./ArrayType.js";
import { ByteType, DoubleType, FloatType, IntegerType, LongType, ShortType, StringType, TimestampType } from "./AtomicTypes.js";
import type { DataType } from "./DataType.js";
import { decimalForType, widerDecimalType } from "./DecimalPrecision.js";
import { MapType } from "./MapType.js";
import { StructField } from "./StructField.js";
import { StructType } from "./StructType.js";
import { isAtomic, isFractional, isIntegral, isNumeric } from "./TypeUtils.js";

/** Spark's `numericPrecedence`: a later type can hold every value of an earlier one (decimals aside). */
const NUMERIC_PRECEDENCE: readonly DataType[] = [ByteType, ShortType, IntegerType, LongType, FloatType, DoubleType];

type Widen = (a: DataType, b: DataType) => DataType | null;

/**
 * Spark's `findTightestCommonType`: the narrowest type both convert to without losing precision, or null.
 * Used for set operations and IN lists; never widens to string or trades precision.
 */
export const findTightestCommonType: Widen = (a, b) => {
  if (a.equals(b)) return a;
  if (a.kind === "null") return b;
  if (b.kind === "null") return a;
  if (isIntegral(a) && b.kind === "decimal") return b.isWiderThan(decimalForType(a)!) ? b : null;
  if (a.kind === "decimal" && isIntegral(b)) return a.isWiderThan(decimalForType(b)!) ? a : null;
  if (isNumeric(a) && isNumeric(b) && a.kind !== "decimal" && b.kind !== "decimal") {
    return NUMERIC_PRECEDENCE[Math.max(NUMERIC_PRECEDENCE.indexOf(a), NUMERIC_PRECEDENCE.indexOf(b))]!;
  }
  if ((a.kind === "timestamp" && b.kind === "date") || (a.kind === "date" && b.kind === "timestamp")) return TimestampType;
  return findTypeForComplex(a, b, findTightestCommonType);
};

/** Spark's `findWiderTypeForDecimal`: decimals widen with each other and with integrals; with floats to double. */
function findWiderTypeForDecimal(a: DataType, b: DataType): DataType | null {
  if (a.kind === "decimal" && b.kind === "decimal") return widerDecimalType(a, b);
  if (a.kind === "decimal" && isIntegral(b)) return widerDecimalType(a, decimalForType(b)!);
  if (isIntegral(a) && b.kind === "decimal") return widerDecimalType(decimalForType(a)!, b);
  if ((a.kind === "decimal" && isFractional(b)) || (isFractional(a) && b.kind === "decimal")) return DoubleType;
  return null;
}

/** Spark's `stringPromotion`: a string meets any other atomic type (not binary or boolean) as a string. */
function stringPromotion(a: DataType, b: DataType): DataType | null {
  const promotes = (s: DataType, t: DataType) => s.kind === "string" && isAtomic(t) && t.kind !== "binary" && t.kind !== "boolean";
  return promotes(a, b) || promotes(b, a) ? StringType : null;
}

/**
 * Spark's `findWiderTypeForTwo`: like the tightest common type, but may trade precision (long and double meet
 * as double; decimals widen) and promotes strings. Used for CASE, COALESCE, GREATEST and arithmetic.
 */
export const findWiderTypeForTwo: Widen = (a, b) =>
  findTightestCommonType(a, b) ?? findWiderTypeForDecimal(a, b) ?? stringPromotion(a, b) ?? findTypeForComplex(a, b, findWiderTypeForTwo);

/** Spark's `findWiderCommonType`: folds `findWiderTypeForTwo` over all types; null types are skipped until last. */
export function findWiderCommonType(types: readonly DataType[]): DataType | null {
  const ordered = [...types.filter((t) => t.kind !== "null"), ...types.filter((t) => t.kind === "null")];
  let result: DataType | null = ordered[0] ?? null;
  for (const t of ordered.slice(1)) {
    if (result === null) return null;
    result = findWiderTypeForTwo(result, t);
  }
  return result;
}

/**
 * Spark's `findCommonTypeForBinaryComparison`: what both sides of `=` or `<` are cast to. A string compared with
 * a number or date is read as that type; with a decimal, both become doubles (SPARK-22469).
 */
export function findCommonTypeForBinaryComparison(a: DataType, b: DataType): DataType | null {
  const tight = findTightestCommonType(a, b);
  if (tight) return tight;
  if ((a.kind === "string" && b.kind === "null") || (a.kind === "null" && b.kind === "string")) return StringType;
  if ((a.kind === "decimal" && b.kind === "string") || (a.kind === "string" && b.kind === "decimal")) return DoubleType;
  if (a.kind === "string" && isAtomic(b)) return b;
  if (b.kind === "string" && isAtomic(a)) return a;
  return findWiderTypeForDecimal(a, b);
}

/** Arrays, maps and structs have a common type when their parts do, with nullability combined. */
function findTypeForComplex(a: DataType, b: DataType, widen: Widen): DataType | null {
  if (a.kind === "array" && b.kind === "array") {
    const element = widen(a.elementType, b.elementType);
    return element && new ArrayType(element, a.containsNull || b.containsNull);
  }
  if (a.kind === "map" && b.kind === "map") {
    const key = widen(a.keyType, b.keyType);
    const value = widen(a.valueType, b.valueType);
    return key && value && new MapType(key, value, a.valueContainsNull || b.valueContainsNull);
  }
  if (a.kind === "struct" && b.kind === "struct" && a.fields.length === b.fields.length) {
    const fields: StructField[] = [];
    for (let i = 0; i < a.fields.length; i++) {
      const [fa, fb] = [a.fields[i]!, b.fields[i]!];
      const type = fa.name.toLowerCase() === fb.name.toLowerCase() ? widen(fa.dataType, fb.dataType) : null;
      if (!type) return null;
      fields.push(new StructField(fa.name, type, fa.nullable || fb.nullable));
    }
    return new StructType(fields);
  }
  return null;
}
