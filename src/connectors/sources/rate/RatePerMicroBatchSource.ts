import type { Attribute } from "../../../expr/AttributeReference.js";
import type { Offset } from "../../../streaming/Offset.js";
import type { Source, SourceBatch } from "../../../streaming/Source.js";
import type { StructType } from "../../../types/StructType.js";
import { IllegalStateException } from "../../../util/SparkException.js";
import { RATE_SCHEMA, rateBatch } from "./RateRows.js";

export interface RatePerMicroBatchOptions {
  readonly rowsPerBatch: number;
  readonly numPartitions: number;
  readonly startTimestamp: number;
  readonly advanceMillisPerBatch: number;
}

/** Spark's RatePerMicroBatchStreamOffset: the rows generated so far, and the timestamp of the next batch's rows. */
type RateMicroBatchOffset = {
  readonly offset: number;
  readonly timestamp: number;
};

/**
 * The rate-micro-batch source (Spark's RatePerMicroBatchStream): each `latestOffset` is one batch past its start,
 * so the rows of a batch depend only on its offsets, never on time. Trigger.AvailableNow runs exactly one batch.
 */
export class RatePerMicroBatchSource implements Source {
  readonly schema: StructType = RATE_SCHEMA;
  private availableNow = false;
  private availableNowEnd: RateMicroBatchOffset | undefined;

  constructor(private readonly options: RatePerMicroBatchOptions) {}

  async latestOffset(start: Offset | null): Promise<Offset | null> {
    if (!this.availableNow) return this.nextOffset(start);
    this.availableNowEnd ??= this.nextOffset(start);
    return this.availableNowEnd;
  }

  async prepareForTriggerAvailableNow(): Promise<void> {
    this.availableNow = true;
  }

  async getBatch(start: Offset | null, end: Offset, output: readonly Attribute[]): Promise<SourceBatch> {
    const from = this.offsetOf(start);
    const to = this.offsetOf(end);
    if (from.offset > to.offset || from.timestamp > to.timestamp) {
      throw new IllegalStateException(`The rate-micro-batch source was asked for the batch from ${JSON.stringify(start)} to ${JSON.stringify(end)}: the start is after the end.`);
    }
    const range = { rangeStart: BigInt(from.offset), rangeEnd: BigInt(to.offset), startTimeMs: from.timestamp, msPerValue: 0, numPartitions: this.options.numPartitions };
    return rateBatch("rate-micro-batch", range, output);
  }

  async commit(): Promise<void> {}

  async stop(): Promise<void> {}

  toString(): string {
    const o = this.options;
    return `RatePerMicroBatchStream[rowsPerBatch=${o.rowsPerBatch}, numPartitions=${o.numPartitions}, startTimestamp=${o.startTimestamp}, advanceMsPerBatch=${o.advanceMillisPerBatch}]`;
  }

  private nextOffset(start: Offset | null): RateMicroBatchOffset {
    const { offset, timestamp } = this.offsetOf(start);
    return { offset: offset + this.options.rowsPerBatch, timestamp: timestamp + this.options.advanceMillisPerBatch };
  }

  /** null is the initial offset: no rows yet, the first batch at startTimestamp. */
  private offsetOf(offset: Offset | null): RateMicroBatchOffset {
    if (offset === null) return { offset: 0, timestamp: this.options.startTimestamp };
    const o = offset as Partial<Record<string, unknown>>;
    if (typeof o !== "object" || Array.isArray(o) || !Number.isSafeInteger(o["offset"]) || !Number.isSafeInteger(o["timestamp"])) {
      throw new IllegalStateException(`The rate-micro-batch source's offset ${JSON.stringify(offset)} is not {"offset":<rows>,"timestamp":<ms>}.`);
    }
    return { offset: o["offset"] as number, timestamp: o["timestamp"] as number };
  }
}
