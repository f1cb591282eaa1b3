import type { EventTimeStats } from "../exec/streaming/StreamingMetrics.js";
import { IllegalArgumentException } from "../util/SparkException.js";

export type MultipleWatermarkPolicy = "min" | "max";

export function watermarkPolicy(value: string | undefined): MultipleWatermarkPolicy {
  const v = (value ?? "min").toLowerCase();
  if (v === "min" || v === "max") return v;
  throw new IllegalArgumentException(`spark.sql.streaming.multipleWatermarkPolicy: '${value}' is not a policy; use 'min' or 'max'.`);
}

/**
 * Spark's WatermarkTracker: after each batch, each `withWatermark` input proposes the latest event time it has seen
 * minus its delay; the query's watermark is the minimum of the proposals (or the maximum, by
 * `spark.sql.streaming.multipleWatermarkPolicy`), and never goes back.
 */
export class WatermarkTracker {
  private readonly perInput = new Map<number, number>();
  private watermarkMs = 0;

  constructor(private readonly policy: MultipleWatermarkPolicy) {}

  /** The watermark a restarted query resumes with, from its checkpoint (Spark's `setWatermark`). */
  restore(watermarkMs: number): void {
    this.watermarkMs = watermarkMs;
  }

  get currentWatermark(): number {
    return this.watermarkMs;
  }

  /**
   * `delays[i]` and `stats[i]` belong to the i-th EventTimeWatermark of the plan. An input that has never had
   * rows proposes 0, so under the min policy it holds the watermark back until it has data, as in Spark.
   */
  update(delays: readonly number[], stats: readonly (EventTimeStats | null)[]): void {
    delays.forEach((delay, i) => {
      const s = stats[i];
      if (!s || s.count === 0) {
        if (!this.perInput.has(i)) this.perInput.set(i, 0);
        return;
      }
      const proposed = Math.max(0, s.max - delay);
      if (proposed > (this.perInput.get(i) ?? -Infinity)) this.perInput.set(i, proposed);
    });
    if (this.perInput.size === 0) return;
    const values = [...this.perInput.values()];
    const chosen = this.policy === "min" ? Math.min(...values) : Math.max(...values);
    if (chosen > this.watermarkMs) this.watermarkMs = chosen;
  }
}
