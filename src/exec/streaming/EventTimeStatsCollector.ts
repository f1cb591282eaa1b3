import type { TaskContext } from "../../core/TaskContext.js";
import type { BatchStream } from "../runtime/Operators.js";
import { outputOfExec } from "../SparkPlanTree.js";
import { getValue } from "../vector/ColumnVector.js";
import { addMetricsRecord } from "./OperatorMetrics.js";
import type { EventTimeWatermarkExec } from "./StreamingOperators.js";
import { eventTimeMicros } from "./WatermarkPredicate.js";

/**
 * EventTimeWatermarkExec: the child's batches unchanged, while the min, max, sum and count of their event
 * times (ms, as Spark's EventTimeStatsAccum) are gathered and recorded for the engine, which moves the
 * watermark from them after the batch. Recorded even when the consumer stops early.
 */
export function* eventTimeWatermark(node: EventTimeWatermarkExec, child: BatchStream, task: TaskContext, partition: number): BatchStream {
  const index = outputOfExec(node.child).findIndex((a) => a.exprId === node.eventTime.exprId);
  const window = node.eventTime.dataType.kind === "struct";
  let [min, max, sum, count] = [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0, 0];
  try {
    for (const batch of child) {
      const column = batch.columns[index]!;
      for (let i = 0; i < batch.numRows; i++) {
        const micros = eventTimeMicros(getValue(column, i), window);
        if (micros === null) continue;
        const ms = Number(micros / 1000n);
        min = Math.min(min, ms);
        max = Math.max(max, ms);
        sum += ms;
        count++;
      }
      yield batch;
    }
  } finally {
    addMetricsRecord(task, node.metrics, { partition, min, max, sum, count });
  }
}
