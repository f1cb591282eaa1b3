/**
 * Keys of pair RDDs are plain JavaScript values. These functions give them what the JVM gives a key for free:
 * a hash that is the same in every process (for partitioning), a total order (for sorting), and a canonical
 * form usable as a `Map` key, so that `[1, "a"]` produced by two different tasks is the same key.
 */

const TYPE_RANK: Record<string, number> = { undefined: 0, boolean: 1, number: 2, bigint: 2, string: 3, object: 4 };

export function hashKey(key: unknown): number {
  switch (typeof key) {
    case "number":
      return Number.isInteger(key) && key >= -0x80000000 && key <= 0x7fffffff ? key | 0 : hashString(String(key));
    case "string":
      return hashString(key);
    case "boolean":
      return key ? 1231 : 1237;
    case "bigint":
      return BigInt.asIntN(64, key) >= -0x80000000n && key <= 0x7fffffffn ? Number(key) | 0 : hashString(key.toString());
    case "undefined":
      return 0;
    default:
      if (key === null) return 0;
      if (Array.isArray(key)) {
        let h = 17;
        for (const item of key) h = (Math.imul(h, 31) + hashKey(item)) | 0;
        return h;
      }
      if (key instanceof Date) return hashKey(key.getTime());
      return hashString(canonical(key));
  }
}

/** Java's String.hashCode, so that simple string keys spread as they do in Spark. */
function hashString(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return h;
}

/** A non-negative modulo, as Spark's `Utils.nonNegativeMod`. */
export function nonNegativeMod(x: number, mod: number): number {
  const r = x % mod;
  return r < 0 ? r + mod : r;
}

export function compareKeys(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return b === null || b === undefined ? 0 : -1;
  if (b === null || b === undefined) return 1;
  const ta = typeof a;
  const tb = typeof b;
  if (ta !== tb && !(TYPE_RANK[ta] === 2 && TYPE_RANK[tb] === 2)) return (TYPE_RANK[ta] ?? 5) - (TYPE_RANK[tb] ?? 5);
  if (ta === "object") {
    if (Array.isArray(a) && Array.isArray(b)) {
      const n = Math.min(a.length, b.length);
      for (let i = 0; i < n; i++) {
        const c = compareKeys(a[i], b[i]);
        if (c !== 0) return c;
      }
      return a.length - b.length;
    }
    if (a instanceof Date && b instanceof Date) return a.getTime() - b.getTime();
    const ca = canonical(a);
    const cb = canonical(b);
    return ca < cb ? -1 : ca > cb ? 1 : 0;
  }
  if (ta === "number" && Number.isNaN(a)) return Number.isNaN(b) ? 0 : 1;
  if (tb === "number" && Number.isNaN(b)) return -1;
  return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
}

/** The value to use as a `Map` key: primitives stand for themselves; objects and arrays by their contents. */
export function mapKey(key: unknown): unknown {
  return key !== null && typeof key === "object" ? "\u0000" + canonical(key) : key;
}

/**
 * JSON with the values JSON cannot tell apart tagged: a bigint is not the string of its digits, and NaN and the
 * infinities (which JSON writes as null) are not null. The tag starts with a NUL, which strings almost never do.
 */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => {
    if (typeof v === "bigint") return `\u0000n${v}`;
    if (typeof v === "number" && !Number.isFinite(v)) return `\u0000d${v}`;
    if (v !== null && typeof v === "object" && !Array.isArray(v) && !(v instanceof Date)) {
      const sorted: Record<string, unknown> = {};
      for (const k of Object.keys(v).sort()) sorted[k] = (v as Record<string, unknown>)[k];
      return sorted;
    }
    return v;
  });
}
