import type { Attribute } from "../../expr/AttributeReference.js";
import type { EvalContext } from "../../expr/EvalContext.js";
import { dataTypeOf } from "../../expr/ExpressionTypes.js";
import { HASH_SEED, hashValue } from "../../expr/Murmur3Hash.js";
import { DoubleType } from "../../types/AtomicTypes.js";
import type { DataType } from "../../types/DataType.js";
import type { ColumnarBatch, Row } from "../vector/ColumnarBatch.js";
import { batchFromRows } from "../vector/ColumnarBatch.js";
import { bind, keyOrdering, sortKeys, type BatchStream } from "./Operators.js";
import { rowsOf } from "./RowBatches.js";
import type { OutputKind } from "./StageFragment.js";

/** A shuffle map side's records: each output partition's rows of a batch, as one sub-batch. */
type ShuffleRecord = [partitionId: number, batch: ColumnarBatch];

/**
 * What a stage pipeline's batches become: the batches themselves, or, on an exchange's map side, records keyed
 * by the partition each row goes to, computed as Spark does (Murmur3 of the keys with seed 42, pmod n; range
 * bounds from a sample of every partition's keys), so that core's passthrough partitioner just files them.
 */
export function* writeOutput(
  output: OutputKind,
  batches: BatchStream,
  input: readonly Attribute[],
  readInput: (index: number, types: readonly DataType[]) => BatchStream,
  ctx: EvalContext,
  partitionIndex: number,
): IterableIterator<unknown> {
  const types = input.map((a) => a.dataType);
  switch (output.kind) {
    case "batches":
      yield* batches;
      return;
    case "single":
      for (const b of batches) yield [0, b];
      return;
    case "hash": {
      const keys = output.expressions.map((e) => ({ f: bind(e, input), type: dataTypeOf(e) }));
      const n = output.numPartitions;
      const partitionOf = (row: Row) => {
        let h = HASH_SEED;
        for (const k of keys) h = hashValue(k.f(row, ctx), k.type, h);
        return ((h % n) + n) % n;
      };
      for (const b of batches) yield* split(b, types, partitionOf);
      return;
    }
    case "roundRobin": {
      // Each input partition starts at a different output partition, as Spark's, so outputs stay balanced.
      let next = (partitionIndex * 7919) % output.numPartitions;
      for (const b of batches) yield* split(b, types, () => next++ % output.numPartitions);
      return;
    }
    case "sample": {
      const keysOf = sortKeys(output.ordering, input, ctx);
      const all = [...rowsOf(batches)].map(keysOf);
      const step = Math.max(1, all.length / output.sampleSize);
      const sample: unknown[][] = [];
      for (let i = 0; i < all.length; i += step) sample.push([...all[Math.floor(i)]!, step]);
      yield [0, batchFromRows(sample, [...output.ordering.map((o) => dataTypeOf(o.child)), DoubleType])];
      return;
    }
    case "range": {
      const compare = keyOrdering(output.ordering);
      const width = output.ordering.length;
      const sampleTypes = [...output.ordering.map((o) => dataTypeOf(o.child)), DoubleType];
      const weighted = [...rowsOf(readInput(output.samples, sampleTypes))].map((r) => ({ keys: r.slice(0, width), weight: r[width] as number }));
      const bounds = rangeBounds(weighted, output.numPartitions, compare);
      const keysOf = sortKeys(output.ordering, input, ctx);
      const partitionOf = (row: Row) => {
        const keys = keysOf(row);
        let [lo, hi] = [0, bounds.length];
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if (compare(bounds[mid]!, keys) < 0) lo = mid + 1;
          else hi = mid;
        }
        return lo;
      };
      for (const b of batches) yield* split(b, types, partitionOf);
      return;
    }
  }
}

/** Spark's RangePartitioner.determineBounds: n - 1 keys splitting the weighted sample into equal shares. */
function rangeBounds(sample: { keys: unknown[]; weight: number }[], n: number, compare: (a: readonly unknown[], b: readonly unknown[]) => number): unknown[][] {
  const ordered = [...sample].sort((a, b) => compare(a.keys, b.keys));
  const step = ordered.reduce((s, x) => s + x.weight, 0) / n;
  const bounds: unknown[][] = [];
  let [cumulative, target] = [0, step];
  for (const { keys, weight } of ordered) {
    cumulative += weight;
    if (cumulative >= target && bounds.length < n - 1 && (bounds.length === 0 || compare(keys, bounds[bounds.length - 1]!) > 0)) {
      bounds.push(keys);
      target += step;
    }
  }
  return bounds;
}

function* split(batch: ColumnarBatch, types: readonly DataType[], partitionOf: (row: Row) => number): IterableIterator<ShuffleRecord> {
  const byPartition = new Map<number, Row[]>();
  for (const row of rowsOf([batch])) {
    const p = partitionOf(row);
    const rows = byPartition.get(p);
    if (rows) rows.push(row);
    else byPartition.set(p, [row]);
  }
  for (const [p, rows] of byPartition) yield [p, batchFromRows(rows, types)];
}
