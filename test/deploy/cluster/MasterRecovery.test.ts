import { after, it } from "node:test";
import assert from "node:assert/strict";
import { SparkSession } from "../../../src/index.js";
import { DAEMON_MAIN, DaemonProcess, freshDir, masterJson, startMaster } from "../daemons/ClusterHarness.js";
import { EventRecorder } from "./EventRecorder.js";
import { executorPids, waitUntil } from "./Processes.js";

after(() => DaemonProcess.killAll());

/** A worker running real executors (the harness's own workers run a fake one). */
async function startWorker(masterUrl: string): Promise<DaemonProcess> {
  const worker = DaemonProcess.start("worker", DAEMON_MAIN, ["worker", masterUrl, "--host", "127.0.0.1", "--cores", "1", "--memory", "512m",
    "--work-dir", freshDir("worker"), "--webui-port", "0"]);
  await worker.waitFor("stderr", /Successfully registered with master/);
  return worker;
}

it("a master SIGKILLed and restarted with FILESYSTEM recovery: the running application follows the new master, which then replaces its lost executor", { timeout: 120_000 }, async () => {
  const conf = { "spark.deploy.recoveryMode": "FILESYSTEM", "spark.deploy.recoveryDirectory": freshDir("recovery") };
  const master = await startMaster({ conf });
  const workers = [await startWorker(master.url), await startWorker(master.url)];
  const spark = SparkSession.builder().master(master.url).appName("follows-its-master").config("spark.executor.memory", "512m").getOrCreate();
  const sc = spark.sparkContext;
  const bus = new EventRecorder(sc);
  try {
    assert.deepEqual(await sc.parallelize([1, 2, 3, 4], 2).map((x: number) => x * 10).collect(), [10, 20, 30, 40]);
    await master.process.kill("SIGKILL");

    // Jobs go on without a master: the executors answer to the driver.
    assert.deepEqual(await sc.parallelize([1, 2], 2).map((x: number) => -x).collect(), [-1, -2]);

    const restarted = await startMaster({ conf });
    await restarted.process.waitFor("stderr", /Recovery complete/);
    const json = await masterJson(restarted);
    assert.deepEqual(json.activeapps.map((a) => [a.id, a.state]), [[sc.applicationId, "RUNNING"]], "the application is the new master's");

    // Only a master that knows the application replaces its executors: kill one and wait for its successor.
    const added = bus.of("SparkListenerExecutorAdded").length;
    const victim = [...executorPids(workers[0]!.pid).values()][0]!;
    process.kill(victim, "SIGKILL");
    await bus.next("SparkListenerExecutorAdded", () => bus.of("SparkListenerExecutorAdded").length > added);
    assert.deepEqual(await sc.parallelize([5, 6], 2).collect(), [5, 6]);
  } finally {
    await spark.stop();
  }
});
