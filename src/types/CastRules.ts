import type { DataType } from "./DataType.js";
import { isIntegral, isNumeric } from "./TypeUtils.js";

/**
 * Spark's `Cast.canCast` with ANSI mode off: whether `CAST(x AS to)` is allowed for an `x` of type `from`.
 * Anything can become a string; strings, numbers, booleans, dates and timestamps convert among each other;
 * arrays, maps and structs convert part by part.
 */
export function canCast(from: DataType, to: DataType): boolean {
  if (from.equals(to) || from.kind === "null" || to.kind === "string") return true;
  switch (to.kind) {
    case "binary":
      return from.kind === "string" || isIntegral(from);
    case "boolean":
    case "timestamp":
      return from.kind === "string" || from.kind === "date" || from.kind === "timestamp" || from.kind === "boolean" || isNumeric(from);
    case "date":
      return from.kind === "string" || from.kind === "timestamp";
    case "interval":
      return from.kind === "string";
    case "array":
      return from.kind === "array" && canCast(from.elementType, to.elementType) && nullabilityFits(from.containsNull || forceNullable(from.elementType, to.elementType), to.containsNull);
    case "map":
      return (
        from.kind === "map" &&
        canCast(from.keyType, to.keyType) &&
        !forceNullable(from.keyType, to.keyType) &&
        canCast(from.valueType, to.valueType) &&
        nullabilityFits(from.valueContainsNull || forceNullable(from.valueType, to.valueType), to.valueContainsNull)
      );
    case "struct":
      return (
        from.kind === "struct" &&
        from.fields.length === to.fields.length &&
        from.fields.every((f, i) => {
          const t = to.fields[i]!;
          return canCast(f.dataType, t.dataType) && nullabilityFits(f.nullable || forceNullable(f.dataType, t.dataType), t.nullable);
        })
      );
    default:
      return isNumeric(to) && (from.kind === "string" || from.kind === "boolean" || from.kind === "date" || from.kind === "timestamp" || isNumeric(from));
  }
}

function nullabilityFits(fromNullable: boolean, toNullable: boolean): boolean {
  return !fromNullable || toNullable;
}

/**
 * Spark's `Cast.forceNullable`: whether the cast can turn a non-null value into null (a string that is not a
 * number, a number too large for a decimal, a timestamp out of an integral's range).
 */
export function forceNullable(from: DataType, to: DataType): boolean {
  if (from.kind === "null") return true;
  if (from.kind === "string") return to.kind !== "string" && to.kind !== "binary";
  if ((from.kind === "timestamp" || from.kind === "date") && isNumeric(to)) return from.kind === "date" || to.kind !== "long";
  if (to.kind === "decimal") return isNumeric(from) && !(from.kind === "decimal" && to.isWiderThan(from));
  if (from.kind === "float" || from.kind === "double") return to.kind === "timestamp";
  return false;
}
