import { CaseWhen } from "../expr/CaseWhen.js";
import type { Expression } from "../expr/Expression.js";
import { Literal } from "../expr/Literal.js";
import { UnresolvedFunction, UnresolvedStar } from "../expr/Unresolved.js";
import { parseExpression } from "../sql/SqlParser.js";
import type { StructType } from "../types/StructType.js";
import { col, Column, lit, toColumn, type ColumnOrName } from "./Column.js";
import { SparkSession } from "./SparkSession.js";

/**
 * Spark's `functions` (`import { functions as F } from "kindling"`): each builds a call by name that the
 * analyzer resolves through the function registry, so names, argument checks and result names are Spark's.
 * Arguments named `c` take a Column or a column name; other arguments are literals.
 */
export { col, lit } from "./Column.js";
export const column = col;

/** Parses a SQL expression, as `selectExpr` does; TIMESTAMP literals are read in the session time zone. */
export function expr(text: string): Column {
  const timeZone = SparkSession.getActiveSession()?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  return new Column(parseExpression(text, { timeZone }));
}

/** `when(cond, value)`, continued with `.when(..)` and ended with `.otherwise(..)`. */
export function when(condition: Column, value: unknown): Column {
  return new Column(CaseWhen([[condition.expr, lit(value).expr]]));
}

const call = (name: string, ...args: Expression[]) => new Column(UnresolvedFunction(name, args));
const c = (x: ColumnOrName) => toColumn(x).expr;
const l = (x: unknown) => lit(x).expr;
const cols = (xs: readonly ColumnOrName[]) => xs.map(c);

// Null handling and comparison
export const coalesce = (...xs: ColumnOrName[]) => call("coalesce", ...cols(xs));
export const isnull = (x: ColumnOrName) => call("isnull", c(x));
export const greatest = (...xs: ColumnOrName[]) => call("greatest", ...cols(xs));
export const least = (...xs: ColumnOrName[]) => call("least", ...cols(xs));

// Strings
export const concat = (...xs: ColumnOrName[]) => call("concat", ...cols(xs));
export const concat_ws = (sep: string, ...xs: ColumnOrName[]) => call("concat_ws", Literal(sep), ...cols(xs));
export const lower = (x: ColumnOrName) => call("lower", c(x));
export const upper = (x: ColumnOrName) => call("upper", c(x));
export const trim = (x: ColumnOrName) => call("trim", c(x));
export const ltrim = (x: ColumnOrName) => call("ltrim", c(x));
export const rtrim = (x: ColumnOrName) => call("rtrim", c(x));
export const length = (x: ColumnOrName) => call("length", c(x));
/** 1-based `pos`, as Spark's. */
export const substring = (x: ColumnOrName, pos: number, len: number) => call("substring", c(x), l(pos), l(len));
export const split = (x: ColumnOrName, pattern: string, limit = -1) => call("split", c(x), Literal(pattern), l(limit));
export const regexp_extract = (x: ColumnOrName, pattern: string, idx: number) => call("regexp_extract", c(x), Literal(pattern), l(idx));
export const regexp_replace = (x: ColumnOrName, pattern: string | Column, replacement: string | Column) =>
  call("regexp_replace", c(x), l(pattern), l(replacement));

// Math
export const abs = (x: ColumnOrName) => call("abs", c(x));
export const round = (x: ColumnOrName, scale = 0) => call("round", c(x), l(scale));
export const floor = (x: ColumnOrName) => call("floor", c(x));
export const ceil = (x: ColumnOrName) => call("ceil", c(x));
export const sqrt = (x: ColumnOrName) => call("sqrt", c(x));
export const exp = (x: ColumnOrName) => call("exp", c(x));
export const pow = (x: ColumnOrName | number, y: ColumnOrName | number) => call("pow", numberOrColumn(x), numberOrColumn(y));

// Dates and times
export const current_timestamp = () => call("current_timestamp");
export const current_date = () => call("current_date");
export const to_timestamp = (x: ColumnOrName, format?: string) => call("to_timestamp", c(x), ...optional(format));
export const to_date = (x: ColumnOrName, format?: string) => call("to_date", c(x), ...optional(format));
export const date_format = (x: ColumnOrName, format: string) => call("date_format", c(x), Literal(format));
export const unix_timestamp = (x?: ColumnOrName, format?: string) => call("unix_timestamp", ...(x === undefined ? [] : [c(x)]), ...optional(format));
export const from_unixtime = (x: ColumnOrName, format?: string) => call("from_unixtime", c(x), ...optional(format));
export const year = (x: ColumnOrName) => call("year", c(x));
export const month = (x: ColumnOrName) => call("month", c(x));
export const dayofmonth = (x: ColumnOrName) => call("dayofmonth", c(x));
export const hour = (x: ColumnOrName) => call("hour", c(x));
export const minute = (x: ColumnOrName) => call("minute", c(x));
export const second = (x: ColumnOrName) => call("second", c(x));
export const date_add = (x: ColumnOrName, days: number | Column) => call("date_add", c(x), l(days));
export const date_sub = (x: ColumnOrName, days: number | Column) => call("date_sub", c(x), l(days));
export const datediff = (end: ColumnOrName, start: ColumnOrName) => call("datediff", c(end), c(start));
/** Tumbling (`window(ts, "10 minutes")`) or sliding (`window(ts, "10 minutes", "5 minutes")`) time windows. */
export const window = (timeColumn: ColumnOrName, windowDuration: string, slideDuration?: string, startTime?: string) =>
  call("window", c(timeColumn), Literal(windowDuration), ...(slideDuration === undefined && startTime === undefined ? [] : [Literal(slideDuration ?? windowDuration)]), ...optional(startTime));

// JSON, structs and collections
/** `schema` as a StructType or a DDL string (`"a INT, b STRING"`). */
export const from_json = (x: ColumnOrName, schema: StructType | string) => call("from_json", c(x), Literal(typeof schema === "string" ? schema : schema.json()));
export const to_json = (x: ColumnOrName) => call("to_json", c(x));
export const struct = (...xs: ColumnOrName[]) => call("struct", ...cols(xs));
export const array = (...xs: ColumnOrName[]) => call("array", ...cols(xs));
export const array_contains = (x: ColumnOrName, value: unknown) => call("array_contains", c(x), l(value));
export const explode = (x: ColumnOrName) => call("explode", c(x));
export const size = (x: ColumnOrName) => call("size", c(x));
export const hash = (...xs: ColumnOrName[]) => call("hash", ...cols(xs));

// Aggregates
/** `count("*")` counts rows, as `count(1)`; `count(c)` counts non-null values. */
export const count = (x: ColumnOrName) => call("count", x === "*" ? UnresolvedStar() : c(x));
export const countDistinct = (x: ColumnOrName, ...more: ColumnOrName[]) => new Column(UnresolvedFunction("count", cols([x, ...more]), true));
export const count_distinct = countDistinct;
export const sum = (x: ColumnOrName) => call("sum", c(x));
export const sum_distinct = (x: ColumnOrName) => new Column(UnresolvedFunction("sum", [c(x)], true));
export const avg = (x: ColumnOrName) => call("avg", c(x));
export const mean = (x: ColumnOrName) => call("mean", c(x));
export const min = (x: ColumnOrName) => call("min", c(x));
export const max = (x: ColumnOrName) => call("max", c(x));
export const first = (x: ColumnOrName, ignoreNulls = false) => call("first", c(x), ...(ignoreNulls ? [Literal(true)] : []));
export const last = (x: ColumnOrName, ignoreNulls = false) => call("last", c(x), ...(ignoreNulls ? [Literal(true)] : []));
export const collect_list = (x: ColumnOrName) => call("collect_list", c(x));
export const collect_set = (x: ColumnOrName) => call("collect_set", c(x));

/** Spark's `pow(1.5, "a")`: a number is a literal, a string a column name. */
function numberOrColumn(x: ColumnOrName | number): Expression {
  return typeof x === "number" ? Literal(x) : c(x);
}

function optional(text: string | undefined): Expression[] {
  return text === undefined ? [] : [Literal(text)];
}
