import type { RDD } from "./RDD.js";
import type { ShuffleHandle } from "../shuffle/ShuffleHandle.js";

/** A narrow dependency: each partition of the child needs a few partitions of one parent, with no shuffle. */
export abstract class NarrowDependency {
  constructor(readonly rdd: RDD<unknown>) {}
  abstract getParents(partitionId: number): number[];
}

export class OneToOneDependency extends NarrowDependency {
  getParents(partitionId: number): number[] {
    return [partitionId];
  }
}

/** Child partitions [outStart, outStart + length) are parent partitions [inStart, ...), as a union's. */
export class RangeDependency extends NarrowDependency {
  constructor(rdd: RDD<unknown>, readonly inStart: number, readonly outStart: number, readonly length: number) {
    super(rdd);
  }

  getParents(partitionId: number): number[] {
    return partitionId >= this.outStart && partitionId < this.outStart + this.length ? [partitionId - this.outStart + this.inStart] : [];
  }
}

/**
 * A shuffle: the boundary between stages. On the driver it knows its parent RDD (the map side); on an
 * executor only its handle travels, which is all a reduce task needs to read the shuffle's output.
 */
export class ShuffleDependency {
  /** A range partitioner whose bounds a sampling job must still choose (set by sortByKey). */
  needsRangeBounds = false;

  constructor(readonly rdd: RDD<[unknown, unknown]> | undefined, readonly handle: ShuffleHandle) {}

  get shuffleId(): number {
    return this.handle.shuffleId;
  }
}

/** Narrow dependencies carry a parent to compute from; shuffle dependencies, a handle to read from. */
export type Dependency = NarrowDependency | ShuffleDependency;
