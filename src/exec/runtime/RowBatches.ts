import type { DataType } from "../../types/DataType.js";
import { batchFromRows, rowsOfBatch, type ColumnarBatch, type Row } from "../vector/ColumnarBatch.js";
import { HI, int64Words, LO, TWO_32 } from "../vector/Int64Words.js";

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

/**
 * The ids of one slice of a Range, `[start, end)` by `step`, as int64 batches. Ids within ±(2^53 - 1) are
 * counted as numbers and written as two 32-bit words each (see Int64Words): no BigInt per id. `reuse`: the
 * reader is done with each batch before it asks for the next, so one array holds them all in turn: ten
 * million ids in new arrays are 80 MB that V8 collects, as external memory, with full GCs.
 */
export function* rangeBatches([start, end, step]: [bigint, bigint, bigint], reuse = false): IterableIterator<ColumnarBatch> {
  const span = step > 0n ? end - start : start - end;
  const size = span > 0n ? (span + abs(step) - 1n) / abs(step) : 0n;
  let shared: BigInt64Array | null = null;
  for (let done = 0n; done < size; done += BigInt(BATCH_ROWS)) {
    const n = Number(size - done < BigInt(BATCH_ROWS) ? size - done : BigInt(BATCH_ROWS));
    const values = !reuse ? new BigInt64Array(n) : (shared ??= new BigInt64Array(n)).subarray(0, n);
    fillIds(values, start + done * step, step);
    yield { numRows: values.length, columns: [{ kind: "int64", values, nulls: null }] };
  }
}

const INT32 = 2n ** 31n;
const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** Writes `first`, `first + step`, … into `values`; when they all fit in 32 bits, in integer arithmetic. */
function fillIds(values: BigInt64Array, first: bigint, step: bigint): void {
  const n = values.length;
  const last = first + BigInt(n - 1) * step;
  const within = (bound: bigint) => first < bound && first >= -bound && last < bound && last >= -bound;
  if (!within(SAFE)) {
    for (let i = 0; i < n; i++) values[i] = first + BigInt(i) * step;
    return;
  }
  // Every id written is within its bound, so each sum is exact; word offsets in locals, as V8 reads an
  // imported binding anew each time.
  const [words, lo, hi, by] = [int64Words(values), LO, HI, Number(step)];
  let id = Number(first);
  if (within(INT32)) {
    for (let w = 0; w < 2 * n; w += 2, id += by) {
      words[w + lo] = id;
      words[w + hi] = id >> 31;
    }
  } else {
    for (let w = 0; w < 2 * n; w += 2, id += by) {
      words[w + lo] = id;
      words[w + hi] = Math.floor(id / TWO_32);
    }
  }
}

function abs(x: bigint): bigint {
  return x < 0n ? -x : x;
}
