/**
 * `npm run bench`: Spark core's benchmarks on local[*], each beside a hand-written JavaScript baseline run in
 * the same process, printed as a table. KINDLING_BENCH_SCALE=0.1 shrinks every size for a quick check.
 */
import { availableParallelism } from "node:os";
import { SparkConf, SparkContext } from "../src/index.js";
import type { BenchOptions, BenchResult } from "./harness.js";
import { benchScale, formatTable } from "./harness.js";
import { reduceByKeyBench } from "./core/reduceByKey.js";
import { emptyTasksBench } from "./core/emptyTasks.js";

const options: BenchOptions = { warmups: 1, runs: 5 };
const cores = availableParallelism();
const sc = new SparkContext(new SparkConf()
  .setMaster(`local[${cores}]`)
  .setAppName("kindling-bench")
  .set("spark.ui.showConsoleProgress", false));

console.log(`Kindling benchmarks: local[${cores}], Node ${process.version}, scale ${benchScale()}, median of ${options.runs} runs after ${options.warmups} warm-up${globalThis.gc ? "" : " (run with --expose-gc for steadier figures)"}`);
try {
  const results: BenchResult[] = [];
  for (const bench of [reduceByKeyBench, emptyTasksBench]) results.push(await bench(sc, cores, options));
  console.log(`\n${formatTable(results)}`);
} finally {
  await sc.stop();
}
