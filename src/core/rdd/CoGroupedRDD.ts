import type { TaskContext } from "../TaskContext.js";
import type { Partition } from "./Partition.js";
import type { Partitioner } from "../Partitioner.js";
import type { Dependency } from "./Dependency.js";
import { RDD } from "./RDD.js";
import { NarrowDependency, OneToOneDependency, ShuffleDependency } from "./Dependency.js";
import { RDDs, registerRDDKind } from "./RDDKinds.js";
import { samePartitioner } from "../Partitioner.js";
import { readShuffle } from "../shuffle/ShuffleReader.js";
import { ExternalAppendOnlyMap } from "../shuffle/ExternalAppendOnlyMap.js";

/** Partition i of each co-partitioned parent (null where that parent comes through a shuffle). */
interface CoGroupPartition extends Partition {
  readonly narrowParents: readonly (Partition | null)[];
}

type Tagged = [number, unknown];

/**
 * For each key, the values of every parent: [key, [values of parent 0, values of parent 1, ...]]. Parents
 * already partitioned like the output are read in place; the others are shuffled. Joins are built on this.
 */
export class CoGroupedRDD<K> extends RDD<[K, unknown[][]]> {
  constructor(parents: RDD<[K, unknown]>[], private readonly part: Partitioner, id?: number, deps?: Dependency[]) {
    super(deps ? undefined : parents[0]!.sparkContext, deps ?? parents.map((rdd) =>
      samePartitioner(rdd.partitioner, part)
        ? new OneToOneDependency(rdd as RDD<unknown>)
        : new ShuffleDependency(rdd as RDD<[unknown, unknown]>, {
          shuffleId: rdd.sparkContext.newShuffleId(),
          numMaps: rdd.getNumPartitions(),
          partitioner: part,
          aggregator: undefined,
          mapSideCombine: false,
          keyOrdering: undefined,
        })), id);
  }

  get kind(): string {
    return "CoGroupedRDD";
  }

  override get partitioner(): Partitioner {
    return this.part;
  }

  protected getPartitions(): Partition[] {
    return Array.from({ length: this.part.numPartitions }, (_, index): CoGroupPartition => ({
      index,
      narrowParents: this.dependencies.map((d) => (d instanceof NarrowDependency ? d.rdd.partitions[index]! : null)),
    }));
  }

  compute(split: Partition, ctx: TaskContext): IterableIterator<[K, unknown[][]]> {
    const width = this.dependencies.length;
    const map = new ExternalAppendOnlyMap<K, Tagged, unknown[][]>(
      ([i, v]) => {
        const groups: unknown[][] = Array.from({ length: width }, () => []);
        groups[i]!.push(v);
        return groups;
      },
      (groups, [i, v]) => (groups[i]!.push(v), groups),
      (a, b) => a.map((vs, i) => vs.concat(b[i]!)),
      ctx,
    );
    this.dependencies.forEach((dep, i) => {
      const records = dep instanceof NarrowDependency
        ? (dep.rdd.iterator((split as CoGroupPartition).narrowParents[i]!, ctx) as IterableIterator<[K, unknown]>)
        : readShuffle<K, unknown>(dep.handle, split.index, split.index + 1, ctx);
      map.insertAll(tag(records, i));
    });
    return map.iterator();
  }

  serialize(): unknown {
    return this.part;
  }
}

function* tag<K>(records: Iterable<[K, unknown]>, i: number): IterableIterator<[K, Tagged]> {
  for (const [k, v] of records) yield [k, [i, v]];
}

RDDs.CoGroupedRDD = CoGroupedRDD;
registerRDDKind("CoGroupedRDD", (part: Partitioner, deps, id) => new CoGroupedRDD([], part, id, deps));
