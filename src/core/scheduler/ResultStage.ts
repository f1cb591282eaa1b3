import type { RDD } from "../rdd/RDD.js";
import type { UserFunction } from "../closure/SerializedFunction.js";
import type { ActiveJob } from "./ActiveJob.js";
import { Stage } from "./Stage.js";

/** The last stage of a job: applies the action's function to some partitions of the target RDD. */
export class ResultStage extends Stage {
  activeJob: ActiveJob | undefined;

  constructor(
    id: number,
    rdd: RDD<unknown>,
    readonly func: UserFunction,
    readonly partitions: readonly number[],
    parents: readonly Stage[],
    firstJobId: number,
    callSite: string,
  ) {
    super(id, rdd, partitions.length, parents, firstJobId, callSite);
  }

  override toString(): string {
    return `ResultStage ${this.id}`;
  }

  findMissingPartitions(): number[] {
    const job = this.activeJob;
    if (!job) return [];
    return this.partitions.flatMap((_p, i) => (job.finished[i] ? [] : [i]));
  }
}
