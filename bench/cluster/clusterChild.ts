/**
 * One cluster benchmark run, in a process of its own (a driver holds one SparkContext): on
 * `local-cluster[W,1,1024]`, the SQL benchmark's filter + project + group-by, then a job of empty tasks. Prints
 * one JSON line: `{ aggregateMs, emptyTasksMs, tasks, rows }` (medians).
 */
import { SparkSession } from "../../src/index.js";
import { measure, scaled, type BenchOptions } from "../harness.js";

const workers = Number(process.argv[2] ?? "1");
const options: BenchOptions = { warmups: 1, runs: Number(process.argv[3] ?? "3") };
const spark = SparkSession.builder()
  .master(`local-cluster[${workers},1,1024]`)
  .appName(`kindling-bench-cluster-${workers}`)
  .config("spark.ui.showConsoleProgress", false)
  .config("spark.sql.shuffle.partitions", workers * 2)
  .getOrCreate();
try {
  const rows = scaled(10_000_000);
  // Twice as many partitions as cores, so that both executors stay busy to the end.
  const gen = spark.range(0, rows, 1, workers * 4).selectExpr("id", "id % 1000 AS k", "(id * 7) % 10007 AS v");
  gen.createOrReplaceTempView("gen");
  const query = () => spark.sql("SELECT k, count(*) AS n, sum(v * 2) AS total, max(v) AS top FROM gen WHERE v > 1000 GROUP BY k").collect();
  const aggregate = await measure({ name: "aggregate", units: rows, unit: "rows", cores: workers }, query, options);
  const tasks = scaled(2_000);
  const sc = spark.sparkContext;
  const empty = await measure({ name: "empty tasks", units: tasks, unit: "tasks", cores: workers }, () => sc.range(0, tasks, 1, tasks).foreachPartition(() => {}), options);
  console.log(JSON.stringify({ aggregateMs: aggregate.medianMs, emptyTasksMs: empty.medianMs, tasks, rows }));
} finally {
  await spark.stop();
}
