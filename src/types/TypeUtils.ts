import { ArrayType } from "./ArrayType.js";
import type { AtomicType, FractionalType, IntegralType } from "./AtomicTypes.js";
import type { DataType } from "./DataType.js";
import type { DecimalType } from "./DecimalType.js";
import { MapType } from "./MapType.js";
import { StructField } from "./StructField.js";
import { StructType } from "./StructType.js";

export type NumericType = IntegralType | FractionalType | DecimalType;

export function isIntegral(t: DataType): t is IntegralType {
  return t.kind === "byte" || t.kind === "short" || t.kind === "integer" || t.kind === "long";
}

export function isFractional(t: DataType): t is FractionalType {
  return t.kind === "float" || t.kind === "double";
}

export function isNumeric(t: DataType): t is NumericType {
  return isIntegral(t) || isFractional(t) || t.kind === "decimal";
}

/** Spark's AtomicType, with decimals included as Spark includes them. */
export function isAtomic(t: DataType): t is AtomicType | DecimalType {
  return isNumeric(t) || t.kind === "string" || t.kind === "binary" || t.kind === "boolean" || t.kind === "date" || t.kind === "timestamp";
}

/** Spark's `sameType`: equal once every nullability flag is ignored. */
export function sameType(a: DataType, b: DataType): boolean {
  return asNullable(a).equals(asNullable(b));
}

/** The same type with every nested nullability flag set, as Spark's `asNullable`. */
function asNullable(t: DataType): DataType {
  switch (t.kind) {
    case "array":
      return new ArrayType(asNullable(t.elementType), true);
    case "map":
      return new MapType(asNullable(t.keyType), asNullable(t.valueType), true);
    case "struct":
      return new StructType(t.fields.map((f) => new StructField(f.name, asNullable(f.dataType), true, f.metadata)));
    default:
      return t;
  }
}
