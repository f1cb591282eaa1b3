import type { DataType } from "../types/DataType.js";
import { Decimal } from "../types/Decimal.js";
import { isIntegral } from "../types/TypeUtils.js";
import {
  MICROS_PER_SECOND, daysToMicros, floorDiv, microsToDays, stringToDate, stringToTimestamp,
} from "./DateTimeUtils.js";
import { stringToInterval } from "./IntervalUtils.js";
import { formatValue } from "./ValueFormat.js";

/**
 * Spark's Cast with ANSI mode off, on one non-null value: what does not convert (a malformed string, a decimal
 * that overflows its precision) becomes null; narrowing integral casts wrap; fractional to integral casts
 * truncate toward zero and saturate as the JVM's `d2i`/`d2l` do.
 */
export function castValue(value: unknown, from: DataType, to: DataType, zone: string): unknown {
  if (value === null || value === undefined) return null;
  switch (to.kind) {
    case "string":
      return from.kind === "binary" ? new TextDecoder().decode(value as Uint8Array) : formatValue(value, from, zone);
    case "boolean":
      return toBoolean(value, from);
    case "byte":
      return wrapInt(toLong(value, from), 8, from);
    case "short":
      return wrapInt(toLong(value, from), 16, from);
    case "integer":
      return wrapInt(toLong(value, from), 32, from);
    case "long":
      return toLong(value, from);
    case "float": {
      const d = toDouble(value, from);
      return d === null ? null : Math.fround(d);
    }
    case "double":
      return toDouble(value, from);
    case "decimal":
      return toDecimal(value, from)?.toPrecision(to.precision, to.scale) ?? null;
    case "date":
      if (from.kind === "string") return stringToDate(value as string);
      if (from.kind === "timestamp") return microsToDays(value as bigint, zone);
      return null;
    case "timestamp":
      return toTimestamp(value, from, zone);
    case "binary":
      return from.kind === "string" ? new TextEncoder().encode(value as string) : isIntegral(from) ? integralBytes(value, from) : null;
    case "interval":
      return from.kind === "string" ? stringToInterval(value as string) : null;
    case "array":
      return from.kind === "array" ? (value as unknown[]).map((v) => castValue(v, from.elementType, to.elementType, zone)) : null;
    case "map":
      return from.kind === "map"
        ? new Map([...(value as Map<unknown, unknown>)].map(([k, v]) => [castValue(k, from.keyType, to.keyType, zone), castValue(v, from.valueType, to.valueType, zone)]))
        : null;
    case "struct":
      return from.kind === "struct" ? to.fields.map((f, i) => castValue((value as unknown[])[i], from.fields[i]!.dataType, f.dataType, zone)) : null;
    case "null":
      return null;
  }
}

const TRUE_STRINGS = new Set(["t", "true", "y", "yes", "1"]);
const FALSE_STRINGS = new Set(["f", "false", "n", "no", "0"]);

function toBoolean(value: unknown, from: DataType): boolean | null {
  switch (from.kind) {
    case "string": {
      const s = (value as string).trim().toLowerCase();
      return TRUE_STRINGS.has(s) ? true : FALSE_STRINGS.has(s) ? false : null;
    }
    case "decimal":
      return !(value as Decimal).isZero();
    case "date":
      return null;
    case "boolean":
      return value as boolean;
    default:
      return value !== 0 && value !== 0n;
  }
}

const INTEGRAL_TEXT = /^[+-]?\d+(?:\.\d*)?$|^[+-]?\.\d+$/;
const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;

/** The value as a 64-bit integer (bigint), or null; callers narrow it further. */
function toLong(value: unknown, from: DataType): bigint | null {
  switch (from.kind) {
    case "string": {
      // Spark reads `1.9` as 1 (the fraction is dropped) but not `1e3`; out-of-range text is null, not wrapped.
      const s = (value as string).trim();
      if (!INTEGRAL_TEXT.test(s)) return null;
      const n = BigInt(s.split(".")[0]!.replace(/^([+-]?)$/, "$10"));
      return n < LONG_MIN || n > LONG_MAX ? null : n;
    }
    case "boolean":
      return value ? 1n : 0n;
    case "byte":
    case "short":
    case "integer":
      return BigInt(value as number);
    case "long":
      return value as bigint;
    case "float":
    case "double":
      return saturate(value as number, LONG_MIN, LONG_MAX);
    case "decimal":
      return BigInt.asIntN(64, (value as Decimal).toBigInt());
    case "timestamp":
      return floorDiv(value as bigint, MICROS_PER_SECOND);
    default:
      return null;
  }
}

/** JVM float-to-integral conversion: NaN is 0, out-of-range values clamp to the type's bounds. */
function saturate(d: number, min: bigint, max: bigint): bigint {
  if (Number.isNaN(d)) return 0n;
  if (d >= Number(max)) return max;
  if (d <= Number(min)) return min;
  return BigInt(Math.trunc(d));
}

function wrapInt(n: bigint | null, bits: number, from: DataType): number | null {
  if (n === null) return null;
  // From a fractional value the JVM first saturates to int, then wraps to the narrower type.
  const base = from.kind === "float" || from.kind === "double" ? (n > 2147483647n ? 2147483647n : n < -2147483648n ? -2147483648n : n) : n;
  if (from.kind === "string") {
    const limit = 2n ** BigInt(bits - 1);
    return base < -limit || base >= limit ? null : Number(base);
  }
  return Number(BigInt.asIntN(bits, base));
}

const FRACTIONAL_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?[dDfF]?$/;
const SPECIAL_DOUBLES: Readonly<Record<string, number>> = {
  nan: Number.NaN,
  inf: Infinity, "+inf": Infinity, infinity: Infinity, "+infinity": Infinity,
  "-inf": -Infinity, "-infinity": -Infinity,
};

function toDouble(value: unknown, from: DataType): number | null {
  switch (from.kind) {
    case "string": {
      const s = (value as string).trim();
      const special = SPECIAL_DOUBLES[s.toLowerCase()];
      if (special !== undefined) return special;
      return FRACTIONAL_TEXT.test(s) ? Number(s.replace(/[dDfF]$/, "")) : null;
    }
    case "boolean":
      return value ? 1 : 0;
    case "long":
      return Number(value as bigint);
    case "decimal":
      return (value as Decimal).toNumber();
    case "timestamp":
      return Number(value as bigint) / 1e6;
    case "date":
      return null;
    default:
      return value as number;
  }
}

function toDecimal(value: unknown, from: DataType): Decimal | null {
  switch (from.kind) {
    case "string":
      return Decimal.fromString(value as string);
    case "boolean":
      return Decimal.fromBigInt(value ? 1n : 0n);
    case "byte":
    case "short":
    case "integer":
      return Decimal.fromBigInt(BigInt(value as number));
    case "long":
      return Decimal.fromBigInt(value as bigint);
    case "float":
    case "double":
      return Decimal.fromNumber(value as number);
    case "decimal":
      return value as Decimal;
    case "timestamp":
      return new Decimal(value as bigint, 6);
    default:
      return null;
  }
}

function toTimestamp(value: unknown, from: DataType, zone: string): bigint | null {
  switch (from.kind) {
    case "string":
      return stringToTimestamp(value as string, zone);
    case "date":
      return daysToMicros(value as number, zone);
    case "boolean":
      return value ? 1n : 0n;
    case "byte":
    case "short":
    case "integer":
      return BigInt(value as number) * MICROS_PER_SECOND;
    case "long":
      return BigInt.asIntN(64, (value as bigint) * MICROS_PER_SECOND);
    case "float":
    case "double": {
      const d = value as number;
      return Number.isFinite(d) ? saturate(d * 1e6, LONG_MIN, LONG_MAX) : null;
    }
    case "decimal":
      return (value as Decimal).multiply(Decimal.fromBigInt(MICROS_PER_SECOND)).toBigInt();
    case "timestamp":
      return value as bigint;
    default:
      return null;
  }
}

/** Big-endian bytes of an integral value at its type's width, as Spark's cast to binary. */
function integralBytes(value: unknown, from: DataType): Uint8Array {
  const width = from.kind === "byte" ? 1 : from.kind === "short" ? 2 : from.kind === "integer" ? 4 : 8;
  const n = BigInt(value as number | bigint);
  return Uint8Array.from({ length: width }, (_, i) => Number(BigInt.asUintN(8, n >> BigInt(8 * (width - 1 - i)))));
}
