import type { TaskContext } from "../TaskContext.js";
import type { Partition } from "./Partition.js";
import type { Partitioner } from "../Partitioner.js";
import type { Aggregator } from "../shuffle/Aggregator.js";
import type { ShuffleHandle } from "../shuffle/ShuffleHandle.js";
import type { Dependency } from "./Dependency.js";
import { RDD } from "./RDD.js";
import { ShuffleDependency } from "./Dependency.js";
import { RDDs, registerRDDKind } from "./RDDKinds.js";
import { readShuffle } from "../shuffle/ShuffleReader.js";

/** The reduce side of a shuffle: partition i holds every record whose key the partitioner sends to i. */
export class ShuffledRDD<K, V, C> extends RDD<[K, C]> {
  constructor(
    prev: RDD<[K, V]> | undefined,
    partitioner: Partitioner,
    aggregator?: Aggregator,
    mapSideCombine = false,
    keyOrdering?: "ascending" | "descending",
    id?: number,
    deps?: Dependency[],
  ) {
    super(prev?.sparkContext, deps ?? [new ShuffleDependency(prev as RDD<[unknown, unknown]>, {
      shuffleId: prev!.sparkContext.newShuffleId(),
      numMaps: prev!.getNumPartitions(),
      partitioner,
      aggregator,
      mapSideCombine,
      keyOrdering,
    })], id);
  }

  get kind(): string {
    return "ShuffledRDD";
  }

  get shuffleDependency(): ShuffleDependency {
    return this.dependencies[0] as ShuffleDependency;
  }

  override get partitioner(): Partitioner {
    return this.shuffleDependency.handle.partitioner;
  }

  protected getPartitions(): Partition[] {
    return Array.from({ length: this.partitioner.numPartitions }, (_, index) => ({ index }));
  }

  compute(split: Partition, ctx: TaskContext): IterableIterator<[K, C]> {
    return readShuffle<K, C>(this.shuffleDependency.handle, split.index, split.index + 1, ctx);
  }

  serialize(): unknown {
    return null;
  }
}

RDDs.ShuffledRDD = ShuffledRDD;
registerRDDKind("ShuffledRDD", (_data: null, deps, id) => {
  const handle: ShuffleHandle = (deps[0] as ShuffleDependency).handle;
  return new ShuffledRDD(undefined, handle.partitioner, undefined, false, undefined, id, deps);
});
