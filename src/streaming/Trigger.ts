import { IllegalArgumentException } from "../util/SparkException.js";
import { parseDurationMs } from "../util/units.js";

/**
 * When a query runs its batches (Spark's Trigger). The default starts the next batch as soon as the last ends;
 * ProcessingTime on interval boundaries; Once runs one batch of everything available; AvailableNow runs what is
 * available at start in as many batches as the sources' limits ask; Continuous is not supported yet.
 */
export type Trigger =
  | { readonly kind: "ProcessingTime"; readonly intervalMs: number }
  | { readonly kind: "Once" }
  | { readonly kind: "AvailableNow" }
  | { readonly kind: "Continuous"; readonly intervalMs: number };

function interval(value: string | number, what: string): number {
  const ms = typeof value === "number" ? value : parseDurationMs(value.replace(/^interval\s+/i, ""), what);
  if (!(ms >= 0)) throw new IllegalArgumentException(`${what}: the interval must be a non-negative duration, e.g. '1 second', but was ${JSON.stringify(value)}.`);
  return ms;
}

export const Trigger = {
  /** `Trigger.ProcessingTime("1 second")` or milliseconds; 0 is the default trigger. */
  ProcessingTime: (value: string | number): Trigger => ({ kind: "ProcessingTime", intervalMs: interval(value, "Trigger.ProcessingTime") }),
  Once: (): Trigger => ({ kind: "Once" }),
  AvailableNow: (): Trigger => ({ kind: "AvailableNow" }),
  Continuous: (value: string | number): Trigger => ({ kind: "Continuous", intervalMs: interval(value, "Trigger.Continuous") }),
};

export const DEFAULT_TRIGGER: Trigger = Trigger.ProcessingTime(0);

/** PySpark's `trigger(processingTime=…, once=…, availableNow=…, continuous=…)`, exactly one of them. */
export interface TriggerKeywords {
  readonly processingTime?: string | number;
  readonly once?: boolean;
  readonly availableNow?: boolean;
  readonly continuous?: string | number;
}

export function triggerFromKeywords(k: TriggerKeywords): Trigger {
  const given = Object.entries(k).filter(([, v]) => v !== undefined && v !== false);
  if (given.length !== 1) throw new IllegalArgumentException(`Only one trigger can be set: give exactly one of processingTime, once, availableNow, continuous (got ${given.map(([n]) => n).join(", ") || "none"}).`);
  if (k.processingTime !== undefined) return Trigger.ProcessingTime(k.processingTime);
  if (k.once) return Trigger.Once();
  if (k.availableNow) return Trigger.AvailableNow();
  return Trigger.Continuous(k.continuous!);
}
