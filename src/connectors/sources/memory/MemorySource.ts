import type { Attribute } from "../../../expr/AttributeReference.js";
import { LocalRelation } from "../../../plan/logical/Relations.js";
import type { Offset } from "../../../streaming/Offset.js";
import type { Source, SourceBatch } from "../../../streaming/Source.js";
import type { StructType } from "../../../types/StructType.js";
import { IllegalStateException } from "../../../util/SparkException.js";
import type { MemoryStreamData } from "./MemoryStreamData.js";

/** A MemoryStream read by a streaming query: each batch is the rows added between two offsets. */
export class MemorySource implements Source {
  readonly schema: StructType;
  private availableNowEnd: number | undefined;

  constructor(private readonly data: MemoryStreamData) {
    this.schema = data.schema;
  }

  async latestOffset(): Promise<Offset | null> {
    const offset = this.availableNowEnd ?? this.data.currentOffset;
    return offset < 0 ? null : offset;
  }

  async prepareForTriggerAvailableNow(): Promise<void> {
    this.availableNowEnd = this.data.currentOffset;
  }

  async getBatch(start: Offset | null, end: Offset, output: readonly Attribute[]): Promise<SourceBatch> {
    const from = start === null ? -1 : batchIndex(start);
    const to = batchIndex(end);
    if (from > to || to > this.data.currentOffset) {
      throw new IllegalStateException(`${this} was asked for the batches after ${from} up to ${to}, but it has batches 0 to ${this.data.currentOffset}.`);
    }
    const rows = this.data.rows(from, to);
    return { plan: LocalRelation(output, rows, true), numRows: rows.length };
  }

  async commit(): Promise<void> {}

  async stop(): Promise<void> {}

  toString(): string {
    return `MemoryStream[${this.schema.fieldNames().join(",")}]`;
  }
}

function batchIndex(offset: Offset): number {
  if (typeof offset !== "number" || !Number.isSafeInteger(offset) || offset < -1) {
    throw new IllegalStateException(`A memory source's offset is a batch number, not ${JSON.stringify(offset)}.`);
  }
  return offset;
}
