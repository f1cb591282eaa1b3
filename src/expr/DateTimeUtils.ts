import { SparkException } from "../util/SparkException.js";

/**
 * Spark's DateTimeUtils for the value representations of DateType (days since the epoch, a number) and
 * TimestampType (microseconds since the epoch in UTC, a bigint), in the proleptic Gregorian calendar. Time zones
 * are explicit arguments: either an IANA region (`America/Los_Angeles`, resolved with `Intl`) or a fixed offset
 * (`UTC`, `Z`, `+08:00`, `GMT-3`).
 */

export const MICROS_PER_SECOND = 1_000_000n;
export const MICROS_PER_DAY = 86_400_000_000n;
const SECONDS_PER_DAY = 86_400;

export interface LocalDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

export interface LocalDateTime extends LocalDate {
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  /** Microseconds within the second, 0 to 999999. */
  readonly micros: number;
}

/** The civil date of a day number (Howard Hinnant's `civil_from_days`). */
export function daysToLocalDate(days: number): LocalDate {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** The day number of a civil date (Howard Hinnant's `days_from_civil`). */
export function localDateToDays(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function daysInMonth(year: number, month: number): number {
  return month === 2 ? (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** 1 for Sunday … 7 for Saturday, as Spark's `dayofweek`. */
export function dayOfWeek(days: number): number {
  return ((((days + 4) % 7) + 7) % 7) + 1;
}

const FIXED_OFFSET = /^(?:Z|(?:UTC|GMT|UT)?([+-])(\d{1,2})(?::?(\d{2}))?(?::?(\d{2}))?|UTC|GMT|UT)$/i;
const formatters = new Map<string, Intl.DateTimeFormat>();

function regionFormatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat("en-US", {
        timeZone: zone, hourCycle: "h23", era: "short", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", second: "numeric",
      });
    } catch (cause) {
      throw new SparkException(`The time zone '${zone}' is not known: use a region such as 'America/Los_Angeles' or an offset such as '+08:00' or 'UTC'.`, {
        cause, errorClass: "INVALID_TIMEZONE",
      });
    }
    formatters.set(zone, f);
  }
  return f;
}

/** The offset of `zone` from UTC, in seconds, at the instant `epochSeconds`. */
export function zoneOffsetSeconds(zone: string, epochSeconds: number): number {
  const fixed = FIXED_OFFSET.exec(zone);
  if (fixed) {
    if (!fixed[1]) return 0;
    const seconds = Number(fixed[2]) * 3600 + Number(fixed[3] ?? 0) * 60 + Number(fixed[4] ?? 0);
    return fixed[1] === "-" ? -seconds : seconds;
  }
  // Intl only accepts instants within ±8.64e15 ms; clamping keeps the offset rule of the nearest representable time.
  const millis = Math.max(-8.64e15, Math.min(8.64e15, epochSeconds * 1000));
  const parts: Record<string, string> = {};
  for (const p of regionFormatter(zone).formatToParts(millis)) parts[p.type] = p.value;
  const year = parts["era"] === "BC" ? 1 - Number(parts["year"]) : Number(parts["year"]);
  const local = localDateToDays(year, Number(parts["month"]), Number(parts["day"])) * SECONDS_PER_DAY + Number(parts["hour"]) * 3600 + Number(parts["minute"]) * 60 + Number(parts["second"]);
  return local - Math.floor(millis / 1000);
}

/** Division rounding toward negative infinity, as Java's `Math.floorDiv`. */
export function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && (a < 0n) !== (b < 0n) ? q - 1n : q;
}

/** The wall-clock date and time in `zone` of a timestamp. */
export function microsToLocalDateTime(micros: bigint, zone: string): LocalDateTime {
  const seconds = floorDiv(micros, MICROS_PER_SECOND);
  const local = Number(seconds) + zoneOffsetSeconds(zone, Number(seconds));
  const days = Math.floor(local / SECONDS_PER_DAY);
  const secondOfDay = local - days * SECONDS_PER_DAY;
  return {
    ...daysToLocalDate(days),
    hour: Math.floor(secondOfDay / 3600),
    minute: Math.floor((secondOfDay % 3600) / 60),
    second: secondOfDay % 60,
    micros: Number(micros - seconds * MICROS_PER_SECOND),
  };
}

/**
 * The timestamp of a wall-clock time in `zone`. In a gap (spring forward) the time is moved forward by the gap;
 * in an overlap the earlier instant is taken, as java.time does.
 */
export function localDateTimeToMicros(t: LocalDateTime, zone: string): bigint {
  const local = localDateToDays(t.year, t.month, t.day) * SECONDS_PER_DAY + t.hour * 3600 + t.minute * 60 + t.second;
  const before = zoneOffsetSeconds(zone, local - SECONDS_PER_DAY / 2);
  const after = zoneOffsetSeconds(zone, local + SECONDS_PER_DAY / 2);
  const earlier = local - before;
  const later = local - after;
  const seconds = zoneOffsetSeconds(zone, earlier) === before || zoneOffsetSeconds(zone, later) !== after ? earlier : later;
  return BigInt(seconds) * MICROS_PER_SECOND + BigInt(t.micros);
}

/** The date in `zone` at which a timestamp falls (Spark's `microsToDays`). */
export function microsToDays(micros: bigint, zone: string): number {
  const t = microsToLocalDateTime(micros, zone);
  return localDateToDays(t.year, t.month, t.day);
}

/** Midnight of a date in `zone` (Spark's `daysToMicros`). */
export function daysToMicros(days: number, zone: string): bigint {
  return localDateTimeToMicros({ ...daysToLocalDate(days), hour: 0, minute: 0, second: 0, micros: 0 }, zone);
}

function pad(n: number, width: number): string {
  return n < 0 ? "-" + String(-n).padStart(width, "0") : String(n).padStart(width, "0");
}

/** `yyyy-MM-dd`, as Spark casts a date to a string. */
export function dateToString(days: number): string {
  const d = daysToLocalDate(days);
  return `${pad(d.year, 4)}-${pad(d.month, 2)}-${pad(d.day, 2)}`;
}

/** `yyyy-MM-dd HH:mm:ss[.ffffff]` in `zone`, trailing zeros of the fraction dropped, as Spark's cast to string. */
export function timestampToString(micros: bigint, zone: string): string {
  const t = microsToLocalDateTime(micros, zone);
  const fraction = t.micros === 0 ? "" : "." + String(t.micros).padStart(6, "0").replace(/0+$/, "");
  return `${pad(t.year, 4)}-${pad(t.month, 2)}-${pad(t.day, 2)} ${pad(t.hour, 2)}:${pad(t.minute, 2)}:${pad(t.second, 2)}${fraction}`;
}

const DATE_TEXT = /^([+-]?\d{4,7})(?:-(\d{1,2})(?:-(\d{1,2})(?:[ T].*)?)?)?$/s;

/** Spark's `stringToDate`: `yyyy`, `yyyy-[m]m`, `yyyy-[m]m-[d]d` optionally followed by ` …` or `T…`; null otherwise. */
export function stringToDate(text: string): number | null {
  const m = DATE_TEXT.exec(text.trim());
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2] ?? 1), Number(m[3] ?? 1)];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return localDateToDays(year, month, day);
}

const TIMESTAMP_TEXT =
  /^([+-]?\d{4,7})(?:-(\d{1,2})(?:-(\d{1,2})(?:[ T](?:(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{0,9}))?)?)?)?)?)?\s*(Z|[+-]\d{1,2}(?::?\d{2})?|(?:UTC|GMT|UT)(?:[+-]\d{1,2}(?::?\d{2})?)?|[A-Za-z][A-Za-z_]*\/[A-Za-z_/+-]+)?$/i;

/**
 * Spark's `stringToTimestamp`: `yyyy[-[m]m[-[d]d[( |T)[h]h:[m]m[:[s]s[.fraction]]]]][zone]`, read in `zone`
 * unless the text names its own; null when it is not a valid timestamp.
 */
export function stringToTimestamp(text: string, zone: string): bigint | null {
  const m = TIMESTAMP_TEXT.exec(text.trim());
  if (!m) return null;
  const t: LocalDateTime = {
    year: Number(m[1]),
    month: Number(m[2] ?? 1),
    day: Number(m[3] ?? 1),
    hour: Number(m[4] ?? 0),
    minute: Number(m[5] ?? 0),
    second: Number(m[6] ?? 0),
    micros: Number((m[7] ?? "").padEnd(6, "0").slice(0, 6)),
  };
  if (!isValidLocalDateTime(t)) return null;
  return localDateTimeToMicros(t, m[8] ?? zone);
}

export function isValidLocalDateTime(t: LocalDateTime): boolean {
  return t.month >= 1 && t.month <= 12 && t.day >= 1 && t.day <= daysInMonth(t.year, t.month) && t.hour < 24 && t.minute < 60 && t.second < 60;
}

/** Adds whole months, clamping the day to the end of a shorter month (Spark's `dateAddMonths`). */
export function addMonths(days: number, months: number): number {
  const d = daysToLocalDate(days);
  const total = d.year * 12 + (d.month - 1) + months;
  const year = Math.floor(total / 12);
  const month = total - year * 12 + 1;
  return localDateToDays(year, month, Math.min(d.day, daysInMonth(year, month)));
}
