/**
 * The query that ExactlyOnce.test.ts kills: json event files → 10-second windows per key with a 10-second
 * watermark (append mode) → a parquet file sink, or an idempotent foreachBatch that writes `batch-<id>.json`.
 *
 *   node pipeline-child.js <file|foreachBatch> <inputDir> <checkpointDir> <outputDir> <stream|availableNow>
 *
 * `stream` runs with the default trigger until the process is killed; `availableNow` processes what is there
 * and exits 0. The node test runner also runs every file under test/ as a test: without arguments this does
 * nothing, and imported it only lends its query and constants.
 */
import { renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { functions as F, SparkSession, Trigger, type DataFrame } from "../../../src/index.js";

/** The schema of the input files, one JSON object a line. */
export const EVENT_SCHEMA = "ts TIMESTAMP, key STRING, v LONG";
export const WINDOW_MS = 10_000;
export const WATERMARK_DELAY_MS = 10_000;

export type SinkKind = "file" | "foreachBatch";

/** The windowed aggregation, its window flattened to start and end so that any file format can hold it. */
function windowedCounts(spark: SparkSession, inputDir: string): DataFrame {
  return spark.readStream
    .format("json")
    .schema(EVENT_SCHEMA)
    .option("maxFilesPerTrigger", 1)
    .load(inputDir)
    .withWatermark("ts", `${WATERMARK_DELAY_MS} milliseconds`)
    .groupBy(F.window(F.col("ts"), `${WINDOW_MS} milliseconds`), F.col("key"))
    .agg(F.count("*").alias("n"), F.sum("v").alias("total"))
    .select(F.col("window.start").alias("start"), F.col("window.end").alias("end"), "key", "n", "total");
}

/** Idempotent by batch id: a rerun of the batch overwrites its file, atomically (temp name, then rename). */
async function writeBatchFile(outputDir: string, batch: DataFrame, batchId: number): Promise<void> {
  const rows = (await batch.collect()).map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === "bigint" ? String(v) : v])));
  const path = join(outputDir, `batch-${batchId}.json`);
  const tmp = join(outputDir, `.batch-${batchId}.json.tmp`);
  writeFileSync(tmp, JSON.stringify(rows));
  renameSync(tmp, path);
}

async function main([sink, inputDir, checkpointDir, outputDir, mode]: string[]): Promise<void> {
  if (sink !== "file" && sink !== "foreachBatch") throw new Error(`sink must be file or foreachBatch, not ${sink}`);
  if (mode !== "stream" && mode !== "availableNow") throw new Error(`mode must be stream or availableNow, not ${mode}`);
  const spark = SparkSession.builder().master("local[2]").appName(`pipeline-child-${sink}`).config("spark.sql.shuffle.partitions", 2).getOrCreate();
  const writer = windowedCounts(spark, inputDir!)
    .writeStream.outputMode("append")
    .option("checkpointLocation", checkpointDir!)
    .trigger(mode === "availableNow" ? Trigger.AvailableNow() : Trigger.ProcessingTime(0));
  const query = sink === "file" ? writer.format("parquet").start(outputDir!) : writer.foreachBatch((df, id) => writeBatchFile(outputDir!, df, id)).start();
  await query.awaitTermination();
  await spark.stop();
}

// Run as a program, not imported by the test for its constants.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href && process.argv.length > 2) {
  main(process.argv.slice(2)).catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
