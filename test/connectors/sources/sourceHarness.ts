import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SparkSession } from "../../../src/index.js";
import { QueryExecution } from "../../../src/exec/QueryExecution.js";
import { AttributeReference, type Attribute } from "../../../src/expr/AttributeReference.js";
import { isStreamingLeaf } from "../../../src/plan/logical/IsStreaming.js";
import { Plans } from "../../../src/plan/logical/PlanTree.js";
import type { Offset } from "../../../src/streaming/Offset.js";
import type { Source, SourceContext, StreamSourceProvider } from "../../../src/streaming/Source.js";
import type { StructType } from "../../../src/types/StructType.js";

export function localSession(): SparkSession {
  return SparkSession.builder().master("local[2]").appName("streaming sources").config("spark.sql.shuffle.partitions", 2).getOrCreate();
}

export function tempDir(prefix = "kindling-sources-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A source as a query would make it: the schema `load()` settled, a fresh (or given) metadata directory. */
export function createSource(
  spark: SparkSession,
  provider: StreamSourceProvider,
  options: Record<string, string> = {},
  extra: { paths?: string[]; userSchema?: StructType; metadataPath?: string } = {},
): Source {
  const paths = extra.paths ?? [];
  const schema = provider.sourceSchema(options, paths, extra.userSchema, spark.sessionState);
  const ctx: SourceContext = { session: spark.sessionState, metadataPath: extra.metadataPath ?? join(tempDir(), "sources", "0"), options, paths, schema };
  return provider.createSource(ctx);
}

export function outputOf(schema: StructType): Attribute[] {
  return schema.fields.map((f) => AttributeReference(f.name, f.dataType, f.nullable));
}

/**
 * The rows of the batch (start, end], run as a batch query as the engine runs it; checks that the plan's leaves
 * are all streaming and that it outputs the attributes asked for.
 */
export async function batchRows(spark: SparkSession, source: Source, start: Offset | null, end: Offset, output = outputOf(source.schema)): Promise<{ rows: unknown[][]; numRows: number | null }> {
  const batch = await source.getBatch(start, end, output);
  const leaves = Plans.collect(batch.plan, (p) => (p.kind === "LocalRelation" || p.kind === "DataSourceRelation" ? p : undefined));
  if (leaves.length === 0 || !leaves.every(isStreamingLeaf)) throw new Error(`the batch's leaves are not all streaming: ${JSON.stringify(leaves.map((l) => l.kind))}`);
  const rows = await new QueryExecution(spark.sessionState, batch.plan).executeCollect();
  return { rows, numRows: batch.numRows };
}

/** Every warning `f` prints with console.warn, which is silenced meanwhile. */
export async function warnings<T>(f: () => Promise<T> | T): Promise<{ result: T; warned: string[] }> {
  const warned: string[] = [];
  const original = console.warn;
  console.warn = (...args: unknown[]) => void warned.push(args.join(" "));
  try {
    return { result: await f(), warned };
  } finally {
    console.warn = original;
  }
}
