import type { DataType } from "../../types/DataType.js";
import { batchFromRows, rowsOfBatch, type ColumnarBatch, type Row } from "../vector/ColumnarBatch.js";

/** Rows per batch that row-at-a-time operators (sort, aggregate, join) emit. */
export const BATCH_ROWS = 4096;

export function* rowsOf(batches: Iterable<ColumnarBatch>): IterableIterator<Row> {
  for (const b of batches) yield* rowsOfBatch(b);
}

/** Rows as batches of at most BATCH_ROWS, each column of its type's vector kind. */
export function* batchesOf(rows: Iterable<readonly unknown[]>, types: readonly DataType[]): IterableIterator<ColumnarBatch> {
  let pending: (readonly unknown[])[] = [];
  for (const row of rows) {
    pending.push(row);
    if (pending.length === BATCH_ROWS) {
      yield batchFromRows(pending, types);
      pending = [];
    }
  }
  if (pending.length > 0) yield batchFromRows(pending, types);
}
