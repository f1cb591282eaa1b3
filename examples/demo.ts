/**
 * `npm start`: a Structured Streaming query in local mode. The rate source makes rows (a timestamp and a
 * counter) as a live stream; the query counts them per sensor in one-second event-time windows with a
 * watermark, and the console sink prints the windows each micro-batch changed. After a few batches the query
 * stops and its last progress report is printed.
 */
import { SparkSession, Trigger, functions as F } from "kindling";
import type { StreamingQueryListener } from "kindling";

const spark = SparkSession.builder()
  .master("local[*]")
  .appName("kindling-demo")
  .config("spark.sql.shuffle.partitions", 4)
  .config("spark.ui.showConsoleProgress", false)
  .getOrCreate();

const readings = spark.readStream
  .format("rate")
  .option("rowsPerSecond", 2000)
  .load()
  .select(F.col("timestamp"), F.col("value").mod(3).alias("sensor"), F.col("value"));

const perWindow = readings
  .withWatermark("timestamp", "2 seconds")
  .groupBy(F.window(F.col("timestamp"), "1 second"), F.col("sensor"))
  .agg(F.count("value").alias("readings"), F.max("value").alias("latest"));

const batches = 4;
console.log(`Kindling ${spark.sparkContext.master}: a windowed count over the rate source, ${batches} micro-batches\n`);
const query = perWindow.writeStream
  .format("console")
  .outputMode("update")
  .option("truncate", false)
  .trigger(Trigger.ProcessingTime("1 second"))
  .queryName("sensor_windows")
  .start();

const stopAfter: StreamingQueryListener = {
  onQueryProgress(e) {
    if (e.progress.batchId + 1 >= batches) void query.stop();
  },
};
spark.streams.addListener(stopAfter);
await query.awaitTermination();

const last = query.lastProgress;
if (last) {
  const state = last.stateOperators[0];
  console.log(`Last batch ${last.batchId}: ${last.numInputRows} rows in ${last.batchDuration} ms` +
    (state ? `, ${state.numRowsTotal} windows in state` : "") + `, watermark ${last.eventTime["watermark"] ?? "none"}`);
}
await spark.stop();
