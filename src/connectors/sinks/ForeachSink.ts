import type { Captured } from "../../core/closure/SerializedFunction.js";
import { userFunction } from "../../core/closure/SerializedFunction.js";
import type { TaskContext } from "../../core/TaskContext.js";
import type { QueryExecution } from "../../exec/QueryExecution.js";
import { rowObjectsOf, type RowObject } from "../../exec/RowObjects.js";
import { schemaOf } from "../../plan/logical/PlanOutput.js";
import type { Sink, SinkContext, StreamSinkProvider } from "../../streaming/Sink.js";
import { assertNotPartitioned } from "./AssertNotPartitioned.js";
import { shipForeachWriter, type ForeachWriter, type ShippedWriter } from "./ForeachWriter.js";

/**
 * Spark's foreach sink: each batch runs one task per partition, and each task hands its rows to a fresh copy of
 * the writer (see ForeachWriter). A replayed batch runs again with the same epoch id, as in Spark: a writer that
 * needs exactly-once skips an `(partitionId, epochId)` it has already committed.
 */
export class ForeachSink implements Sink {
  constructor(private readonly writer: ShippedWriter) {}

  async addBatch(batchId: number, data: QueryExecution): Promise<void> {
    const rows = rowObjectsOf(data.toRdd(), schemaOf(data.analyzed));
    const writer = this.writer;
    const epochId = batchId;
    // Runs in the task, where `writer` is that task's own rebuilt copy, its methods callable.
    const writePartition = (it: IterableIterator<RowObject>, ctx: TaskContext): null => {
      const w = writer as unknown as ForeachWriter;
      const opened: unknown = w.open === undefined ? true : w.open(ctx.partitionId, epochId);
      if (typeof opened !== "boolean") {
        const what = typeof (opened as { then?: unknown } | null)?.then === "function" ? "a Promise (the writer's methods run synchronously in tasks)" : String(opened);
        throw new TypeError(`ForeachWriter.open(${ctx.partitionId}, ${epochId}) must return true or false (whether to process the partition's rows), but returned ${what}`);
      }
      let error: Error | null = null;
      try {
        if (opened) for (const row of it) w.process(row);
      } catch (e) {
        error = e as Error;
        throw e;
      } finally {
        if (w.close !== undefined) w.close(error);
      }
      return null;
    };
    await rows.sparkContext.runJob(rows, userFunction(writePartition, { writer, epochId }, "foreach"), undefined, "foreach");
  }

  toString(): string {
    return "ForeachSink";
  }
}

/**
 * The sink of `writeStream.foreach(writer, captured)`: checks and ships the writer now (a method using a variable
 * it was not given fails here with "Task not serializable"), and makes one ForeachSink per query start.
 */
export function foreachSink(writer: ForeachWriter | ((row: RowObject) => void), captured?: Captured): StreamSinkProvider {
  const shipped = shipForeachWriter(writer, captured);
  return {
    format: "foreach",
    supportedOutputModes: ["append", "update", "complete"],
    createSink(ctx: SinkContext): Sink {
      assertNotPartitioned("foreach", ctx);
      return new ForeachSink(shipped);
    },
  };
}
