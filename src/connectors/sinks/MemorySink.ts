import type { QueryExecution } from "../../exec/QueryExecution.js";
import { AnalysisException } from "../../expr/AnalysisException.js";
import { AttributeReference, type Attribute } from "../../expr/AttributeReference.js";
import type { TempViewCatalog } from "../../plan/analysis/Catalog.js";
import { LocalRelation } from "../../plan/logical/Relations.js";
import type { OutputMode } from "../../streaming/OutputMode.js";
import type { Sink, SinkContext, StreamSinkProvider } from "../../streaming/Sink.js";
import type { StructType } from "../../types/StructType.js";
import { assertNotPartitioned } from "./AssertNotPartitioned.js";

/**
 * Spark's MemorySink: every batch's rows kept on the driver, for tests and notebooks, and shown as the temporary
 * view named after the query (`spark.table(queryName)`, `spark.sql("SELECT * FROM <queryName>")`). Append and
 * update add each batch's rows; complete replaces them. A batch id at or below the last one it took is skipped, so
 * a replayed batch is not added twice.
 */
export class MemorySink implements Sink {
  private readonly batches: { readonly batchId: number; readonly rows: readonly unknown[][] }[] = [];
  /** The view's columns: fresh attributes of the query's schema, as Spark's MemoryPlan makes them. */
  private readonly output: readonly Attribute[];

  /** The view exists, empty, from the start, so that it can be queried before the first batch. */
  constructor(private readonly catalog: TempViewCatalog, readonly queryName: string, private readonly outputMode: OutputMode, schema: StructType) {
    this.output = schema.fields.map((f) => AttributeReference(f.name, f.dataType, f.nullable));
    this.catalog.createOrReplaceTempView(queryName, LocalRelation(this.output, []));
  }

  async addBatch(batchId: number, data: QueryExecution): Promise<void> {
    const latest = this.latestBatchId;
    if (latest !== undefined && batchId <= latest) return;
    const rows = await data.executeCollect();
    if (this.outputMode === "complete") this.batches.length = 0;
    this.batches.push({ batchId, rows });
    this.catalog.createOrReplaceTempView(this.queryName, LocalRelation(this.output, this.allData));
  }

  /** Every row the sink holds, each an array of internal values in column order (Spark's `allData`). */
  get allData(): unknown[][] {
    return this.batches.flatMap((b) => b.rows);
  }

  /** The rows of the last batch it took (Spark's `latestBatchData`). */
  get latestBatchData(): unknown[][] {
    return [...(this.batches[this.batches.length - 1]?.rows ?? [])];
  }

  get latestBatchId(): number | undefined {
    return this.batches[this.batches.length - 1]?.batchId;
  }

  toString(): string {
    return "MemorySink";
  }
}

export const MemorySinkProvider: StreamSinkProvider = {
  format: "memory",
  supportedOutputModes: ["append", "update", "complete"],
  createSink(ctx: SinkContext): Sink {
    assertNotPartitioned("memory", ctx);
    if (ctx.queryName === null) {
      throw new AnalysisException("_LEGACY_ERROR_TEMP_1194", "queryName must be specified for memory sink");
    }
    return new MemorySink(ctx.session.catalog, ctx.queryName, ctx.outputMode, ctx.schema);
  },
};
