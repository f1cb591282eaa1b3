import type { SparkContext } from "../../core/SparkContext.js";
import type { TaskContext } from "../../core/TaskContext.js";
import { NarrowDependency, OneToOneDependency, ShuffleDependency, type Dependency } from "../../core/rdd/Dependency.js";
import type { Partition } from "../../core/rdd/Partition.js";
import { RDD } from "../../core/rdd/RDD.js";
import { registerRDDKind } from "../../core/rdd/RDDKinds.js";
import { readShuffle } from "../../core/shuffle/ShuffleReader.js";
import type { ShuffleHandle } from "../../core/shuffle/ShuffleHandle.js";
import { compileFragment, type InputReader } from "./CompileFragment.js";
import type { InputKind } from "./StageFragment.js";

/** A partition of the pipeline: the matching partition of each narrow input, which its task computes. */
interface PlanPartition extends Partition {
  readonly parents: readonly Partition[];
}

/**
 * The RDD of one stage pipeline of a query: it reads its inputs (narrow parents with equal partition counts,
 * and one-partition shuffles read whole by every task), runs the compiled fragment over them, and yields its
 * batches or, on an exchange's map side, `[partitionId, batch]` records.
 */
export class SparkPlanRDD extends RDD<unknown> {
  constructor(
    sc: SparkContext | undefined,
    private readonly fragment: string,
    private readonly inputKinds: readonly InputKind[],
    deps: Dependency[],
    id?: number,
  ) {
    super(sc, deps, id);
  }

  /** On the driver: one dependency per input, a shuffle dependency for the inputs every task reads whole. */
  static create(sc: SparkContext, fragment: string, inputs: readonly { kind: InputKind; rdd: RDD<unknown> }[]): SparkPlanRDD {
    const deps = inputs.map(({ kind, rdd }) => {
      if (kind !== "broadcast") return new OneToOneDependency(rdd);
      return new ShuffleDependency(rdd as RDD<[unknown, unknown]>, {
        shuffleId: sc.newShuffleId(),
        numMaps: rdd.getNumPartitions(),
        partitioner: { kind: "passthrough", numPartitions: 1 },
        aggregator: undefined,
        mapSideCombine: false,
        keyOrdering: undefined,
      });
    });
    const counts = new Set(deps.filter((d) => d instanceof NarrowDependency).map((d) => (d as NarrowDependency).rdd.getNumPartitions()));
    if (counts.size > 1) throw new Error(`A stage pipeline's inputs must have equal partition counts, but had ${[...counts].join(", ")}`);
    return new SparkPlanRDD(sc, fragment, inputs.map((i) => i.kind), deps);
  }

  get kind(): string {
    return "SparkPlanRDD";
  }

  protected getPartitions(): Partition[] {
    const narrow = this.dependencies.filter((d): d is NarrowDependency => d instanceof NarrowDependency);
    const count = narrow[0]?.rdd.getNumPartitions() ?? 1;
    return Array.from({ length: count }, (_, index): PlanPartition => ({ index, parents: narrow.map((d) => d.rdd.partitions[index]!) }));
  }

  compute(split: Partition, ctx: TaskContext): IterableIterator<unknown> {
    const { parents } = split as PlanPartition;
    let narrow = 0;
    const readers: InputReader[] = this.dependencies.map((dep) => {
      if (dep instanceof NarrowDependency) {
        const parent = parents[narrow++]!;
        return () => dep.rdd.iterator(parent, ctx);
      }
      return () => broadcastRecords(dep.handle, ctx)[Symbol.iterator]();
    });
    const run = compileFragment(this.fragment);
    return run(readers.map((read, i) => ({ kind: this.inputKinds[i]!, read })), ctx, split.index);
  }

  serialize(): unknown {
    return { fragment: this.fragment, inputKinds: this.inputKinds };
  }
}

/** The records of broadcast shuffles this thread has read, so its later tasks of a stage fetch them once. */
const broadcasts = new Map<number, unknown[]>();
const MAX_BROADCASTS = 8;

function broadcastRecords(handle: ShuffleHandle, ctx: TaskContext): unknown[] {
  let records = broadcasts.get(handle.shuffleId);
  if (!records) {
    if (broadcasts.size >= MAX_BROADCASTS) broadcasts.delete(broadcasts.keys().next().value!);
    records = [...readShuffle(handle, 0, 1, ctx)];
    broadcasts.set(handle.shuffleId, records);
  }
  return records;
}

registerRDDKind(
  "SparkPlanRDD",
  (data: { fragment: string; inputKinds: InputKind[] }, deps, id) => new SparkPlanRDD(undefined, data.fragment, data.inputKinds, deps, id),
  import.meta.url,
);
