import type { QueryExecution } from "../exec/QueryExecution.js";
import { logicalRDD } from "../exec/ExistingRDD.js";
import { outputOf } from "../plan/logical/PlanOutput.js";
import type { Sink } from "../streaming/Sink.js";
import { DataFrame } from "./DataFrame.js";
import type { SparkSession } from "./SparkSession.js";

/** The user's function of `foreachBatch`: may return a Promise, which the batch waits for. */
export type ForeachBatchFunction = (batch: DataFrame, batchId: number) => unknown;

/**
 * Spark's ForeachBatchSink: each micro-batch's result as an ordinary (not streaming) DataFrame over the batch's
 * planned RDD, given to the function on the driver with the batch id. A batch may be given again after a
 * restart, with the same id and rows: the function makes its writes idempotent by that id.
 */
export class ForeachBatchSink implements Sink {
  constructor(private readonly session: SparkSession, private readonly fn: ForeachBatchFunction) {}

  async addBatch(batchId: number, data: QueryExecution): Promise<void> {
    const relation = logicalRDD(outputOf(data.analyzed), data.toRdd());
    try {
      await this.fn(new DataFrame(this.session, relation.plan), batchId);
    } finally {
      relation.release();
    }
  }

  toString(): string {
    return "ForeachBatchSink";
  }
}
