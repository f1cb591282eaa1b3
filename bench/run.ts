/**
 * `npm run bench`: Spark core's benchmarks on local[*], each beside a hand-written JavaScript baseline run in
 * the same process, then the SQL benchmarks beside DuckDB and a hand-written loop, then Structured Streaming's
 * latency and throughput (bench/streaming.ts), then cluster mode's scaling on local-cluster (bench/cluster/), printed
 * as tables.
 * KINDLING_BENCH_SCALE=0.1 shrinks every size for a quick check. `npm run bench -- sql` (or `core`, `streaming`, `cluster`) runs one
 * group only: a group run after another in the same process can be slower (the SQL figures were up to 3x), so
 * each group's figures are best taken alone.
 */
import { availableParallelism, loadavg } from "node:os";
import { SparkConf, SparkContext, SparkSession } from "../src/index.js";
import type { BenchOptions, BenchResult } from "./harness.js";
import { benchScale, formatTable } from "./harness.js";
import { reduceByKeyBench } from "./core/reduceByKey.js";
import { emptyTasksBench } from "./core/emptyTasks.js";
import type { SqlBenchResult } from "./sql/comparison.js";
import { formatSqlTable, openDuckDb, runSqlBench } from "./sql/comparison.js";
import { filterAggregateBench } from "./sql/filterAggregate.js";
import { joinBench } from "./sql/join.js";
import { streamingBench } from "./streaming.js";
import { clusterBench } from "./cluster/index.js";

const GROUPS = ["core", "sql", "streaming", "cluster"];
const chosen = process.argv.slice(2);
for (const g of chosen) if (!GROUPS.includes(g)) throw new Error(`Unknown benchmark group "${g}": expected one of ${GROUPS.join(", ")}, or none for all`);
const runs = (group: string) => chosen.length === 0 || chosen.includes(group);

const options: BenchOptions = { warmups: 1, runs: 5 };
const cores = availableParallelism();
const sc = new SparkContext(new SparkConf()
  .setMaster(`local[${cores}]`)
  .setAppName("kindling-bench")
  .set("spark.ui.showConsoleProgress", false));

console.log(`Kindling benchmarks: local[${cores}], Node ${process.version}, scale ${benchScale()}, median of ${options.runs} runs after ${options.warmups} warm-up${globalThis.gc ? "" : " (run with --expose-gc for steadier figures)"}`);
// Other work on the machine slows every engine unevenly, so the figures say how busy it was.
const printLoad = (when: string) => console.log(`load average ${when}: ${loadavg().map((x) => x.toFixed(2)).join(", ")} on ${cores} cores`);
printLoad("before");
try {
  if (runs("core")) {
    const results: BenchResult[] = [];
    for (const bench of [reduceByKeyBench, emptyTasksBench]) results.push(await bench(sc, cores, options));
    console.log(`\n${formatTable(results)}`);
  }
  if (runs("sql")) {
    const spark = SparkSession.builder().getOrCreate();
    const duckdb = await openDuckDb(cores);
    const sqlResults: SqlBenchResult[] = [];
    for (const bench of [filterAggregateBench(), joinBench()]) sqlResults.push(await runSqlBench(bench, { spark, duckdb, cores, options }));
    duckdb.closeSync();
    console.log(`\n${formatSqlTable(sqlResults)}`);
  }
  if (runs("streaming")) console.log(`\n${await streamingBench(SparkSession.builder().getOrCreate(), cores, options)}`);
  if (runs("cluster")) console.log(`\n${await clusterBench(options)}`);
  printLoad("after");
} finally {
  await sc.stop();
}
