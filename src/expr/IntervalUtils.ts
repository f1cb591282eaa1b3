import { CalendarInterval } from "../types/CalendarInterval.js";
import { Decimal } from "../types/Decimal.js";

/** Microseconds per unit for the time part of an interval; years, months, weeks and days are kept separately. */
const MICROS: Readonly<Record<string, bigint>> = {
  hour: 3_600_000_000n,
  minute: 60_000_000n,
  second: 1_000_000n,
  millisecond: 1_000n,
  microsecond: 1n,
};

const INTERVAL_UNITS = ["year", "month", "week", "day", "hour", "minute", "second", "millisecond", "microsecond"] as const;
export type IntervalUnit = (typeof INTERVAL_UNITS)[number];

/** The unit a word names (`days`, `HOUR`), or null: Spark accepts singular and plural, in any case. */
export function intervalUnit(word: string): IntervalUnit | null {
  const w = word.toLowerCase().replace(/s$/, "");
  return (INTERVAL_UNITS as readonly string[]).includes(w) ? (w as IntervalUnit) : null;
}

/** `value unit` as an interval; null when `value` has a fraction that the unit cannot hold (only seconds can). */
export function intervalOf(value: string, unit: IntervalUnit): CalendarInterval | null {
  const d = Decimal.fromString(value);
  if (!d) return null;
  switch (unit) {
    case "year":
    case "month":
    case "week":
    case "day": {
      if (d.scale > 0 && !d.rescale(0).equals(d)) return null;
      const n = Number(d.toBigInt());
      return unit === "year" ? new CalendarInterval(12 * n, 0, 0n) : unit === "month" ? new CalendarInterval(n, 0, 0n) : new CalendarInterval(0, unit === "week" ? 7 * n : n, 0n);
    }
    default: {
      const micros = d.multiply(Decimal.fromBigInt(MICROS[unit]!)).rescale(0);
      return new CalendarInterval(0, 0, micros.unscaled);
    }
  }
}

/** Spark's `stringToInterval`: `[interval] 1 day 2 hours -3.5 seconds`; null when the text is not an interval. */
export function stringToInterval(text: string): CalendarInterval | null {
  const words = text.trim().split(/\s+/);
  if (words[0]?.toLowerCase() === "interval") words.shift();
  if (words.length === 0 || words.length % 2 !== 0) return null;
  let result = new CalendarInterval(0, 0, 0n);
  for (let i = 0; i < words.length; i += 2) {
    const unit = intervalUnit(words[i + 1]!);
    const part = unit && intervalOf(words[i]!, unit);
    if (!part) return null;
    result = result.add(part);
  }
  return result;
}
