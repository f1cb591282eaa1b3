import type { Attribute } from "../../expr/AttributeReference.js";
import type { Expression } from "../../expr/Expression.js";

/**
 * A pushed filter in the form that file statistics (a parquet row group's min, max and null count) can answer,
 * as plain data that travels with the scan's tasks. Only columns of types whose statistics hold values in
 * Kindling's representation take part: integers, longs, floating point, strings, booleans, dates, timestamps.
 */
export type StatsFilter =
  | { readonly op: "=" | "<" | "<=" | ">" | ">="; readonly column: string; readonly value: unknown }
  | { readonly op: "isNull" | "isNotNull"; readonly column: string }
  | { readonly op: "in"; readonly column: string; readonly values: readonly unknown[] }
  | { readonly op: "and" | "or"; readonly left: StatsFilter; readonly right: StatsFilter };

/** What statistics say of one column in one block of rows; undefined values are unknown. */
export interface ColumnStats {
  readonly min: unknown;
  readonly max: unknown;
  readonly nullCount: number | undefined;
  readonly numRows: number;
}

const STATS_KINDS = new Set(["byte", "short", "integer", "long", "float", "double", "string", "boolean", "date", "timestamp"]);
const FLIPPED = { "=": "=", "<": ">", "<=": ">=", ">": "<", ">=": "<=" } as const;
const OPS = { EqualTo: "=", EqualNullSafe: "=", LessThan: "<", LessThanOrEqual: "<=", GreaterThan: ">", GreaterThanOrEqual: ">=" } as const;

/** The filter as statistics can check it, or null when they cannot (other shapes, types, or a null value). */
export function toStatsFilter(e: Expression, columns: readonly Attribute[]): StatsFilter | null {
  const column = (x: Expression): string | null =>
    x.kind === "AttributeReference" && STATS_KINDS.has(x.dataType.kind) && columns.some((c) => c.exprId === x.exprId) ? x.name : null;
  const value = (x: Expression, like: Expression): unknown =>
    x.kind === "Literal" && x.value !== null && x.dataType.equals(like.kind === "AttributeReference" ? like.dataType : x.dataType) ? x.value : undefined;
  switch (e.kind) {
    case "EqualTo":
    case "EqualNullSafe":
    case "LessThan":
    case "LessThanOrEqual":
    case "GreaterThan":
    case "GreaterThanOrEqual": {
      const op = OPS[e.kind];
      const left = column(e.left);
      if (left !== null && value(e.right, e.left) !== undefined) return { op, column: left, value: value(e.right, e.left) };
      const right = column(e.right);
      if (right !== null && value(e.left, e.right) !== undefined) return { op: FLIPPED[op], column: right, value: value(e.left, e.right) };
      return null;
    }
    case "IsNull":
    case "IsNotNull": {
      const c = column(e.child);
      return c === null ? null : { op: e.kind === "IsNull" ? "isNull" : "isNotNull", column: c };
    }
    case "In": {
      const c = column(e.value);
      const values = e.list.map((x) => value(x, e.value));
      return c === null || values.some((v) => v === undefined) ? null : { op: "in", column: c, values };
    }
    case "And":
    case "Or": {
      const left = toStatsFilter(e.left, columns);
      const right = toStatsFilter(e.right, columns);
      if (e.kind === "Or") return left && right && { op: "or", left, right };
      // Half of a conjunction still narrows what may match.
      return left && right ? { op: "and", left, right } : left ?? right;
    }
    default:
      return null;
  }
}

/** Whether a block with these statistics may hold a row for which the filter is true. */
export function mightMatch(f: StatsFilter, stats: (column: string) => ColumnStats | undefined): boolean {
  if ("left" in f) {
    return f.op === "and" ? mightMatch(f.left, stats) && mightMatch(f.right, stats) : mightMatch(f.left, stats) || mightMatch(f.right, stats);
  }
  const s = stats(f.column);
  if (s === undefined) return true;
  if (f.op === "isNull") return s.nullCount === undefined || s.nullCount > 0;
  if (f.op === "isNotNull") return s.nullCount === undefined || s.nullCount < s.numRows;
  // A comparison is never true on null; a block of nulls only has no rows for it.
  if (s.nullCount === s.numRows) return false;
  if (s.min === undefined || s.max === undefined) return true;
  const inRange = (v: unknown) => compare(s.min, v) <= 0 && compare(v, s.max) <= 0;
  switch (f.op) {
    case "=":
      return inRange(f.value);
    case "<":
      return compare(s.min, f.value) < 0;
    case "<=":
      return compare(s.min, f.value) <= 0;
    case ">":
      return compare(s.max, f.value) > 0;
    case ">=":
      return compare(s.max, f.value) >= 0;
    case "in":
      return f.values.some(inRange);
  }
}

/** Statistics and filter values of one column share a representation: numbers, bigints, strings or booleans. */
function compare(a: unknown, b: unknown): number {
  return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
}
