import { StringType, TimestampType } from "../../types/AtomicTypes.js";
import { StructField } from "../../types/StructField.js";
import { StructType } from "../../types/StructType.js";
import { SparkException } from "../../util/SparkException.js";
import { MICROS_PER_DAY } from "../DateTimeUtils.js";
import type { Expression } from "../Expression.js";
import { stringToInterval } from "../IntervalUtils.js";
import type { ScalarFunctionDefinition } from "./FunctionDefinition.js";

/**
 * Spark's time windows: `window(ts, size[, slide[, start]])` is the struct `{start, end}` of the window that
 * holds `ts`. A sliding window (slide shorter than size) holds each timestamp in several windows; the analyzer's
 * TimeWindowing rule plans it as a Generate of `sliding_windows`, which lists them all.
 */
export const WINDOW_TYPE = new StructType([new StructField("start", TimestampType, true), new StructField("end", TimestampType, true)]);

/** A duration such as `10 minutes` in microseconds; null when it is not a positive duration without months. */
function durationOf(text: string): bigint | null {
  const interval = stringToInterval(text);
  if (!interval || interval.months !== 0) return null;
  const micros = BigInt(interval.days) * MICROS_PER_DAY + interval.microseconds;
  return micros > 0n ? micros : null;
}

/** The duration argument at `index`, which must be a literal so that the plan knows the window's shape. */
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

/** Whether a window() call slides, i.e. must be planned as a Generate rather than evaluated per row. */
export function isSlidingWindow(args: readonly Expression[]): boolean {
  return args.length > 2 && durationArgument(args, 2, "slide duration") !== durationArgument(args, 1, "window duration");
}

/** `[size, slide, start offset]` of a window() call's argument values. */
function shape([, size, slide, start]: readonly unknown[]): [bigint, bigint, bigint] {
  const width = durationOf(size as string)!;
  return [width, slide === undefined ? width : durationOf(slide as string)!, start === undefined ? 0n : (durationOf(start as string) ?? 0n)];
}

/** The start of the latest window (of a grid `step` apart, shifted by `offset`) that begins at or before `ts`. */
function lastStart(ts: bigint, step: bigint, offset: bigint): bigint {
  return ts - ((((ts - offset) % step) + step) % step);
}

const windowInputTypes = (types: readonly unknown[]) => [TimestampType, ...types.slice(1).map(() => StringType)];

export const TIME_WINDOW_FUNCTIONS: readonly ScalarFunctionDefinition[] = [
  {
    name: "window",
    arity: [2, 4],
    inputTypes: windowInputTypes,
    resultType: (_types, args) => {
      const size = durationArgument(args, 1, "window duration");
      if (args.length > 2 && durationArgument(args, 2, "slide duration") > size) {
        throw new SparkException("The slide duration of window() must be less than or equal to the window duration.", {
          errorClass: "DATATYPE_MISMATCH.INVALID_WINDOW_SLIDE",
        });
      }
      return WINDOW_TYPE;
    },
    eval: (args) => {
      const [width, step, offset] = shape(args);
      if (step !== width) {
        throw new SparkException("A sliding window() was evaluated row by row; the analyzer's TimeWindowing rule plans it as a Generate.", {
          errorClass: "INTERNAL_ERROR",
        });
      }
      const start = lastStart(args[0] as bigint, width, offset);
      return [start, start + width];
    },
  },
  {
    name: "sliding_windows",
    arity: [3, 4],
    inputTypes: windowInputTypes,
    resultType: () => WINDOW_TYPE,
    generator: true,
    internal: true,
    eval: (args) => {
      const ts = args[0] as bigint;
      const [width, step, offset] = shape(args);
      const windows: bigint[][] = [];
      for (let start = lastStart(ts, step, offset); start > ts - width; start -= step) windows.unshift([start, start + width]);
      return windows;
    },
  },
];
