/**
 * A file-to-file pipeline: JSON sensor readings dropped into a directory are parsed with a schema, cleaned
 * (readings that do not parse are left out), enriched (Fahrenheit, the reading's date) and appended to a parquet
 * table partitioned by date. The checkpoint makes it exactly-once: stop it (Ctrl-C) or kill it, start it again,
 * and it goes on from where it stopped, with every reading written once.
 *
 * Usage: node dist/examples/FilePipeline.js <inputDir> <outputDir> <checkpointDir> [availableNow]
 * Without `availableNow` it runs until stopped, picking up new files as they appear (write each file elsewhere
 * and move it in, so that it is never read half-written); with it, it processes the files there now and ends.
 *
 * A reading is one JSON object a line: {"time": "2024-05-01T10:00:00Z", "device": "d1", "temperature": 21.5}
 */
import { functions as F, SparkSession, Trigger, type StreamingQueryListener } from "kindling";

const [inputDir, outputDir, checkpointDir, mode] = process.argv.slice(2);
if (inputDir === undefined || outputDir === undefined || checkpointDir === undefined || (mode !== undefined && mode !== "availableNow")) {
  console.error("Usage: FilePipeline <inputDir> <outputDir> <checkpointDir> [availableNow]");
  process.exit(1);
}

const spark = SparkSession.builder().appName("FilePipeline").config("spark.sql.session.timeZone", "UTC").getOrCreate();

const readings = spark.readStream.schema("time TIMESTAMP, device STRING, temperature DOUBLE").json(inputDir);

const cleaned = readings
  .where(F.col("time").isNotNull().and(F.col("device").isNotNull()).and(F.col("temperature").isNotNull()))
  .select(
    F.to_date(F.col("time")).alias("date"),
    F.col("time"),
    F.col("device"),
    F.col("temperature").alias("celsius"),
    F.round(F.col("temperature").multiply(9 / 5).plus(32), 1).alias("fahrenheit"),
  );

const progress: StreamingQueryListener = {
  onQueryProgress: ({ progress: p }) => console.log(`batch ${p.batchId}: ${p.numInputRows} readings in ${p.batchDuration} ms`),
};
spark.streams.addListener(progress);

const query = cleaned.writeStream
  .format("parquet")
  .partitionBy("date")
  .option("checkpointLocation", checkpointDir)
  .trigger(mode === "availableNow" ? Trigger.AvailableNow() : Trigger.ProcessingTime(0))
  .queryName("file_pipeline")
  .start(outputDir);
console.log(`Reading ${inputDir}, writing ${outputDir}${mode === "availableNow" ? " (the files there now)" : " until stopped (Ctrl-C)"}`);

// Stopping leaves the checkpoint consistent: a batch cut short runs again at the next start.
for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => void query.stop());

await query.awaitTermination();
await spark.sparkContext.env.listenerBus.waitUntilEmpty();
const written = await spark.read.parquet(outputDir).groupBy("date").count().orderBy("date").select(F.col("date").cast("string").alias("date"), F.col("count")).collect();
console.log(`Stopped. ${outputDir} holds ${written.reduce((n, r) => n + Number(r["count"]), 0)} readings:`);
for (const r of written) console.log(`  date=${r["date"]}: ${r["count"]}`);
await spark.stop();
