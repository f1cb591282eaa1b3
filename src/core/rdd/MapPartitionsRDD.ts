import type { TaskContext } from "../TaskContext.js";
import type { Partition } from "./Partition.js";
import type { Dependency } from "./Dependency.js";
import type { SerializedFunction } from "../closure/SerializedFunction.js";
import { RDD, oneToOne } from "./RDD.js";
import { UserFunction, reviveFunction } from "../closure/SerializedFunction.js";
import { RDDs, registerRDDKind } from "./RDDKinds.js";
import { NarrowDependency } from "./Dependency.js";

type PartitionFn<T, U> = (index: number, iter: IterableIterator<T>) => Iterable<U>;

/** Applies a function to each partition of its parent: map, filter, flatMap and mapPartitions are all this. */
export class MapPartitionsRDD<U, T> extends RDD<U> {
  private compiled: PartitionFn<T, U> | undefined;

  constructor(
    prev: RDD<T>,
    private readonly fn: UserFunction,
    private readonly preservesPartitioning: boolean,
    id?: number,
    deps?: Dependency[],
  ) {
    super(deps ? undefined : prev.sparkContext, deps ?? oneToOne(prev as RDD<unknown>), id);
  }

  get kind(): string {
    return "MapPartitionsRDD";
  }

  override get partitioner() {
    return this.preservesPartitioning ? this.firstParent().partitioner : undefined;
  }

  protected getPartitions(): Partition[] {
    return this.firstParent().partitions;
  }

  override getPreferredLocations(split: Partition): string[] {
    return this.firstParent().getPreferredLocations(split);
  }

  compute(split: Partition, ctx: TaskContext): IterableIterator<U> {
    this.compiled ??= reviveFunction<PartitionFn<T, U>>(this.fn.serialized);
    const out = this.compiled(split.index, this.firstParent<T>().iterator(split, ctx));
    return out[Symbol.iterator]() as IterableIterator<U>;
  }

  serialize(): unknown {
    return { fn: this.fn.serialized, preservesPartitioning: this.preservesPartitioning };
  }
}

RDDs.MapPartitionsRDD = MapPartitionsRDD;
registerRDDKind("MapPartitionsRDD", (data: { fn: SerializedFunction; preservesPartitioning: boolean }, deps, id) => {
  const parent = (deps[0] as NarrowDependency).rdd;
  return new MapPartitionsRDD(parent, new UserFunction(data.fn), data.preservesPartitioning, id, deps);
});
