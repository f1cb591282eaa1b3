import type { DataType } from "../types/DataType.js";
import { dateToString, timestampToString } from "./DateTimeUtils.js";

/**
 * How Spark renders a value as a string (its cast to StringType): Java's number formatting (`1.0`, `1.0E10`),
 * `[1, 2]` for arrays, `{a -> 1}` for maps, `{1, x}` for structs, dates and timestamps in the session time zone.
 */
export function formatValue(value: unknown, type: DataType, zone: string): string {
  if (value === null || value === undefined) return "null";
  switch (type.kind) {
    case "double":
      return javaDoubleToString(value as number);
    case "float":
      return javaFloatToString(value as number);
    case "date":
      return dateToString(value as number);
    case "timestamp":
      return timestampToString(value as bigint, zone);
    case "binary":
      return new TextDecoder().decode(value as Uint8Array);
    case "array":
      return `[${(value as unknown[]).map((v) => formatValue(v, type.elementType, zone)).join(", ")}]`;
    case "map":
      return `{${[...(value as Map<unknown, unknown>)].map(([k, v]) => `${formatValue(k, type.keyType, zone)} -> ${formatValue(v, type.valueType, zone)}`).join(", ")}}`;
    case "struct":
      return `{${type.fields.map((f, i) => formatValue((value as unknown[])[i], f.dataType, zone)).join(", ")}}`;
    default:
      return String(value);
  }
}

/** Java's `Double.toString`: always a fraction digit, scientific notation outside [1e-3, 1e7). */
function javaDoubleToString(d: number): string {
  return javaFloatingToString(d, String(d), d.toExponential());
}

/** Java's `Float.toString`: the shortest digits that read back as the same single-precision value. */
function javaFloatToString(f: number): string {
  if (!Number.isFinite(f)) return javaDoubleToString(f);
  for (let p = 1; p <= 9; p++) {
    const candidate = Number(f.toPrecision(p));
    if (Math.fround(candidate) === f) return javaFloatingToString(candidate, String(candidate), candidate.toExponential());
  }
  return javaDoubleToString(f);
}

function javaFloatingToString(d: number, plain: string, exponential: string): string {
  if (Number.isNaN(d)) return "NaN";
  if (!Number.isFinite(d)) return d > 0 ? "Infinity" : "-Infinity";
  if (d === 0) return Object.is(d, -0) ? "-0.0" : "0.0";
  const abs = Math.abs(d);
  if (abs >= 1e-3 && abs < 1e7) return plain.includes(".") ? plain : `${plain}.0`;
  const [mantissa, exponent] = exponential.split("e") as [string, string];
  return `${mantissa.includes(".") ? mantissa : `${mantissa}.0`}E${Number(exponent)}`;
}
