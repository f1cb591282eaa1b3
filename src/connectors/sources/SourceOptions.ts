import type { StructType } from "../../types/StructType.js";
import { IllegalArgumentException } from "../../util/SparkException.js";

/**
 * A streaming source's options as Spark's CaseInsensitiveStringMap reads them: keys compare without case. Typed
 * getters refuse a value they cannot read, naming the option and what it must be; each source then checks the
 * range with Spark's own message.
 */
export class SourceOptions {
  private readonly byKey: Map<string, string>;

  constructor(options: Readonly<Record<string, string>>) {
    this.byKey = new Map(Object.entries(options).map(([k, v]) => [k.toLowerCase(), v]));
  }

  get(key: string): string | undefined {
    return this.byKey.get(key.toLowerCase());
  }

  /** A whole number within JavaScript's safe integers (Spark's getLong / getInt). */
  integer(key: string, fallback: number, expected = "a whole number"): number {
    const v = this.get(key);
    if (v === undefined) return fallback;
    const n = /^\s*[+-]?\d+\s*$/.test(v) ? Number(v) : NaN;
    if (!Number.isSafeInteger(n)) throw invalidOption(key, v, expected);
    return n;
  }

  /** `true` or `false` in any case, as Spark's getBoolean. */
  boolean(key: string, fallback: boolean): boolean {
    const v = this.get(key);
    if (v === undefined) return fallback;
    const lower = v.trim().toLowerCase();
    if (lower === "true") return true;
    if (lower === "false") return false;
    throw invalidOption(key, v, "'true' or 'false'");
  }
}

export function invalidOption(key: string, value: string, expected: string): IllegalArgumentException {
  return new IllegalArgumentException(`Invalid value '${value}' for option '${key}', must be ${expected}`);
}

/** Sources with a fixed schema refuse one given with `readStream.schema(..)`, as Spark's table providers do. */
export function refuseUserSchema(providerName: string, userSchema: StructType | undefined): void {
  if (userSchema !== undefined) {
    throw new IllegalArgumentException(`${providerName} source does not support user-specified schema: it always has its own; remove the .schema(${JSON.stringify(userSchema.toDDL())}) call.`);
  }
}
