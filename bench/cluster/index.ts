import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { BenchOptions } from "../harness.js";

interface ClusterRun {
  readonly aggregateMs: number;
  readonly emptyTasksMs: number;
  readonly tasks: number;
  readonly rows: number;
}

const CHILD = fileURLToPath(new URL("./clusterChild.js", import.meta.url));

function run(workers: number, options: BenchOptions): Promise<ClusterRun> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ["--expose-gc", CHILD, String(workers), String(options.runs)], { maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`the ${workers}-executor run failed: ${error.message}\n${stderr}`));
      const line = stdout.trim().split("\n").pop() ?? "";
      resolve(JSON.parse(line) as ClusterRun);
    });
  });
}

/**
 * Cluster mode's scaling: the SQL benchmark's aggregate on `local-cluster` with one executor of one core, then
 * with two executors of one core each (target: at least 1.7x on two cores), and the cost of a task sent over the
 * network (empty tasks per second on two executors). Each configuration runs in a driver process of its own.
 */
export async function clusterBench(options: BenchOptions): Promise<string> {
  const one = await run(1, options);
  const two = await run(2, options);
  const rate = (n: number, ms: number) => Math.round((n / ms) * 1000).toLocaleString("en-US");
  return [
    `| local-cluster | aggregate, ${(one.rows / 1e6).toLocaleString("en-US")}M rows (median) | rows/s | empty tasks/s |`,
    "|---|---:|---:|---:|",
    `| 1 executor × 1 core | ${one.aggregateMs.toFixed(0)} ms | ${rate(one.rows, one.aggregateMs)} | ${rate(one.tasks, one.emptyTasksMs)} |`,
    `| 2 executors × 1 core | ${two.aggregateMs.toFixed(0)} ms | ${rate(two.rows, two.aggregateMs)} | ${rate(two.tasks, two.emptyTasksMs)} |`,
    "",
    `Speed-up from the second executor: ${(one.aggregateMs / two.aggregateMs).toFixed(2)}x (target: at least 1.7x on this 2-core machine).`,
  ].join("\n");
}
