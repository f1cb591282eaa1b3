import type { StructType } from "../../../types/StructType.js";
import { IllegalArgumentException } from "../../../util/SparkException.js";

/**
 * What a MemoryStream has been given (Spark's MemoryStream keeps the same): one batch of rows per `addData`, in
 * the schema's internal representation. The offset of batch i is i (Spark's LongOffset; -1 before any data),
 * and batches are never dropped, so any range can be read again in this process.
 */
export class MemoryStreamData {
  private readonly batches: (readonly (readonly unknown[])[])[] = [];

  constructor(readonly id: number, readonly schema: StructType) {}

  /** Appends one batch and returns its offset. */
  add(rows: readonly (readonly unknown[])[]): number {
    this.batches.push(Object.freeze([...rows]));
    return this.batches.length - 1;
  }

  /** The offset of the last batch, -1 when there is none. */
  get currentOffset(): number {
    return this.batches.length - 1;
  }

  /** The rows of the batches after offset `start` up to and including `end`. */
  rows(start: number, end: number): (readonly unknown[])[] {
    return this.batches.slice(start + 1, end + 1).flat();
  }
}

/**
 * Memory streams by id, process-wide as Spark's: a streaming plan names its MemoryStream by id (plans are plain
 * data), and the memory source finds the rows here when the query starts.
 */
const streams = new Map<number, MemoryStreamData>();
let nextId = 0;

export function newMemoryStreamData(schema: StructType): MemoryStreamData {
  const data = new MemoryStreamData(nextId++, schema);
  streams.set(data.id, data);
  return data;
}

export function memoryStreamData(id: string | undefined): MemoryStreamData {
  const data = id !== undefined && /^\d+$/.test(id) ? streams.get(Number(id)) : undefined;
  if (data === undefined) {
    throw new IllegalArgumentException(
      `The memory source needs the 'id' option of a MemoryStream of this process, but ${id === undefined ? "none was given" : `there is no MemoryStream with id '${id}'`}: make one with new MemoryStream(spark, schema) and read it with its toDF().`,
    );
  }
  return data;
}
