import { functions as F, type DataFrame, type SparkSession, type StreamingQueryListener, type StreamingQueryProgress } from "../src/index.js";
import type { BenchOptions, BenchResult, Measurement } from "./harness.js";
import { benchScale, formatTable, measure, scaled } from "./harness.js";

/** The rate the latency is measured at, and Spark's stated latency for micro-batches. */
const LATENCY_ROWS_PER_SECOND = 10_000;
const SPARK_STATED_LATENCY_MS = 100;
const WARMUP_SECONDS = 2;
/** Micro-batches measured by the throughput benchmarks, after WARMUP_BATCHES unmeasured. */
const WARMUP_BATCHES = 2;
const KEYS = 1000;

/**
 * Structured Streaming's benchmarks: end-to-end latency of the rate source at 10,000 rows/s to a foreachBatch
 * sink on the driver with the default trigger (p50 and p99, against Spark's stated ~100 ms), then the throughput
 * of a stateless and of a windowed-aggregation query over rate-micro-batch, each micro-batch a run whose median
 * is compared with a hand-written loop over one batch's rows in the same process.
 */
export async function streamingBench(spark: SparkSession, cores: number, options: BenchOptions): Promise<string> {
  spark.conf.set("spark.sql.shuffle.partitions", cores);
  const latency = await latencyBench(spark);
  const results = [await statelessBench(spark, cores, options), await windowedBench(spark, cores, options)];
  spark.conf.unset("spark.sql.shuffle.partitions");
  const heading = `Streaming throughput: rate-micro-batch, default trigger; the engine's "median ms" is one micro-batch's (median of ${options.runs} after ${WARMUP_BATCHES} warm-up batches), the loop's one batch's rows`;
  return `${latency}\n\n${heading}\n${formatTable(results)}`;
}

/**
 * Each row's latency from its `timestamp` (when the rate source made it) to the moment its batch's rows reached
 * the driver, and from when the source could first offer it: the rate source offers whole seconds (its offset is
 * the seconds since it started), as Spark's does, so a row waits up to a second before any batch can take it.
 */
async function latencyBench(spark: SparkSession): Promise<string> {
  const seconds = Math.max(1, Math.round(8 * benchScale()));
  const fromCreation: number[] = [];
  const fromAvailable: number[] = [];
  let origin: number | undefined;
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  const sink = async (batch: DataFrame) => {
    const rows = await batch.collect();
    const now = Date.now();
    for (const r of rows) {
      const ts = Number((r["timestamp"] as bigint) / 1000n);
      if (r["value"] === 0n) origin = ts;
      if (origin === undefined || ts < origin + WARMUP_SECONDS * 1000) continue;
      fromCreation.push(now - ts);
      fromAvailable.push(now - (origin + (Math.floor((ts - origin) / 1000) + 1) * 1000));
    }
    if (origin !== undefined && rows.some((r) => Number((r["timestamp"] as bigint) / 1000n) >= origin! + (WARMUP_SECONDS + seconds) * 1000)) finish();
  };
  const query = spark.readStream.format("rate").option("rowsPerSecond", LATENCY_ROWS_PER_SECOND).load().writeStream.foreachBatch(sink).start();
  await Promise.race([done, query.awaitTermination()]);
  const batches = query.recentProgress.filter((p) => p.numInputRows > 0);
  await query.stop();
  if (fromCreation.length === 0) throw new Error("streaming latency benchmark: no row reached the sink after the warm-up");
  const line = (xs: number[]) => `p50 ${percentile(xs, 0.5)} ms, p99 ${percentile(xs, 0.99)} ms, max ${percentile(xs, 1)} ms`;
  return [
    `Streaming latency: rate source at ${LATENCY_ROWS_PER_SECOND.toLocaleString("en-US")} rows/s, default trigger, foreachBatch collecting to the driver; ${fromCreation.length.toLocaleString("en-US")} rows over ${seconds} s after a ${WARMUP_SECONDS} s warm-up, ${batches.length} batches (median ${percentile(batches.map((p) => p.batchDuration), 0.5)} ms each)`,
    `  row's timestamp -> sink:                ${line(fromCreation)}`,
    `  source could offer it -> sink (engine): ${line(fromAvailable)}`,
    `  Spark's stated micro-batch latency:     ~${SPARK_STATED_LATENCY_MS} ms`,
  ].join("\n");
}

function percentile(xs: readonly number[], p: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * (sorted.length - 1)))]!;
}

/** `rate-micro-batch` with `rowsPerBatch` rows a batch, one second of event time apart. */
function rateMicroBatch(spark: SparkSession, rowsPerBatch: number, cores: number): DataFrame {
  return spark.readStream.format("rate-micro-batch").option("rowsPerBatch", rowsPerBatch).option("numPartitions", cores).option("advanceMillisPerBatch", 1000).load();
}

/**
 * Runs `query` (already given its foreachBatch sink) with the default trigger until WARMUP_BATCHES + `runs`
 * batches with data have finished, and returns the median duration of the measured ones.
 */
async function medianBatch(spark: SparkSession, start: () => { readonly id: string; stop(): Promise<void> }, runs: number): Promise<number> {
  const measured: StreamingQueryProgress[] = [];
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  let id: string | undefined;
  const listener: StreamingQueryListener = {
    onQueryProgress: ({ progress }) => {
      if (progress.id !== id || progress.numInputRows === 0 || progress.batchId < WARMUP_BATCHES) return;
      measured.push(progress);
      if (measured.length === runs) finish();
    },
  };
  spark.streams.addListener(listener);
  try {
    const query = start();
    id = query.id;
    await done;
    await query.stop();
  } finally {
    spark.streams.removeListener(listener);
  }
  return percentile(measured.map((p) => p.batchDuration), 0.5);
}

/** rate-micro-batch → filter → project → foreachBatch counting and summing, against a loop doing the same to one batch. */
async function statelessBench(spark: SparkSession, cores: number, options: BenchOptions): Promise<BenchResult> {
  const rowsPerBatch = scaled(2_000_000);
  const what = { units: rowsPerBatch, unit: "rows" };
  const kept = (batchId: number) => keptRows(batchId * rowsPerBatch, (batchId + 1) * rowsPerBatch);
  const medianMs = await medianBatch(spark, () => {
    const rate = rateMicroBatch(spark, rowsPerBatch, cores);
    return rate
      .where(rate.col("value").mod(3).notEqual(0))
      .select(rate.col("timestamp"), rate.col("value").multiply(2).alias("doubled"))
      .writeStream.foreachBatch(async (batch: DataFrame, batchId: number) => {
        // Summing the projected column makes the projection run for every row, as a sink writing it would.
        const [row] = await batch.agg(F.count("*").alias("n"), F.sum("doubled").alias("total")).collect();
        const expected = kept(batchId);
        if (Number(row!["n"]) !== expected.n || Number(row!["total"]) !== expected.total) {
          throw new Error(`stateless streaming benchmark: batch ${batchId} gave ${row!["n"]} rows summing to ${row!["total"]}, expected ${expected.n} summing to ${expected.total}`);
        }
      })
      .start();
  }, options.runs);
  const engine: Measurement = { ...what, name: "kindling micro-batch (median batch)", cores, medianMs };

  const baseline = await measure({ ...what, name: "JS loop into Float64Array columns", cores: 1 }, () => {
    const batchId = 7;
    // The projected batch's columns, as the engine's batches hold them, then the sink's count and sum.
    const timestamps = new Float64Array(rowsPerBatch);
    const doubled = new Float64Array(rowsPerBatch);
    let n = 0;
    for (let value = batchId * rowsPerBatch; value < (batchId + 1) * rowsPerBatch; value++) {
      if (value % 3 === 0) continue;
      timestamps[n] = batchId * 1000;
      doubled[n++] = value * 2;
    }
    let total = 0;
    for (let i = 0; i < n; i++) total += doubled[i]!;
    const expected = kept(batchId);
    if (n !== expected.n || total !== expected.total) throw new Error(`stateless streaming baseline gave ${n} rows summing to ${total}, expected ${expected.n} summing to ${expected.total}`);
  }, options);
  return { title: "stateless: filter + project", engine, baseline };
}

/** How many values in [from, to) are not divisible by 3, and the sum of their doubles. */
function keptRows(from: number, to: number): { n: number; total: number } {
  const sumBelow = (x: number) => (x * (x - 1)) / 2; // 0 + 1 + … + (x - 1)
  const multiples = (x: number) => Math.ceil(x / 3); // multiples of 3 in [0, x): 0, 3, …
  const multiplesSum = (x: number) => 3 * sumBelow(multiples(x));
  const n = to - from - (multiples(to) - multiples(from));
  return { n, total: 2 * (sumBelow(to) - sumBelow(from) - (multiplesSum(to) - multiplesSum(from))) };
}

/**
 * rate-micro-batch → 10-second windows × 1000 keys (`value % 1000`), count and sum, watermark 10 seconds, append
 * mode → foreachBatch collecting the finished windows; against a Map-based window aggregation of one batch's rows.
 */
async function windowedBench(spark: SparkSession, cores: number, options: BenchOptions): Promise<BenchResult> {
  const rowsPerBatch = Math.max(KEYS, Math.round(scaled(200_000) / KEYS) * KEYS);
  const what = { units: rowsPerBatch, unit: "rows" };
  // A window holds 10 batches of one second each: every key counted rowsPerBatch / KEYS times a batch.
  const fullWindow = (10 * rowsPerBatch) / KEYS;
  const medianMs = await medianBatch(spark, () => {
    const rate = rateMicroBatch(spark, rowsPerBatch, cores);
    return rate
      .withColumn("k", rate.col("value").mod(KEYS))
      .withWatermark("timestamp", "10 seconds")
      .groupBy(F.window(F.col("timestamp"), "10 seconds"), F.col("k"))
      .agg(F.count("*").alias("n"), F.sum("value").alias("total"))
      .writeStream.outputMode("append")
      .foreachBatch(async (batch: DataFrame, batchId: number) => {
        for (const r of await batch.collect()) {
          if (Number(r["n"]) !== fullWindow) throw new Error(`windowed streaming benchmark: batch ${batchId} emitted a window of key ${r["k"]} counting ${r["n"]} rows, expected ${fullWindow}`);
        }
      })
      .start();
  }, options.runs);
  const engine: Measurement = { ...what, name: "kindling micro-batch (median batch)", cores, medianMs };

  const baseline = await measure({ ...what, name: "JS loop, Map of windows and keys", cores: 1 }, () => {
    const state = new Map<number, Map<number, { n: number; total: number }>>();
    const batchId = 7;
    const timestampMs = batchId * 1000;
    const windowStart = timestampMs - (timestampMs % 10_000);
    let window = state.get(windowStart);
    if (window === undefined) state.set(windowStart, (window = new Map()));
    for (let value = batchId * rowsPerBatch; value < (batchId + 1) * rowsPerBatch; value++) {
      const k = value % KEYS;
      const agg = window.get(k);
      if (agg === undefined) window.set(k, { n: 1, total: value });
      else {
        agg.n++;
        agg.total += value;
      }
    }
    if (window.size !== KEYS) throw new Error(`windowed streaming baseline: ${window.size} keys, expected ${KEYS}`);
  }, options);
  return { title: "windowed aggregation (10 s windows x 1000 keys)", engine, baseline };
}
