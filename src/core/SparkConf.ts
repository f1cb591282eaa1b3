import type { ConfigEntry } from "./ConfigEntry.js";
import { knownConfigEntries } from "./ConfigEntry.js";
import { APP_NAME, MASTER } from "./config.js";
import { IllegalArgumentException } from "../util/SparkException.js";

export type ConfValue = string | number | boolean;

/**
 * Configuration for a Spark application: string keys and values, as Spark's. Values given as numbers or
 * booleans are kept in their string form, as PySpark does.
 */
export class SparkConf {
  private readonly settings = new Map<string, string>();

  /**
   * `loadDefaults`: start from the settings `kindling submit` passed this process (its `--master`, `--conf`,
   * properties file), as Spark's SparkConf starts from the `spark.*` system properties spark-submit sets; what the
   * program sets itself wins over them.
   */
  constructor(entries: Iterable<[string, ConfValue]> = [], loadDefaults = true) {
    if (loadDefaults) for (const [k, v] of submittedSettings()) this.set(k, v);
    for (const [k, v] of entries) this.set(k, v);
  }

  set(key: string, value: ConfValue): this {
    if (typeof key !== "string" || key === "") throw new IllegalArgumentException("A configuration key must be a non-empty string");
    if (value === null || value === undefined) throw new IllegalArgumentException(`A value for ${key} must be given (got ${value})`);
    this.settings.set(key, String(value));
    return this;
  }

  setIfMissing(key: string, value: ConfValue): this {
    if (!this.settings.has(key)) this.set(key, value);
    return this;
  }

  setMaster(master: string): this {
    return this.set(MASTER.key, master);
  }

  setAppName(name: string): this {
    return this.set(APP_NAME.key, name);
  }

  setAll(entries: Iterable<[string, ConfValue]>): this {
    for (const [k, v] of entries) this.set(k, v);
    return this;
  }

  remove(key: string): this {
    this.settings.delete(key);
    return this;
  }

  contains(key: string): boolean {
    return this.settings.has(key);
  }

  /** The raw string of `key`; throws NoSuchElement-style when neither set nor defaulted. */
  get(key: string, defaultValue?: string): string {
    const v = this.settings.get(key) ?? defaultValue;
    if (v === undefined) throw new IllegalArgumentException(`${key} is not set`);
    return v;
  }

  getOption(key: string): string | undefined {
    return this.settings.get(key);
  }

  /** The typed value of a known entry: what was set, else the entry's default, parsed by the entry. */
  getEntry<T>(entry: ConfigEntry<T>): T;
  getEntry<T>(entry: ConfigEntry<T>, fallback: T): T;
  getEntry<T>(entry: ConfigEntry<T>, fallback?: T): T | undefined {
    const raw = this.settings.get(entry.key) ?? entry.defaultValue;
    return raw === undefined ? fallback : entry.parse(raw);
  }

  getAll(): [string, string][] {
    return [...this.settings.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }

  clone(): SparkConf {
    return new SparkConf(this.settings.entries(), false);
  }

  /** Parses every known key that is set, so a bad value fails here, before any job runs. */
  validate(): void {
    for (const e of knownConfigEntries()) {
      const raw = this.settings.get(e.key);
      if (raw !== undefined) e.parse(raw);
    }
  }

  toDebugString(): string {
    return this.getAll().map(([k, v]) => `${k}=${v}`).join("\n");
  }
}

/** The environment variable through which `kindling submit` gives the driver process its settings, as JSON. */
export const SUBMIT_CONF_ENV = "KINDLING_SUBMIT_CONF";

function submittedSettings(): [string, string][] {
  const json = process.env[SUBMIT_CONF_ENV];
  if (!json) return [];
  const parsed = JSON.parse(json) as Record<string, string>;
  return Object.entries(parsed).filter(([k]) => k.startsWith("spark."));
}
