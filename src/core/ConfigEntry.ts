import { IllegalArgumentException } from "../util/SparkException.js";
import { parseBytes, parseDurationMs } from "../util/units.js";

/** A configuration key that Kindling reads, with Spark's name, default and value syntax. */
export interface ConfigEntry<T> {
  readonly key: string;
  readonly defaultValue: string | undefined;
  readonly doc: string;
  parse(value: string): T;
}

const entries = new Map<string, ConfigEntry<unknown>>();

function entry<T>(key: string, defaultValue: string | undefined, doc: string, parse: (v: string, key: string) => T): ConfigEntry<T> {
  const e: ConfigEntry<T> = { key, defaultValue, doc, parse: (v) => parse(v, key) };
  entries.set(key, e);
  return e;
}

/** Every known key, so that a bad value is reported when the context starts rather than when a task reads it. */
export function knownConfigEntries(): Iterable<ConfigEntry<unknown>> {
  return entries.values();
}

export function intConf(key: string, defaultValue: number | undefined, doc: string, min = -Infinity): ConfigEntry<number> {
  return entry(key, defaultValue?.toString(), doc, (v, k) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) {
      throw new IllegalArgumentException(`${k} should be an integer${min > -Infinity ? ` >= ${min}` : ""}, but was '${v}'`);
    }
    return n;
  });
}

export function doubleConf(key: string, defaultValue: number, doc: string, min: number, max: number): ConfigEntry<number> {
  return entry(key, String(defaultValue), doc, (v, k) => {
    const n = Number(v);
    if (v.trim() === "" || Number.isNaN(n) || n < min || n > max) {
      throw new IllegalArgumentException(`${k} should be a number between ${min} and ${max}, but was '${v}'`);
    }
    return n;
  });
}

export function booleanConf(key: string, defaultValue: boolean | undefined, doc: string): ConfigEntry<boolean> {
  return entry(key, defaultValue?.toString(), doc, (v, k) => {
    const s = v.trim().toLowerCase();
    if (s !== "true" && s !== "false") throw new IllegalArgumentException(`${k} should be boolean (true or false), but was '${v}'`);
    return s === "true";
  });
}

export function bytesConf(key: string, defaultValue: string, doc: string, defaultUnit = "b"): ConfigEntry<number> {
  return entry(key, defaultValue, doc, (v, k) => parseBytes(v, k, defaultUnit));
}

export function timeConf(key: string, defaultValue: string | undefined, doc: string, defaultUnit = "ms"): ConfigEntry<number> {
  return entry(key, defaultValue, doc, (v, k) => parseDurationMs(v, k, defaultUnit));
}

export function stringConf(key: string, defaultValue: string | undefined, doc: string, allowed?: readonly string[]): ConfigEntry<string> {
  return entry(key, defaultValue, doc, (v, k) => {
    if (allowed && !allowed.includes(v.toUpperCase()) && !allowed.includes(v)) {
      throw new IllegalArgumentException(`${k} should be one of ${allowed.join(", ")}, but was '${v}'`);
    }
    return v;
  });
}
