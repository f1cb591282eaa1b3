import { DateType, IntegerType, LongType, StringType, TimestampType } from "../../types/AtomicTypes.js";
import type { DataType } from "../../types/DataType.js";
import { StructField } from "../../types/StructField.js";
import { StructType } from "../../types/StructType.js";
import { SparkException } from "../../util/SparkException.js";
import { castValue } from "../CastEvaluator.js";
import { formatTimestamp, parseTimestamp } from "../DateTimeFormatter.js";
import {
  MICROS_PER_DAY, MICROS_PER_SECOND, addMonths, daysToLocalDate, floorDiv, microsToDays, microsToLocalDateTime,
} from "../DateTimeUtils.js";
import type { EvalContext } from "../EvalContext.js";
import type { Expression } from "../Expression.js";
import { stringToInterval } from "../IntervalUtils.js";
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

const WINDOW_TYPE = new StructType([new StructField("start", TimestampType, true), new StructField("end", TimestampType, true)]);

/** A duration such as `10 minutes` in microseconds; null when it is not a positive duration without months. */
function durationOf(text: string): bigint | null {
  const interval = stringToInterval(text);
  if (!interval || interval.months !== 0) return null;
  const micros = BigInt(interval.days) * MICROS_PER_DAY + interval.microseconds;
  return micros > 0n ? micros : null;
}

/** The duration argument at `index` of window(), which must be a literal so that the plan knows the window size. */
function durationArgument(args: readonly Expression[], index: number, what: string): bigint {
  const arg = args[index];
  const micros = arg?.kind === "Literal" && typeof arg.value === "string" ? durationOf(arg.value) : null;
  if (micros === null) {
    throw new SparkException(`The ${what} of window() must be a positive literal duration without months, such as '10 minutes'.`, {
      errorClass: "DATATYPE_MISMATCH.INVALID_WINDOW_DURATION",
    });
  }
  return micros;
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
  {
    // Tumbling windows only: a window that slides is several rows per input and needs an Expand operator.
    name: "window",
    arity: [2, 4],
    inputTypes: (types) => [TimestampType, ...types.slice(1).map(() => StringType)],
    resultType: (_types, args) => {
      const size = durationArgument(args, 1, "window duration");
      if (args.length > 2 && durationArgument(args, 2, "slide duration") !== size) {
        throw new SparkException("Sliding windows (a slide duration different from the window duration) are not supported yet; use a tumbling window.", {
          errorClass: "UNSUPPORTED_FEATURE.SLIDING_WINDOW",
        });
      }
      return WINDOW_TYPE;
    },
    eval: ([ts, size, , start]) => {
      const width = durationOf(size as string)!;
      const offset = start === undefined ? 0n : (durationOf(start as string) ?? 0n);
      const windowStart = (ts as bigint) - (((((ts as bigint) - offset) % width) + width) % width);
      return [windowStart, windowStart + width];
    },
  },
];
