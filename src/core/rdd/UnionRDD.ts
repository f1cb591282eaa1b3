import type { SparkContext } from "../SparkContext.js";
import type { TaskContext } from "../TaskContext.js";
import type { Partition } from "./Partition.js";
import type { Dependency } from "./Dependency.js";
import { RDD } from "./RDD.js";
import { RangeDependency } from "./Dependency.js";
import { RDDs, registerRDDKind } from "./RDDKinds.js";

interface UnionPartition extends Partition {
  readonly parentIndex: number;
  readonly parent: Partition;
}

/** The partitions of several RDDs side by side, with no shuffle. */
export class UnionRDD<T> extends RDD<T> {
  constructor(sc: SparkContext | undefined, parents: RDD<T>[], id?: number, deps?: Dependency[]) {
    super(sc, deps ?? unionDependencies(parents), id);
  }

  get kind(): string {
    return "UnionRDD";
  }

  protected getPartitions(): Partition[] {
    const out: UnionPartition[] = [];
    this.dependencies.forEach((dep, parentIndex) => {
      for (const parent of (dep as RangeDependency).rdd.partitions) out.push({ index: out.length, parentIndex, parent });
    });
    return out;
  }

  override getPreferredLocations(split: Partition): string[] {
    const p = split as UnionPartition;
    return (this.dependencies[p.parentIndex] as RangeDependency).rdd.getPreferredLocations(p.parent);
  }

  compute(split: Partition, ctx: TaskContext): IterableIterator<T> {
    const p = split as UnionPartition;
    return (this.dependencies[p.parentIndex] as RangeDependency).rdd.iterator(p.parent, ctx) as IterableIterator<T>;
  }

  serialize(): unknown {
    return null;
  }
}

function unionDependencies(parents: RDD<unknown>[]): Dependency[] {
  let position = 0;
  return parents.map((rdd) => {
    const dep = new RangeDependency(rdd, 0, position, rdd.getNumPartitions());
    position += rdd.getNumPartitions();
    return dep;
  });
}

RDDs.UnionRDD = UnionRDD;
registerRDDKind("UnionRDD", (_data: null, deps, id) => new UnionRDD(undefined, [], id, deps));
