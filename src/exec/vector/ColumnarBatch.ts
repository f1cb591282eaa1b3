import type { DataType } from "../../types/DataType.js";
import type { ColumnVector } from "./ColumnVector.js";
import { allocateVector, getValue, vectorKindOf } from "./ColumnVector.js";

/** Rows as columns: what SQL operators pass to each other, and what an RDD of a query holds per record. */
export interface ColumnarBatch {
  readonly numRows: number;
  readonly columns: readonly ColumnVector[];
}

/** A row as the expression evaluator sees it: column values in order. */
export type Row = unknown[];

/** Builds a batch from rows whose values are in the types' representations (null for null). */
export function batchFromRows(rows: readonly (readonly unknown[])[], types: readonly DataType[]): ColumnarBatch {
  const columns = types.map((type, c) => {
    const kind = vectorKindOf(type);
    const vector = allocateVector(kind, rows.length);
    let nulls: Uint8Array | null = null;
    const values = vector.values as unknown[] & { [i: number]: unknown };
    for (let i = 0; i < rows.length; i++) {
      const value = rows[i]![c];
      if (value === null || value === undefined) {
        nulls ??= new Uint8Array(rows.length);
        nulls[i] = 1;
      } else {
        values[i] = kind === "bool" ? (value ? 1 : 0) : value;
      }
    }
    return { ...vector, nulls } as ColumnVector;
  });
  return { numRows: rows.length, columns };
}

/** The rows of a batch, each an array of values (null for null). */
export function rowsOfBatch(batch: ColumnarBatch): Row[] {
  const rows: Row[] = new Array(batch.numRows);
  for (let i = 0; i < batch.numRows; i++) rows[i] = batch.columns.map((c) => getValue(c, i));
  return rows;
}
