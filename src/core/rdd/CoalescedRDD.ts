import type { TaskContext } from "../TaskContext.js";
import type { Partition } from "./Partition.js";
import type { Dependency } from "./Dependency.js";
import { RDD } from "./RDD.js";
import { NarrowDependency } from "./Dependency.js";
import { RDDs, registerRDDKind } from "./RDDKinds.js";

interface CoalescedPartition extends Partition {
  readonly parents: readonly Partition[];
}

/** Each partition reads a contiguous group of its parent's partitions: fewer partitions with no shuffle. */
export class CoalescedRDD<T> extends RDD<T> {
  constructor(prev: RDD<T>, private readonly maxPartitions: number, id?: number, deps?: Dependency[]) {
    super(deps ? undefined : prev.sparkContext, deps ?? [new CoalescedDependency(prev as RDD<unknown>, maxPartitions)], id);
  }

  get kind(): string {
    return "CoalescedRDD";
  }

  protected getPartitions(): Partition[] {
    const parent = this.firstParent();
    return groups(parent.getNumPartitions(), this.maxPartitions).map((ids, index) => ({
      index,
      parents: ids.map((i) => parent.partitions[i]!),
    }) as CoalescedPartition);
  }

  compute(split: Partition, ctx: TaskContext): IterableIterator<T> {
    const parent = this.firstParent<T>();
    return (function* () {
      for (const p of (split as CoalescedPartition).parents) yield* parent.iterator(p, ctx);
    })();
  }

  serialize(): unknown {
    return this.maxPartitions;
  }
}

/** Output partition i takes parent partitions [i * n / k, (i + 1) * n / k). */
function groups(numParents: number, maxPartitions: number): number[][] {
  const k = Math.min(numParents, maxPartitions);
  return Array.from({ length: k }, (_, i) => {
    const start = Math.floor((i * numParents) / k);
    const end = Math.floor(((i + 1) * numParents) / k);
    return Array.from({ length: end - start }, (_, j) => start + j);
  });
}

class CoalescedDependency extends NarrowDependency {
  private readonly grouping: number[][];

  constructor(rdd: RDD<unknown>, maxPartitions: number) {
    super(rdd);
    this.grouping = groups(rdd.getNumPartitions(), maxPartitions);
  }

  getParents(partitionId: number): number[] {
    return this.grouping[partitionId] ?? [];
  }
}

RDDs.CoalescedRDD = CoalescedRDD;
registerRDDKind("CoalescedRDD", (max: number, deps, id) => new CoalescedRDD((deps[0] as NarrowDependency).rdd, max, id, deps));
