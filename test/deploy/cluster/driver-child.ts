/**
 * A driver that LocalCluster.test.ts kills with SIGKILL:
 *
 *   node driver-child.js <master URL>
 *
 * It waits until its executors run tasks, prints `RUNNING`, then runs a job whose tasks block forever, and is
 * killed in the middle of it. The node test runner also runs every file under test/: without arguments this
 * does nothing.
 */
import { pathToFileURL } from "node:url";
import { SparkSession } from "../../../src/index.js";

async function main(master: string): Promise<void> {
  const spark = SparkSession.builder().master(master).appName("driver-child").config("spark.executor.memory", "512m").getOrCreate();
  const sc = spark.sparkContext;
  await sc.parallelize([1, 2, 3, 4], 4).collect();
  console.log("RUNNING");
  // Each task blocks its slot for good (no CPU spent): only the driver's death ends this job.
  await sc.parallelize([1, 2], 2).map(() => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0)).collect();
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href && process.argv.length > 2) {
  main(process.argv[2]!).catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
