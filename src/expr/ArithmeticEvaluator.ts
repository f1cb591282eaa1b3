import type { CalendarInterval } from "../types/CalendarInterval.js";
import type { DataType } from "../types/DataType.js";
import { Decimal } from "../types/Decimal.js";
import type { BinaryArithmeticKind } from "./Arithmetic.js";
import { MICROS_PER_DAY, addMonths, daysToLocalDate, localDateTimeToMicros, microsToDays, microsToLocalDateTime } from "./DateTimeUtils.js";

/**
 * Spark's arithmetic with ANSI mode off, on non-null operands already coerced to a common type: integral
 * results wrap around at their width, division or remainder by zero is null, decimal results that exceed
 * their precision are null.
 */
export type ArithmeticFn = (l: unknown, r: unknown, zone: string) => unknown;

const WIDTH: Readonly<Record<string, number>> = { byte: 8, short: 16, integer: 32 };

function wrap(bits: number): (x: number) => number {
  const shift = 32 - bits;
  return (x) => ((x | 0) << shift) >> shift;
}

function narrowIntegral(kind: BinaryArithmeticKind, bits: number): ArithmeticFn {
  const w = wrap(bits);
  switch (kind) {
    case "Add":
      return (l, r) => w((l as number) + (r as number));
    case "Subtract":
      return (l, r) => w((l as number) - (r as number));
    case "Multiply":
      return (l, r) => w(Math.imul(l as number, r as number));
    case "Remainder":
      return (l, r) => (r === 0 ? null : w((l as number) % (r as number)));
    default:
      // `div` yields a bigint whatever its operands' width.
      return (l, r) => (r === 0 ? null : BigInt(Math.trunc((l as number) / (r as number))));
  }
}

function long(kind: BinaryArithmeticKind): ArithmeticFn {
  const w = (x: bigint) => BigInt.asIntN(64, x);
  switch (kind) {
    case "Add":
      return (l, r) => w((l as bigint) + (r as bigint));
    case "Subtract":
      return (l, r) => w((l as bigint) - (r as bigint));
    case "Multiply":
      return (l, r) => w((l as bigint) * (r as bigint));
    case "Remainder":
      return (l, r) => (r === 0n ? null : (l as bigint) % (r as bigint));
    default:
      return (l, r) => (r === 0n ? null : w((l as bigint) / (r as bigint)));
  }
}

function fractional(kind: BinaryArithmeticKind, round: (x: number) => number): ArithmeticFn {
  switch (kind) {
    case "Add":
      return (l, r) => round((l as number) + (r as number));
    case "Subtract":
      return (l, r) => round((l as number) - (r as number));
    case "Multiply":
      return (l, r) => round((l as number) * (r as number));
    case "Divide":
      return (l, r) => (r === 0 ? null : round((l as number) / (r as number)));
    case "Remainder":
      return (l, r) => (r === 0 ? null : round((l as number) % (r as number)));
    case "IntegralDivide":
      return (l, r) => (r === 0 ? null : BigInt(Math.trunc((l as number) / (r as number))));
  }
}

function decimal(kind: BinaryArithmeticKind, result: DataType): ArithmeticFn {
  const fit = (d: Decimal) => (result.kind === "decimal" ? d.toPrecision(result.precision, result.scale) : d);
  switch (kind) {
    case "Add":
      return (l, r) => fit((l as Decimal).add(r as Decimal));
    case "Subtract":
      return (l, r) => fit((l as Decimal).subtract(r as Decimal));
    case "Multiply":
      return (l, r) => fit((l as Decimal).multiply(r as Decimal));
    case "Divide":
      return (l, r) => ((r as Decimal).isZero() ? null : fit((l as Decimal).divide(r as Decimal, result.kind === "decimal" ? result.scale : 18)));
    case "Remainder":
      return (l, r) => ((r as Decimal).isZero() ? null : fit((l as Decimal).remainder(r as Decimal)));
    case "IntegralDivide":
      return (l, r) => {
        const [a, b] = [l as Decimal, r as Decimal];
        if (b.isZero()) return null;
        const s = Math.max(a.scale, b.scale);
        return BigInt.asIntN(64, a.rescale(s).unscaled / b.rescale(s).unscaled);
      };
  }
}

/** Adds an interval to a timestamp as Spark's `timestampAddInterval`: months and days on the local calendar. */
function timestampAddInterval(ts: bigint, i: CalendarInterval, zone: string): bigint {
  if (i.months === 0 && i.days === 0) return ts + i.microseconds;
  const t = microsToLocalDateTime(ts, zone);
  const date = daysToLocalDate(addMonths(microsToDays(ts, zone), i.months) + i.days);
  return localDateTimeToMicros({ ...t, ...date }, zone) + i.microseconds;
}

/**
 * The function computing `left kind right` for operand types `left`/`right` and result type `result`; the
 * session time zone it is given matters only when adding intervals to timestamps.
 */
export function arithmetic(kind: BinaryArithmeticKind, left: DataType, right: DataType, result: DataType): ArithmeticFn {
  if (left.kind === "date" && right.kind === "interval") {
    const sign = kind === "Subtract" ? -1 : 1;
    return (l, r) => {
      const i = r as CalendarInterval;
      return addMonths(l as number, sign * i.months) + sign * (i.days + Number(i.microseconds / MICROS_PER_DAY));
    };
  }
  if (left.kind === "date") return kind === "Subtract" ? (l, r) => (l as number) - Number(r) : (l, r) => (l as number) + Number(r);
  if (left.kind === "timestamp" && right.kind === "interval") {
    return (l, r, zone) => timestampAddInterval(l as bigint, kind === "Subtract" ? (r as CalendarInterval).negate() : (r as CalendarInterval), zone);
  }
  if (left.kind === "interval") return kind === "Subtract" ? (l, r) => (l as CalendarInterval).add((r as CalendarInterval).negate()) : (l, r) => (l as CalendarInterval).add(r as CalendarInterval);
  switch (left.kind) {
    case "byte":
    case "short":
    case "integer":
      return narrowIntegral(kind, WIDTH[left.kind]!);
    case "long":
      return long(kind);
    case "float":
      return fractional(kind, Math.fround);
    case "decimal":
      return decimal(kind, result);
    default:
      return fractional(kind, (x) => x);
  }
}

/** `-x` for a value of `type`, wrapping for integral types as Spark's UnaryMinus with ANSI off. */
export function negate(type: DataType): (v: unknown) => unknown {
  switch (type.kind) {
    case "byte":
    case "short":
    case "integer": {
      const w = wrap(WIDTH[type.kind]!);
      return (v) => w(-(v as number));
    }
    case "long":
      return (v) => BigInt.asIntN(64, -(v as bigint));
    case "decimal":
      return (v) => (v as Decimal).negate();
    case "interval":
      return (v) => (v as CalendarInterval).negate();
    default:
      return (v) => -(v as number);
  }
}

