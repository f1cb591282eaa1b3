import type { RDD } from "../rdd/RDD.js";
import type { StageInfo } from "./SparkListenerEvent.js";

/**
 * A set of tasks that compute the same function on each partition of one RDD, up to the shuffle boundaries
 * of its lineage. Each run of a stage is an attempt; a fetch failure ends one and the stage runs again.
 */
export abstract class Stage {
  readonly jobIds = new Set<number>();
  /** Partitions of the current attempt that have not yet succeeded. */
  readonly pendingPartitions = new Set<number>();
  /** Attempts that failed by fetch failure since the stage last succeeded. */
  readonly failedAttemptIds = new Set<number>();
  private nextAttemptId = 0;
  latestInfo: StageInfo;

  constructor(
    readonly id: number,
    readonly rdd: RDD<unknown>,
    readonly numTasks: number,
    readonly parents: readonly Stage[],
    readonly firstJobId: number,
    readonly callSite: string,
  ) {
    this.jobIds.add(firstJobId);
    this.latestInfo = this.info(0, numTasks);
  }

  abstract findMissingPartitions(): number[];

  get name(): string {
    return this.callSite;
  }

  /** Starts a new attempt of `numPartitionsToCompute` tasks. */
  makeNewStageAttempt(numPartitionsToCompute: number): void {
    this.latestInfo = this.info(this.nextAttemptId++, numPartitionsToCompute);
  }

  private info(attemptNumber: number, numTasks: number): StageInfo {
    const rddInfos: StageInfo["rddInfos"][number][] = [];
    const seen = new Set<number>();
    const walk = (rdd: RDD<unknown>): void => {
      if (seen.has(rdd.id)) return;
      seen.add(rdd.id);
      rddInfos.push({ id: rdd.id, name: rdd.name ?? rdd.kind, numPartitions: rdd.getNumPartitions(), storageLevel: rdd.storageLevel.name });
      for (const dep of rdd.dependencies) if (!("handle" in dep)) walk(dep.rdd);
    };
    walk(this.rdd);
    return {
      stageId: this.id,
      attemptNumber,
      name: this.name,
      numTasks,
      parentIds: this.parents.map((p) => p.id),
      details: this.rdd.toDebugString(),
      rddInfos,
    };
  }
}
