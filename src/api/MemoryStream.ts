import { newMemoryStreamData, type MemoryStreamData } from "../connectors/sources/memory/MemoryStreamData.js";
import { AttributeReference } from "../expr/AttributeReference.js";
import { StreamingRelation } from "../plan/logical/Streaming.js";
import { StructType } from "../types/StructType.js";
import { DataFrame } from "./DataFrame.js";
import { toInternalRows, type LocalRow } from "./LocalRows.js";
import type { SparkSession } from "./SparkSession.js";
import { IllegalArgumentException } from "../util/SparkException.js";

/**
 * Spark's MemoryStream, for tests and examples: a stream whose data the program adds itself.
 *
 * ```ts
 * const input = new MemoryStream(spark, "value INT");
 * const query = input.toDF().groupBy("value").count().writeStream.format("memory").queryName("counts").outputMode("complete").start();
 * input.addData(1, 2, 2);
 * await query.processAllAvailable();
 * ```
 *
 * Each `addData` call is one batch of the stream, at offset 0, 1, 2, … (Spark's LongOffset). With a one-column
 * schema of a simple type a row may be the plain value; otherwise a row is an array (by position) or an object
 * (by column name).
 */
export class MemoryStream {
  private readonly data: MemoryStreamData;

  constructor(readonly sparkSession: SparkSession, schema: StructType | string = "value INT") {
    this.data = newMemoryStreamData(typeof schema === "string" ? StructType.fromDDL(schema) : schema);
  }

  get id(): number {
    return this.data.id;
  }

  get schema(): StructType {
    return this.data.schema;
  }

  /** Adds the rows as one batch and returns its offset. A value the schema cannot hold fails here, naming its column. */
  addData(...rows: unknown[]): number {
    return this.data.add(toInternalRows(rows.map((r) => this.asRow(r)), this.schema));
  }

  /** A streaming DataFrame over everything added, before and after the query starts. */
  toDF(): DataFrame {
    const output = this.schema.fields.map((f) => AttributeReference(f.name, f.dataType, f.nullable));
    return new DataFrame(this.sparkSession, StreamingRelation(output, { format: "memory", options: { id: String(this.id) }, paths: [] }));
  }

  toString(): string {
    return `MemoryStream[${this.schema.fieldNames().join(",")}]`;
  }

  private asRow(value: unknown): LocalRow {
    const rowShaped = Array.isArray(value) || (typeof value === "object" && value !== null && Object.getPrototypeOf(value) === Object.prototype);
    const [only, ...rest] = this.schema.fields;
    if (only !== undefined && rest.length === 0) {
      // One column: the value itself, unless (for a simple type) it is already a row.
      const complex = only.dataType.kind === "struct" || only.dataType.kind === "array" || only.dataType.kind === "map";
      if (complex || !rowShaped) return [value];
    }
    if (!rowShaped) {
      throw new IllegalArgumentException(`A row of ${this} is an array of its ${this.schema.fields.length} values or an object keyed by column name, not ${String(value)}.`);
    }
    return value as LocalRow;
  }
}
