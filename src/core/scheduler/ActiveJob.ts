import type { ResultStage } from "./ResultStage.js";
import type { JobListener } from "./JobWaiter.js";

/** A running job: its final stage and which of its result partitions are done. */
export class ActiveJob {
  readonly finished: boolean[];
  numFinished = 0;
  /** Serialized bytes of the results received so far, checked against spark.driver.maxResultSize. */
  resultBytes = 0;

  constructor(
    readonly jobId: number,
    readonly finalStage: ResultStage,
    readonly listener: JobListener,
    readonly properties: Readonly<Record<string, string>>,
    readonly callSite: string,
  ) {
    this.finished = new Array(finalStage.partitions.length).fill(false);
  }

  get numPartitions(): number {
    return this.finished.length;
  }
}
