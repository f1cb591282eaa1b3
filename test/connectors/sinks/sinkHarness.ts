import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SparkSession } from "../../../src/index.js";
import type { SinkContext } from "../../../src/streaming/Sink.js";

/** What `start()` gives a sink provider, for a session: append mode, no name, path or options unless given. */
export function sinkContext(spark: SparkSession, given: Partial<SinkContext> = {}): SinkContext {
  return { session: spark.sessionState, options: {}, path: undefined, queryName: null, outputMode: "append", partitionColumns: [], ...given };
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), "kindling-sinks-"));
}
