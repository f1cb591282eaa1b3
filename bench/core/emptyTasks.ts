import { Worker } from "node:worker_threads";
import type { SparkContext } from "../../src/index.js";
import type { BenchOptions, BenchResult } from "../harness.js";
import { measure, scaled } from "../harness.js";

/**
 * The cost of a task itself: a job of 2,000 one-element tasks that do nothing, against a hand-written dispatch
 * of as many messages to as many worker threads as the engine has task slots, each slot taking its next
 * message when it answers the last (the least any thread-based scheduler must do per task).
 */
export async function emptyTasksBench(sc: SparkContext, cores: number, options: BenchOptions): Promise<BenchResult> {
  const tasks = scaled(2_000);
  const what = { units: tasks, unit: "tasks", cores };

  const engine = await measure({ ...what, name: "kindling foreachPartition" }, () =>
    sc.range(0, tasks, 1, tasks).foreachPartition(() => {}), options);

  const workers = Array.from({ length: cores }, () => new Worker(
    `const { parentPort } = require("node:worker_threads"); parentPort.on("message", (m) => parentPort.postMessage(m));`,
    { eval: true },
  ));
  try {
    const baseline = await measure({ ...what, name: "worker_threads ping-pong" }, () => pingPong(workers, tasks), options);
    return { title: "empty tasks", engine, baseline };
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

function pingPong(workers: readonly Worker[], tasks: number): Promise<void> {
  let sent = 0;
  let answered = 0;
  return new Promise((resolve) => {
    for (const w of workers) {
      const next = (): void => {
        if (sent < tasks) w.postMessage(sent++);
      };
      w.removeAllListeners("message"); // the previous run's
      w.on("message", () => {
        if (++answered === tasks) resolve();
        else next();
      });
      next();
    }
  });
}
