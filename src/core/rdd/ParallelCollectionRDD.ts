import type { SparkContext } from "../SparkContext.js";
import type { Partition } from "./Partition.js";
import type { TaskContext } from "../TaskContext.js";
import { RDD } from "./RDD.js";
import { registerRDDKind } from "./RDDKinds.js";

/** A slice of a local collection (its values travel with the task), or of a numeric range (computed there). */
interface CollectionPartition extends Partition {
  readonly values?: readonly unknown[];
  readonly range?: readonly [start: number, end: number, step: number];
}

/** `sc.parallelize` and `sc.range`: a local collection cut into slices, as Spark's ParallelCollectionRDD. */
export class ParallelCollectionRDD<T> extends RDD<T> {
  constructor(
    sc: SparkContext | undefined,
    private readonly slices: readonly CollectionPartition[],
    id?: number,
  ) {
    super(sc, [], id);
  }

  static ofValues<T>(sc: SparkContext, data: readonly T[], numSlices: number): ParallelCollectionRDD<T> {
    return new ParallelCollectionRDD<T>(sc, positions(data.length, numSlices).map(([s, e], index) => ({ index, values: data.slice(s, e) })));
  }

  static ofRange(sc: SparkContext, start: number, end: number, step: number, numSlices: number): ParallelCollectionRDD<number> {
    const length = Math.max(0, Math.ceil((end - start) / step));
    return new ParallelCollectionRDD<number>(sc, positions(length, numSlices).map(([s, e], index) => ({
      index,
      range: [start + s * step, start + e * step, step] as const,
    })));
  }

  get kind(): string {
    return "ParallelCollectionRDD";
  }

  protected getPartitions(): Partition[] {
    return [...this.slices];
  }

  compute(split: Partition, ctx: TaskContext): IterableIterator<T> {
    const p = split as CollectionPartition;
    if (p.values) {
      ctx.metrics.inputMetrics.recordsRead += p.values.length;
      return (p.values as T[])[Symbol.iterator]();
    }
    return rangeIterator(p.range!, ctx) as IterableIterator<T>;
  }

  /** The slices travel as partitions, so the RDD itself carries nothing. */
  serialize(): unknown {
    return null;
  }
}

function* rangeIterator([start, end, step]: readonly [number, number, number], ctx: TaskContext): IterableIterator<number> {
  const input = ctx.metrics.inputMetrics;
  if (step > 0) for (let i = start; i < end; i += step, input.recordsRead++) yield i;
  else for (let i = start; i > end; i += step, input.recordsRead++) yield i;
}

/** Spark's slicing: slice i holds elements [i * n / slices, (i + 1) * n / slices). */
function positions(length: number, numSlices: number): [number, number][] {
  return Array.from({ length: numSlices }, (_, i) => [Math.floor((i * length) / numSlices), Math.floor(((i + 1) * length) / numSlices)]);
}

registerRDDKind("ParallelCollectionRDD", (_data: null, _deps, id) => new ParallelCollectionRDD(undefined, [], id));
