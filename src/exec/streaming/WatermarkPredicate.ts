/** A value of an event-time column as microseconds: the timestamp itself, or a window struct's end. */
export function eventTimeMicros(value: unknown, window: boolean): bigint | null {
  if (value === null || value === undefined) return null;
  return (window ? (value as readonly unknown[])[1] : value) as bigint | null;
}

/**
 * Spark's watermark predicate (WatermarkSupport): an event time at or before the watermark, which is in
 * milliseconds, is late as a row and evictable as state. A null event time is neither.
 */
export function atOrBehindWatermark(micros: bigint | null, watermarkMs: number): boolean {
  return micros !== null && micros <= BigInt(Math.floor(watermarkMs)) * 1000n;
}
