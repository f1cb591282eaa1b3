import { IllegalArgumentException } from "./SparkException.js";

const BYTE_UNITS: Record<string, number> = { b: 1, k: 1024, kb: 1024, m: 1024 ** 2, mb: 1024 ** 2, g: 1024 ** 3, gb: 1024 ** 3, t: 1024 ** 4, tb: 1024 ** 4 };

/** Parses Spark's byte strings ("512m", "4g", "1024"); a bare number is in `defaultUnit`. */
export function parseBytes(value: string, key: string, defaultUnit = "b"): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(value);
  const unit = (m?.[2] || defaultUnit).toLowerCase();
  if (!m || BYTE_UNITS[unit] === undefined) {
    throw new IllegalArgumentException(`${key}: '${value}' is not a size; use a number with an optional unit, e.g. 512m or 4g`);
  }
  return Math.round(Number(m[1]) * BYTE_UNITS[unit]!);
}

const TIME_UNITS: Record<string, number> = {
  us: 0.001, microsecond: 0.001, microseconds: 0.001,
  ms: 1, millisecond: 1, milliseconds: 1,
  s: 1000, sec: 1000, second: 1000, seconds: 1000,
  m: 60_000, min: 60_000, minute: 60_000, minutes: 60_000,
  h: 3_600_000, hour: 3_600_000, hours: 3_600_000,
  d: 86_400_000, day: 86_400_000, days: 86_400_000,
};

/** Parses Spark's time strings ("3s", "100ms", "10 minutes"); a bare number is in `defaultUnit`. */
export function parseDurationMs(value: string | number, key: string, defaultUnit = "ms"): number {
  const text = String(value);
  const m = /^\s*(-?\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  const unit = (m?.[2] || defaultUnit).toLowerCase();
  if (!m || TIME_UNITS[unit] === undefined) {
    throw new IllegalArgumentException(`${key}: '${text}' is not a duration; use a number with a unit, e.g. 3s, 100ms or '10 minutes'`);
  }
  return Number(m[1]) * TIME_UNITS[unit]!;
}

/** A byte count as Spark's Utils.bytesToString prints it: the largest unit that leaves at least 2 of it. */
export function bytesToString(bytes: number): string {
  const units = ["TiB", "GiB", "MiB", "KiB"];
  for (let i = 0; i < units.length; i++) {
    const unit = 1024 ** (units.length - i);
    if (bytes >= 2 * unit) return `${(bytes / unit).toFixed(1)} ${units[i]}`;
  }
  return `${bytes.toFixed(1)} B`;
}
