import { IllegalArgumentException } from "../../util/SparkException.js";

/**
 * A data source's options as Spark's CaseInsensitiveMap reads them: keys compare without case, values are strings
 * (readers turn PySpark-style numbers and booleans into strings). Typed getters refuse a value they cannot read,
 * naming the option and what it must be, before any task runs.
 */
export class CaseInsensitiveOptions {
  private readonly byKey: Map<string, string>;

  /** `owner`: whose options these are in messages, e.g. "the csv option", "option". */
  constructor(options: Readonly<Record<string, string>>, private readonly owner = "option") {
    this.byKey = new Map(Object.entries(options).map(([k, v]) => [k.toLowerCase(), v]));
  }

  get(key: string): string | undefined {
    return this.byKey.get(key.toLowerCase());
  }

  string(key: string, fallback: string): string {
    return this.get(key) ?? fallback;
  }

  /** `true` or `false` in any case, as Spark's getBoolean. */
  boolean(key: string, fallback: boolean): boolean {
    const v = this.get(key);
    if (v === undefined) return fallback;
    const lower = v.trim().toLowerCase();
    if (lower === "true") return true;
    if (lower === "false") return false;
    throw this.invalid(key, v, "true or false");
  }

  /** A whole number within JavaScript's safe integers (Spark's getLong / getInt). */
  integer(key: string, fallback: number, expected = "a whole number"): number {
    const v = this.get(key);
    if (v === undefined) return fallback;
    const n = /^\s*[+-]?\d+\s*$/.test(v) ? Number(v) : NaN;
    if (!Number.isSafeInteger(n)) throw this.invalid(key, v, expected);
    return n;
  }

  invalid(key: string, value: string, expected: string): IllegalArgumentException {
    return new IllegalArgumentException(`Invalid value '${value}' for ${this.owner} '${key}': expected ${expected}.`);
  }
}
