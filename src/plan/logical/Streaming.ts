import type { Attribute } from "../../expr/AttributeReference.js";
import type { LogicalPlan } from "./LogicalPlan.js";

/**
 * A streaming source before its query starts (Spark's StreamingRelation): `readStream...load()` makes one.
 * `source` says what to create when the query starts (format, options, paths, the user's schema as JSON);
 * `MicroBatchExecution` puts each batch's data in its place, a leaf whose `isStreaming` is set.
 */
export interface StreamingRelation {
  readonly kind: "StreamingRelation";
  readonly output: readonly Attribute[];
  readonly source: Readonly<{ format: string } & Record<string, unknown>>;
}
export function StreamingRelation(output: readonly Attribute[], source: Readonly<{ format: string } & Record<string, unknown>>): StreamingRelation {
  return Object.freeze({ kind: "StreamingRelation", output: Object.freeze([...output]), source });
}

/**
 * `withWatermark(eventTime, delay)`: the event time column and how late its rows may come, in milliseconds
 * (Spark's EventTimeWatermark, its delay as the interval's milliseconds). Passes its child's rows through.
 */
export interface EventTimeWatermark {
  readonly kind: "EventTimeWatermark";
  readonly eventTime: Attribute;
  readonly delayMs: number;
  readonly delay: string;
  readonly child: LogicalPlan;
}
export function EventTimeWatermark(eventTime: Attribute, delayMs: number, delay: string, child: LogicalPlan): EventTimeWatermark {
  return Object.freeze({ kind: "EventTimeWatermark", eventTime, delayMs, delay, child });
}
