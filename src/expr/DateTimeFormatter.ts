import { SparkException } from "../util/SparkException.js";
import {
  type LocalDateTime, dayOfWeek, isValidLocalDateTime, localDateTimeToMicros, localDateToDays, microsToLocalDateTime, zoneOffsetSeconds,
} from "./DateTimeUtils.js";

/**
 * Spark's datetime patterns (`yyyy-MM-dd HH:mm:ss.SSS`, `MMM d, yyyy h:mm a`, `'T'` quoted text) for
 * date_format, to_timestamp, unix_timestamp and from_unixtime. A pattern is compiled once into a list of
 * fields and literal text.
 */
type Field = { readonly letter: string; readonly width: number } | { readonly text: string };

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const LETTERS = new Set("yMdDHhmsSaEXxZ".split(""));
const compiled = new Map<string, readonly Field[]>();

function compile(pattern: string): readonly Field[] {
  let fields = compiled.get(pattern);
  if (fields) return fields;
  const out: Field[] = [];
  for (let i = 0; i < pattern.length; ) {
    const c = pattern[i]!;
    if (c === "'") {
      const end = pattern.indexOf("'", i + 1);
      if (end === i + 1) out.push({ text: "'" });
      else out.push({ text: pattern.slice(i + 1, end < 0 ? pattern.length : end) });
      i = end < 0 ? pattern.length : end + 1;
    } else if (/[a-zA-Z]/.test(c)) {
      if (!LETTERS.has(c)) {
        throw new SparkException(`Fail to recognize '${pattern}' pattern in the DateTimeFormatter: the letter '${c}' is not supported; use letters of ${[...LETTERS].join("")}.`, {
          errorClass: "INCONSISTENT_BEHAVIOR_CROSS_VERSION.DATETIME_PATTERN_RECOGNITION",
        });
      }
      let j = i;
      while (pattern[j] === c) j++;
      out.push({ letter: c, width: j - i });
      i = j;
    } else {
      out.push({ text: c });
      i++;
    }
  }
  fields = Object.freeze(out);
  compiled.set(pattern, fields);
  return fields;
}

const pad = (n: number, width: number) => String(n).padStart(width, "0");

/** Formats a timestamp in `zone` with a Spark datetime pattern. */
export function formatTimestamp(micros: bigint, pattern: string, zone: string): string {
  const t = microsToLocalDateTime(micros, zone);
  return compile(pattern)
    .map((f) => ("text" in f ? f.text : formatField(f.letter, f.width, t, micros, zone)))
    .join("");
}

function formatField(letter: string, width: number, t: LocalDateTime, micros: bigint, zone: string): string {
  switch (letter) {
    case "y":
      return width === 2 ? pad(t.year % 100, 2) : pad(t.year, width);
    case "M":
      return width >= 4 ? MONTHS[t.month - 1]! : width === 3 ? MONTHS[t.month - 1]!.slice(0, 3) : pad(t.month, width);
    case "d":
      return pad(t.day, width);
    case "D":
      return pad(localDateToDays(t.year, t.month, t.day) - localDateToDays(t.year, 1, 1) + 1, width);
    case "H":
      return pad(t.hour, width);
    case "h":
      return pad(t.hour % 12 === 0 ? 12 : t.hour % 12, width);
    case "m":
      return pad(t.minute, width);
    case "s":
      return pad(t.second, width);
    case "S":
      return pad(t.micros, 6).padEnd(width, "0").slice(0, width);
    case "a":
      return t.hour < 12 ? "AM" : "PM";
    case "E": {
      const name = DAYS[dayOfWeek(localDateToDays(t.year, t.month, t.day)) - 1]!;
      return width >= 4 ? name : name.slice(0, 3);
    }
    default: {
      const offset = zoneOffsetSeconds(zone, Number(micros / 1_000_000n));
      if (offset === 0 && letter === "X") return "Z";
      const sign = offset < 0 ? "-" : "+";
      const abs = Math.abs(offset);
      const hhmm = [pad(Math.floor(abs / 3600), 2), pad(Math.floor((abs % 3600) / 60), 2)];
      return sign + (letter === "Z" || width < 3 ? hhmm.join("") : hhmm.join(":"));
    }
  }
}

/**
 * Parses text with a Spark datetime pattern into a timestamp, read in `zone` unless the text has an offset.
 * Null when the text does not match, as Spark's to_timestamp with ANSI mode off.
 */
export function parseTimestamp(text: string, pattern: string, zone: string): bigint | null {
  const t = { year: 1970, month: 1, day: 1, hour: 0, minute: 0, second: 0, micros: 0 };
  let pm: boolean | null = null;
  let offset: number | null = null;
  let pos = 0;
  const fields = compile(pattern);
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i]!;
    if ("text" in f) {
      if (!text.startsWith(f.text, pos)) return null;
      pos += f.text.length;
      continue;
    }
    // A numeric field followed directly by another field has a fixed width; otherwise it takes all its digits.
    const next = fields[i + 1];
    const fixed = next !== undefined && !("text" in next);
    if (f.letter === "M" && f.width >= 3) {
      const month = MONTHS.findIndex((m) => text.slice(pos).toLowerCase().startsWith((f.width === 3 ? m.slice(0, 3) : m).toLowerCase()));
      if (month < 0) return null;
      t.month = month + 1;
      pos += f.width === 3 ? 3 : MONTHS[month]!.length;
    } else if (f.letter === "E") {
      const day = DAYS.find((d) => text.slice(pos).toLowerCase().startsWith((f.width >= 4 ? d : d.slice(0, 3)).toLowerCase()));
      if (!day) return null;
      pos += f.width >= 4 ? day.length : 3;
    } else if (f.letter === "a") {
      const marker = text.slice(pos, pos + 2).toUpperCase();
      if (marker !== "AM" && marker !== "PM") return null;
      pm = marker === "PM";
      pos += 2;
    } else if (f.letter === "X" || f.letter === "x" || f.letter === "Z") {
      const m = /^(?:Z|([+-])(\d{2}):?(\d{2})?)/.exec(text.slice(pos));
      if (!m) return null;
      offset = m[1] ? (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 3600 + Number(m[3] ?? 0) * 60) : 0;
      pos += m[0].length;
    } else {
      const m = (fixed ? new RegExp(`^\\d{${f.width}}`) : /^\d+/).exec(text.slice(pos));
      if (!m) return null;
      const n = Number(m[0]);
      pos += m[0].length;
      switch (f.letter) {
        case "y":
          t.year = f.width === 2 ? 2000 + n : n;
          break;
        case "M":
          t.month = n;
          break;
        case "d":
          t.day = n;
          break;
        case "H":
        case "h":
          t.hour = n;
          break;
        case "m":
          t.minute = n;
          break;
        case "s":
          t.second = n;
          break;
        case "S":
          t.micros = Number(m[0].padEnd(6, "0").slice(0, 6));
          break;
        default:
          return null;
      }
    }
  }
  if (pos !== text.length) return null;
  if (pm !== null) t.hour = (t.hour % 12) + (pm ? 12 : 0);
  if (!isValidLocalDateTime(t)) return null;
  if (offset === null) return localDateTimeToMicros(t, zone);
  return localDateTimeToMicros(t, "UTC") - BigInt(offset) * 1_000_000n;
}
