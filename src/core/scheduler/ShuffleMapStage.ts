import type { RDD } from "../rdd/RDD.js";
import type { ShuffleDependency } from "../rdd/Dependency.js";
import type { MapOutputTrackerMaster } from "../MapOutputTracker.js";
import { Stage } from "./Stage.js";

/** A stage that writes shuffle output for the stages after it; available once every map output exists. */
export class ShuffleMapStage extends Stage {
  constructor(
    id: number,
    rdd: RDD<unknown>,
    parents: readonly Stage[],
    firstJobId: number,
    callSite: string,
    readonly shuffleDep: ShuffleDependency,
    private readonly tracker: MapOutputTrackerMaster,
  ) {
    super(id, rdd, rdd.getNumPartitions(), parents, firstJobId, callSite);
  }

  override toString(): string {
    return `ShuffleMapStage ${this.id}`;
  }

  get isAvailable(): boolean {
    return this.tracker.numAvailableOutputs(this.shuffleDep.shuffleId) === this.numTasks;
  }

  findMissingPartitions(): number[] {
    return this.tracker.findMissingPartitions(this.shuffleDep.shuffleId);
  }
}
