import type { TaskContext } from "../../core/TaskContext.js";
import type { BatchStream } from "../runtime/Operators.js";
import { batchesOf, rowsOf } from "../runtime/RowBatches.js";
import { outputOfExec } from "../SparkPlanTree.js";
import type { Row } from "../vector/ColumnarBatch.js";
import { commitState, loadState, millisSince } from "./StateCommit.js";
import type { StreamingGlobalLimitExec } from "./StreamingOperators.js";

/**
 * StreamingGlobalLimitExec: of an append-mode stream's rows, the first `limit` over all its batches. The state
 * (one partition, one key) holds how many rows earlier batches emitted.
 */
export function* streamingGlobalLimit(node: StreamingGlobalLimitExec, child: BatchStream, task: TaskContext, partition: number): BatchStream {
  const store = loadState(node.stateInfo, partition, []);
  const emittedBefore = (store.get([]) as number | undefined) ?? 0;
  const output: Row[] = [];
  const started = performance.now();
  for (const row of rowsOf(child)) {
    if (emittedBefore + output.length >= node.limit) break;
    output.push(row);
  }
  if (output.length > 0) store.put([], emittedBefore + output.length);
  const work = { numRowsUpdated: output.length > 0 ? 1 : 0, numRowsRemoved: 0, numRowsDroppedByWatermark: 0, allUpdatesTimeMs: millisSince(started), allRemovalsTimeMs: 0 };
  commitState(store, task, node.metrics, partition, work);
  yield* batchesOf(output, outputOfExec(node).map((a) => a.dataType));
}
