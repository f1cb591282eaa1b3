import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { SparkConf } from "../../src/core/SparkConf.js";
import { SparkContext } from "../../src/core/SparkContext.js";
import { registerSchedulerBackend } from "../../src/core/scheduler/SchedulerBackendRegistry.js";
import { localBackendFactory } from "../../src/deploy/LocalBackendFactory.js";
import "../../src/connectors/index.js";
import { AttributeReference } from "../../src/expr/AttributeReference.js";
import { DataSourceRelation } from "../../src/plan/logical/Relations.js";
import { dataSourceFor } from "../../src/exec/datasource/DataSource.js";
import type { DataSourceOptions } from "../../src/exec/datasource/DataSource.js";
import type { ColumnarBatch } from "../../src/exec/vector/ColumnarBatch.js";
import { rowsOfBatch } from "../../src/exec/vector/ColumnarBatch.js";
import type { RDD } from "../../src/core/rdd/RDD.js";
import { Decimal } from "../../src/types/Decimal.js";
import type { StructType } from "../../src/types/StructType.js";
import { writeFiles } from "../../src/connectors/file/FileFormatWriter.js";
import type { FileWriteRequest } from "../../src/connectors/file/FileFormatWriter.js";

// The package root's wiring, without the SQL API: these tests need only core, the executors and the sources.
registerSchedulerBackend(localBackendFactory);

/** A fresh temporary directory with the given files (relative path → content) written into it. */
export function tempDir(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), "kindling-files-"));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

export function localContext(): SparkContext {
  return new SparkContext(new SparkConf().setMaster("local[2]").setAppName("file sources"));
}

/** A relation over a format's files, as spark.read builds it, with the schema the provider resolved. */
export function relation(format: string, paths: string[], options: DataSourceOptions = {}, userSchema?: StructType) {
  const schema = dataSourceFor(format).resolveSchema(paths, options, userSchema) as StructType;
  const output = schema.fields.map((f) => AttributeReference(f.name, f.dataType, f.nullable));
  return { schema, relation: DataSourceRelation(output, { format, paths, options, schema: schema.jsonValue(), sizeInBytes: 0 }) };
}

/** The scan's RDD of batches, optionally keeping only some columns (as column pruning would). */
export function scanRDD(sc: SparkContext, format: string, paths: string[], options: DataSourceOptions = {}, userSchema?: StructType, columns?: string[]): { schema: StructType; rdd: RDD<ColumnarBatch> } {
  const { schema, relation: rel } = relation(format, paths, options, userSchema);
  const pruned = columns === undefined ? rel : DataSourceRelation(columns.map((c) => rel.output.find((a) => a.name === c)!), rel.source);
  return { schema, rdd: dataSourceFor(format).scan(sc, pruned) };
}

/** Reads through a real scan on executors and returns the rows, values made comparable (see `plain`). */
export async function readRows(sc: SparkContext, format: string, paths: string[], options: DataSourceOptions = {}, userSchema?: StructType, columns?: string[]) {
  const { schema, rdd } = scanRDD(sc, format, paths, options, userSchema, columns);
  const batches = await rdd.collect();
  return { schema, rows: batches.flatMap((b) => rowsOfBatch(b)).map((r) => r.map(plain)) };
}

/** Reads `from` with one format and writes it with another, as `spark.read...load().write...save()` would. */
export async function copy(sc: SparkContext, from: { format: string; paths: string[]; options?: DataSourceOptions; schema?: StructType }, to: FileWriteRequest): Promise<void> {
  const { schema, rdd } = scanRDD(sc, from.format, from.paths, from.options ?? {}, from.schema);
  await writeFiles(sc, rdd, schema, to);
}

/**
 * Values as tests compare them: decimals (which arrive from executors as plain data) as their text, at any
 * depth; everything else as it is.
 */
export function plain(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(plain);
  if (v instanceof Map) return new Map([...v].map(([k, x]) => [plain(k), plain(x)]));
  if (v !== null && typeof v === "object" && "unscaled" in v && "scale" in v) {
    const d = v as { unscaled: bigint; scale: number };
    return new Decimal(d.unscaled, d.scale).toString();
  }
  return v;
}
