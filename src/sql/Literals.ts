import { Literal } from "../expr/Literal.js";
import { intervalOf, type IntervalUnit } from "../expr/IntervalUtils.js";
import { ByteType, DoubleType, FloatType, IntegerType, LongType, ShortType } from "../types/AtomicTypes.js";
import { CalendarInterval } from "../types/CalendarInterval.js";
import { Decimal } from "../types/Decimal.js";
import { DecimalType } from "../types/DecimalType.js";

/**
 * Spark's numeric literals: `1` INT (BIGINT or DECIMAL when it does not fit), `1.5` DECIMAL(2,1), `1e3` DOUBLE,
 * and the suffixes `L` BIGINT, `S` SMALLINT, `Y` TINYINT, `D` DOUBLE, `F` FLOAT, `BD` DECIMAL. Returns an
 * error message instead when the value does not fit its type.
 */
export function numericLiteral(text: string): Literal | string {
  const m = /^(.*?)([lLsSyYdDfF]|[bB][dD])?$/.exec(text)!;
  const digits = m[1]!;
  const suffix = m[2]?.toUpperCase();
  const integral = (bits: number, type: typeof ByteType | typeof ShortType | typeof IntegerType) => {
    const n = BigInt(digits);
    const limit = 2n ** BigInt(bits - 1);
    return n < -limit || n >= limit ? outOfRange(digits, -limit, limit - 1n, type.simpleString()) : Literal(Number(n), type);
  };
  switch (suffix) {
    case "L": {
      const n = BigInt(digits);
      return n >= 2n ** 63n ? outOfRange(digits, -(2n ** 63n), 2n ** 63n - 1n, "bigint") : Literal(n, LongType);
    }
    case "S":
      return integral(16, ShortType);
    case "Y":
      return integral(8, ByteType);
    case "D":
      return Literal(Number(digits), DoubleType);
    case "F":
      return Literal(Math.fround(Number(digits)), FloatType);
    case "BD":
      return decimalLiteral(digits);
  }
  if (/[eE]/.test(digits)) return Literal(Number(digits), DoubleType);
  if (digits.includes(".")) return decimalLiteral(digits);
  const n = BigInt(digits);
  if (n <= 2147483647n) return Literal(Number(n), IntegerType);
  if (n <= 2n ** 63n - 1n) return Literal(n, LongType);
  return decimalLiteral(digits);
}

function decimalLiteral(digits: string): Literal | string {
  const d = Decimal.fromString(digits)!;
  const precision = Math.max(d.precision, d.scale);
  if (precision > DecimalType.MAX_PRECISION) return `The decimal literal ${digits} has ${precision} digits, more than the 38 that DECIMAL can hold.`;
  return Literal(d, new DecimalType(Math.max(precision, 1), d.scale));
}

function outOfRange(digits: string, min: bigint, max: bigint, type: string): string {
  return `Numeric literal ${digits} does not fit in range [${min}, ${max}] for type ${type}.`;
}

const DAY_TIME: readonly IntervalUnit[] = ["day", "hour", "minute", "second"];
const YEAR_MONTH: readonly IntervalUnit[] = ["year", "month"];

/**
 * `INTERVAL 'value' from TO to`, e.g. `'1-2' YEAR TO MONTH` or `'1 02:03:04.5' DAY TO SECOND`: the numbers of
 * `value` fill the units from `from` to `to` in order. Null when the value does not have that shape.
 */
export function intervalFromTo(value: string, from: IntervalUnit, to: IntervalUnit): CalendarInterval | null {
  const units = YEAR_MONTH.includes(from) ? YEAR_MONTH : DAY_TIME;
  const [start, end] = [units.indexOf(from), units.indexOf(to)];
  if (start < 0 || end <= start) return null;
  const m = /^\s*([+-]?)(.*?)\s*$/.exec(value)!;
  const parts = m[2]!.split(/[-\s:]/);
  if (parts.length !== end - start + 1 || !parts.every((p, i) => (units[start + i] === "second" ? /^\d+(\.\d+)?$/ : /^\d+$/).test(p))) return null;
  let result = new CalendarInterval(0, 0, 0n);
  parts.forEach((p, i) => (result = result.add(intervalOf(p, units[start + i]!)!)));
  return m[1] === "-" ? result.negate() : result;
}

