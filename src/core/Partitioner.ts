import { compareKeys, hashKey, nonNegativeMod } from "../util/keys.js";

/** How the keys of a pair RDD are spread over partitions. Plain data, so that it can travel with a task. */
export type Partitioner = HashPartitioner | RangePartitioner | PartitionIdPassthrough;

export interface HashPartitioner {
  readonly kind: "hash";
  readonly numPartitions: number;
}

/** Keys in `bounds[i-1] < key <= bounds[i]` go to partition i (reversed when descending), as Spark's. */
export interface RangePartitioner {
  readonly kind: "range";
  readonly numPartitions: number;
  readonly bounds: readonly unknown[];
  readonly ascending: boolean;
}

/**
 * The key is the partition: for callers that choose partitions themselves, as the SQL engine's exchanges do
 * with Spark's own hash of the row's columns (Spark's PartitionIdPassthrough).
 */
export interface PartitionIdPassthrough {
  readonly kind: "passthrough";
  readonly numPartitions: number;
}

export function hashPartitioner(numPartitions: number): HashPartitioner {
  return { kind: "hash", numPartitions };
}

export function getPartition(p: Partitioner, key: unknown): number {
  if (p.kind === "hash") return nonNegativeMod(hashKey(key), p.numPartitions);
  if (p.kind === "passthrough") return key as number;
  const { bounds } = p;
  let lo = 0;
  let hi = bounds.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareKeys(bounds[mid], key) < 0) lo = mid + 1;
    else hi = mid;
  }
  return p.ascending ? lo : bounds.length - lo;
}

export function samePartitioner(a: Partitioner | undefined, b: Partitioner | undefined): boolean {
  if (!a || !b || a.kind !== b.kind || a.numPartitions !== b.numPartitions) return false;
  if (a.kind !== "range") return true;
  const rb = b as RangePartitioner;
  return a.ascending === rb.ascending && a.bounds.length === rb.bounds.length &&
    a.bounds.every((x, i) => compareKeys(x, rb.bounds[i]) === 0);
}

/**
 * Chooses the bounds of a RangePartitioner from a sample of keys, weighting each sampled key by how many
 * records its partition's sample stands for, as Spark's `RangePartitioner.determineBounds`.
 */
export function rangeBounds(weighted: [unknown, number][], partitions: number): unknown[] {
  const ordered = [...weighted].sort((a, b) => compareKeys(a[0], b[0]));
  const total = ordered.reduce((s, [, w]) => s + w, 0);
  const step = total / partitions;
  const bounds: unknown[] = [];
  let cumulative = 0;
  let target = step;
  let previous: unknown = undefined;
  for (const [key, weight] of ordered) {
    cumulative += weight;
    if (cumulative >= target && bounds.length < partitions - 1) {
      if (bounds.length === 0 || compareKeys(key, previous) > 0) {
        bounds.push(key);
        target += step;
        previous = key;
      }
    }
  }
  return bounds;
}
