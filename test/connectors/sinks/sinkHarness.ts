import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SparkSession } from "../../../src/index.js";
import type { SinkContext } from "../../../src/streaming/Sink.js";
import { StructType } from "../../../src/types/StructType.js";

/** The schema of the batches sink tests write unless they say otherwise. */
export const BATCH_SCHEMA = StructType.fromDDL("id INT, word STRING");

/** What `start()` gives a sink provider, for a session: append mode, no name, path or options unless given. */
export function sinkContext(spark: SparkSession, given: Partial<SinkContext> = {}): SinkContext {
  return { session: spark.sessionState, options: {}, path: undefined, queryName: null, outputMode: "append", partitionColumns: [], schema: BATCH_SCHEMA, ...given };
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), "kindling-sinks-"));
}
