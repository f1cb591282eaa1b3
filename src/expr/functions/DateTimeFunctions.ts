import { DateType, IntegerType, LongType, StringType, TimestampType } from "../../types/AtomicTypes.js";
import type { DataType } from "../../types/DataType.js";
import { SparkException } from "../../util/SparkException.js";
import { castValue } from "../CastEvaluator.js";
import { formatTimestamp, parseTimestamp } from "../DateTimeFormatter.js";
import {
  MICROS_PER_SECOND, addMonths, daysToLocalDate, floorDiv, microsToDays, microsToLocalDateTime,
} from "../DateTimeUtils.js";
import type { EvalContext } from "../EvalContext.js";
import { type ScalarFunctionDefinition, expects } from "./FunctionDefinition.js";

/** Spark's date and time functions; every one that reads or shows a wall-clock time uses the session time zone. */

const DEFAULT_FORMAT = "yyyy-MM-dd HH:mm:ss";

/** A date or timestamp is taken as it is; anything else is read as text, with an optional text pattern after it. */
const timeOrText = (types: readonly DataType[]) => types.map((t, i) => (i === 0 && (t.kind === "date" || t.kind === "timestamp") ? t : StringType));

function now(ctx: EvalContext): bigint {
  if (ctx.currentTimestamp === undefined) {
    throw new SparkException("current_timestamp() was evaluated without the query's start time: the optimizer's ComputeCurrentTime rule fixes it once per query.", {
      errorClass: "INTERNAL_ERROR",
    });
  }
  return ctx.currentTimestamp;
}

/** A timestamp from a string with an optional pattern, or from a date or timestamp. */
function toTimestamp(v: unknown, t: DataType, pattern: unknown, ctx: EvalContext): bigint | null {
  if (t.kind === "string" && pattern !== undefined) return parseTimestamp(v as string, pattern as string, ctx.timeZone);
  return castValue(v, t, TimestampType, ctx.timeZone) as bigint | null;
}

/** A field of the date of a DATE argument (timestamps are cast to their date in the session zone). */
function dateField(name: string, field: (days: number) => number): ScalarFunctionDefinition {
  return { name, arity: [1, 1], inputTypes: expects(DateType), resultType: () => IntegerType, eval: ([d]) => field(d as number) };
}

function timeField(name: string, field: (t: ReturnType<typeof microsToLocalDateTime>) => number): ScalarFunctionDefinition {
  return {
    name,
    arity: [1, 1],
    inputTypes: expects(TimestampType),
    resultType: () => IntegerType,
    eval: ([ts], _types, ctx) => field(microsToLocalDateTime(ts as bigint, ctx.timeZone)),
  };
}

export const DATE_TIME_FUNCTIONS: readonly ScalarFunctionDefinition[] = [
  { name: "current_timestamp", arity: [0, 0], resultType: () => TimestampType, nullable: () => false, foldable: false, eval: (_a, _t, ctx) => now(ctx) },
  {
    name: "current_date",
    arity: [0, 0],
    resultType: () => DateType,
    nullable: () => false,
    foldable: false,
    eval: (_a, _t, ctx) => microsToDays(now(ctx), ctx.timeZone),
  },
  {
    name: "to_timestamp",
    arity: [1, 2],
    inputTypes: timeOrText,
    resultType: () => TimestampType,
    nullable: () => true,
    eval: ([v, pattern], [t], ctx) => toTimestamp(v, t!, pattern, ctx),
  },
  {
    name: "to_date",
    arity: [1, 2],
    inputTypes: timeOrText,
    resultType: () => DateType,
    nullable: () => true,
    eval: ([v, pattern], [t], ctx) => {
      if (pattern === undefined) return castValue(v, t!, DateType, ctx.timeZone);
      const ts = toTimestamp(v, t!, pattern, ctx);
      return ts === null ? null : microsToDays(ts, ctx.timeZone);
    },
  },
  {
    name: "date_format",
    arity: [2, 2],
    inputTypes: expects(TimestampType, StringType),
    resultType: () => StringType,
    eval: ([ts, pattern], _t, ctx) => formatTimestamp(ts as bigint, pattern as string, ctx.timeZone),
  },
  {
    // unix_timestamp() without arguments is built as unix_timestamp(current_timestamp()) by the registry.
    name: "unix_timestamp",
    arity: [1, 2],
    inputTypes: timeOrText,
    resultType: () => LongType,
    nullable: () => true,
    eval: ([v, pattern], [t], ctx) => {
      const ts = toTimestamp(v, t!, t!.kind === "string" ? (pattern ?? DEFAULT_FORMAT) : undefined, ctx);
      return ts === null ? null : floorDiv(ts, MICROS_PER_SECOND);
    },
  },
  {
    name: "from_unixtime",
    arity: [1, 2],
    inputTypes: expects(LongType, StringType),
    resultType: () => StringType,
    eval: ([seconds, pattern], _t, ctx) => formatTimestamp((seconds as bigint) * MICROS_PER_SECOND, (pattern as string | undefined) ?? DEFAULT_FORMAT, ctx.timeZone),
  },
  dateField("year", (d) => daysToLocalDate(d).year),
  dateField("month", (d) => daysToLocalDate(d).month),
  dateField("dayofmonth", (d) => daysToLocalDate(d).day),
  timeField("hour", (t) => t.hour),
  timeField("minute", (t) => t.minute),
  timeField("second", (t) => t.second),
  { name: "date_add", arity: [2, 2], inputTypes: expects(DateType, IntegerType), resultType: () => DateType, eval: ([d, n]) => (d as number) + (n as number) },
  { name: "date_sub", arity: [2, 2], inputTypes: expects(DateType, IntegerType), resultType: () => DateType, eval: ([d, n]) => (d as number) - (n as number) },
  { name: "add_months", arity: [2, 2], inputTypes: expects(DateType, IntegerType), resultType: () => DateType, eval: ([d, n]) => addMonths(d as number, n as number) },
  { name: "datediff", arity: [2, 2], inputTypes: expects(DateType), resultType: () => IntegerType, eval: ([end, start]) => (end as number) - (start as number) },
];
