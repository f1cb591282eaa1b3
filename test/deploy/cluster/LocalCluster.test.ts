import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { rmSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { SparkConf, SparkSession, functions as F, type SparkContext } from "../../../src/index.js";
import { LocalSparkCluster } from "../../../src/deploy/cluster/LocalSparkCluster.js";
import { EventRecorder, type EventOf } from "./EventRecorder.js";
import { commandLine, descendants, executorPids, isAlive, waitUntil } from "./Processes.js";

const DRIVER_CHILD = fileURLToPath(new URL("./driver-child.js", import.meta.url));
const LINES = Array.from({ length: 3000 }, (_, i) => `w${i % 41} x${i % 13} y${i % 7} z${i}`);

async function wordCount(sc: SparkContext): Promise<[string, number][]> {
  const counts = await sc.parallelize(LINES, 4).flatMap((l: string) => l.split(" ")).map((w: string) => [w, 1] as [string, number])
    .reduceByKey((a: number, b: number) => a + b, undefined, 4).collect();
  return counts.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

function groupBy(spark: SparkSession): Promise<Record<string, unknown>[]> {
  return spark.range(0, 20_000, 1, 4)
    .select(F.col("id").mod(17).alias("k"), F.col("id").alias("v"))
    .groupBy("k").agg(F.count("*").alias("n"), F.sum("v").alias("total"), F.max("v").alias("top"))
    .orderBy("k").collect();
}

/** The worker processes this process started (a local cluster's), each with its executors' pids. */
function workersAndExecutors(): { worker: number; executors: number[] }[] {
  return descendants(process.pid)
    .filter((p) => commandLine(p).includes("worker"))
    .map((worker) => ({ worker, executors: [...executorPids(worker).values()] }));
}

describe("local-cluster[2,1,512]: a master and two worker processes, executors as their children", () => {
  let spark: SparkSession;
  let bus: EventRecorder;
  let expectedWords: [string, number][];
  let expectedGroups: Record<string, unknown>[];

  before(async () => {
    const local = SparkSession.builder().master("local[2]").appName("reference").config("spark.sql.shuffle.partitions", 4).getOrCreate();
    expectedWords = await wordCount(local.sparkContext);
    expectedGroups = await groupBy(local);
    await local.stop();
    spark = SparkSession.builder().master("local-cluster[2,1,512]").appName("LocalCluster")
      .config("spark.executor.memory", "512m").config("spark.sql.shuffle.partitions", 4).getOrCreate();
    bus = new EventRecorder(spark.sparkContext);
  });

  after(async () => {
    const daemons = descendants(process.pid);
    await spark.stop();
    await waitUntil(() => daemons.every((p) => !isAlive(p)), "the cluster's daemons and executors have all exited");
  });

  it("a word count gives local mode's answer, with an executor on each worker and the shuffle read across them", async () => {
    assert.deepEqual(await wordCount(spark.sparkContext), expectedWords);
    await bus.drained();
    const workers = workersAndExecutors();
    assert.equal(workers.length, 2);
    for (const w of workers) assert.equal(w.executors.length, 1, `worker ${w.worker} runs one executor`);
    const ends = bus.of("SparkListenerTaskEnd");
    assert.equal(new Set(ends.map((e) => e.taskInfo.executorId)).size, 2, "tasks ran on both executors");
    assert.ok(ends.some((e) => (e.taskMetrics?.shuffleReadMetrics.remoteBytesRead ?? 0) > 0), "a reduce task fetched from the other executor");
    assert.equal(spark.sparkContext.defaultParallelism, 2);
    assert.match(spark.sparkContext.applicationId, /^app-\d{14}-\d{4}$/, "the id the master gave the application");
  });

  it("a DataFrame groupBy gives local mode's answer", async () => {
    assert.deepEqual(await groupBy(spark), expectedGroups);
  });

  it("broadcast values, accumulators and cached partitions work across the executor processes", async () => {
    const sc = spark.sparkContext;
    const factor = sc.broadcast(3);
    const seen = sc.longAccumulator("seen");
    const tripled = sc.parallelize(Array.from({ length: 100 }, (_, i) => i), 4).map((x: number) => {
      seen.add(1);
      return x * factor.value;
    }, { factor, seen }).cache();
    assert.equal(await tripled.count(), 100);
    assert.equal(seen.value, 100);
    // Each executor told the driver which partitions it cached.
    const holders = [0, 1, 2, 3].map((p) => sc.env.blockManagerMaster.getLocations(`rdd_${tripled.id}_${p}`));
    for (const h of holders) assert.equal(h.length, 1);
    const start = bus.events.length;
    assert.equal((await tripled.collect()).reduce((a, b) => a + b, 0), 3 * 4950);
    await bus.drained();
    // A task sent to the executor holding its partition reads it from there; one that the locality wait let go
    // elsewhere (a busy machine) computes it again.
    const ends = bus.events.slice(start).filter((e) => e.event === "SparkListenerTaskEnd") as EventOf<"SparkListenerTaskEnd">[];
    const elsewhere = ends.filter((e) => e.taskInfo.executorId !== holders[e.taskInfo.partitionId]![0]).length;
    assert.equal(seen.value, 100 + 25 * elsewhere, "the second action read the partitions cached where it ran");
    assert.ok(elsewhere < 4);
    await tripled.unpersist(true);
    assert.deepEqual(holders.map((_, p) => sc.env.blockManagerMaster.getLocations(`rdd_${tripled.id}_${p}`)), [[], [], [], []]);
    const before = seen.value;
    assert.equal(await tripled.count(), 100);
    assert.equal(seen.value, before + 100, "unpersisted partitions are computed again");
    factor.destroy();
  });

  it("an executor SIGKILLed while a job runs: its tasks run again and the answer is right", async () => {
    const sc = spark.sparkContext;
    const executors = executorPids(process.pid);
    const start = bus.events.length;
    const killed = bus.next("SparkListenerTaskStart", (e) => bus.events.indexOf(e) >= start).then((e) => {
      process.kill(executors.get(e.taskInfo.executorId)!, "SIGKILL");
      return e.taskInfo.executorId;
    });
    // Map tasks spin for a moment, so that the kill lands while they run.
    const counts = await sc.parallelize(LINES, 4).mapPartitions((it: IterableIterator<string>) => {
      const until = Date.now() + 300;
      while (Date.now() < until);
      return it;
    }).flatMap((l: string) => l.split(" ")).map((w: string) => [w, 1] as [string, number]).reduceByKey((a: number, b: number) => a + b, undefined, 4).collect();
    assert.deepEqual(counts.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)), expectedWords);
    const victim = await killed;
    const removed = await bus.next("SparkListenerExecutorRemoved", (e) => e.executorId === victim);
    assert.ok(removed.reason.length > 0);
  });

  it("map output lost with its executor is a fetch failure: the map stage runs again and the answer is right", async () => {
    const sc = spark.sparkContext;
    // The master replaces a lost executor; wait for two live ones so that map outputs sit on both.
    const live = (): number => bus.of("SparkListenerExecutorAdded").length - bus.of("SparkListenerExecutorRemoved").length;
    await waitUntil(() => live() === 2 && executorPids(process.pid).size === 2, "two executors run and are registered");
    await sc.parallelize([1, 2, 3, 4], 4).collect();
    const executors = executorPids(process.pid);
    const pids = [...executors.values()];
    const start = bus.events.length;
    const stages = new Set<number>();
    void bus.next("SparkListenerJobStart", (e) => bus.events.indexOf(e) >= start).then((job) => {
      for (const s of job.stageInfos) stages.add(s.stageId);
      const [mapStage, reduceStage] = [...stages].sort((a, b) => a - b);
      return bus.next("SparkListenerStageSubmitted", (e) => e.stageInfo.stageId === reduceStage).then(() => {
        const map0 = bus.of("SparkListenerTaskEnd").find((e) => e.stageId === mapStage && e.taskInfo.index === 0)!;
        process.kill(executors.get(map0.taskInfo.executorId)!, "SIGKILL");
      });
    });
    // A reduce task reads its input only once another executor is dead, so its fetch from there fails.
    const pairs = await sc.parallelize(Array.from({ length: 400 }, (_, i) => [i % 20, i] as [number, number]), 2).partitionBy(2)
      .mapPartitions((it: IterableIterator<[number, number]>) => {
        const proc = (globalThis as unknown as { process: NodeJS.Process }).process;
        const dead = (pid: number): boolean => {
          try {
            proc.kill(pid, 0);
            return false;
          } catch {
            return true;
          }
        };
        while (!pids.some((p) => p !== proc.pid && dead(p)));
        return it;
      }, { pids }).collect();
    assert.deepEqual(pairs.map(([, v]) => v).sort((a, b) => a - b), Array.from({ length: 400 }, (_, i) => i));
    await bus.drained();
    const [mapStage] = [...stages].sort((a, b) => a - b);
    const later = bus.events.slice(start);
    assert.ok(later.some((e) => e.event === "SparkListenerTaskEnd" && (e as { reason: { kind: string } }).reason.kind === "FetchFailed"), "a reduce task failed to fetch");
    assert.ok(later.filter((e) => e.event === "SparkListenerStageSubmitted" && (e as { stageInfo: { stageId: number } }).stageInfo.stageId === mapStage).length >= 2, "the map stage ran again");
  });
});

describe("an application the cluster cannot run", () => {
  it("is removed by the master after its executors keep failing, and its jobs fail with the master's reason", async () => {
    // 400 MiB is below an executor's minimum heap, so every executor exits as it starts.
    const spark = SparkSession.builder().master("local-cluster[1,1,512]").appName("doomed")
      .config("spark.executor.memory", "400m").config("spark.deploy.maxExecutorRetries", 1).getOrCreate();
    const daemons = descendants(process.pid);
    try {
      await assert.rejects(spark.sparkContext.parallelize([1, 2], 2).collect(), /^SparkException: Application has been killed\. Reason: Master removed our application: FAILED/);
      await waitUntil(() => spark.sparkContext.isStopped, "the application's context is stopped");
    } finally {
      await spark.stop();
    }
    await waitUntil(() => daemons.every((p) => !isAlive(p)), "the local cluster has exited");
  });
});

describe("a local cluster stopped while it starts", () => {
  it("fails the job waiting for executors and leaves no process behind", async () => {
    const spark = SparkSession.builder().master("local-cluster[1,1,512]").appName("stopped-early").config("spark.executor.memory", "512m").getOrCreate();
    const failed = assert.rejects(spark.sparkContext.parallelize([1], 1).collect(), /stopped (before its executors registered|while its local cluster started)/);
    const started = descendants(process.pid);
    await spark.stop();
    await failed;
    await waitUntil(() => started.every((p) => !isAlive(p)) && descendants(process.pid).length === 0, "no daemon or executor is left");
  });
});

describe("a driver that dies (SIGKILL) leaves no process behind", () => {
  function startDriver(master: string): { child: ReturnType<typeof spawn>; running: Promise<void>; output: () => string } {
    const child = spawn(process.execPath, [DRIVER_CHILD, master], { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stderr!.on("data", (d) => (output += d));
    const running = new Promise<void>((resolve, reject) => {
      child.stdout!.on("data", (d) => {
        output += d;
        if (output.includes("RUNNING")) resolve();
      });
      child.once("exit", (code) => reject(new Error(`the driver exited (${code}) before it ran:\n${output}`)));
    });
    return { child, running, output: () => output };
  }

  it("on a standalone cluster: the master frees its executors and the workers kill them; the cluster stays up", async () => {
    const cluster = new LocalSparkCluster(2, 1, 512, new SparkConf());
    try {
      const masterUrl = await cluster.start();
      const driver = startDriver(masterUrl);
      await driver.running;
      const executors = cluster.pids.slice(1).flatMap((w) => [...executorPids(w).values()]);
      assert.equal(executors.length, 2, "each worker runs an executor of the driver");
      driver.child.kill("SIGKILL");
      await once(driver.child, "exit");
      await waitUntil(() => executors.every((p) => !isAlive(p)), "the dead driver's executors have exited");
      assert.ok(cluster.pids.every(isAlive), "the master and workers are still running");
      // The freed cores serve the next application.
      const next = startDriver(masterUrl);
      await next.running;
      next.child.kill("SIGKILL");
      await once(next.child, "exit");
    } finally {
      await cluster.stop();
    }
  });

  it("on local-cluster: the master, the workers and the executors all exit with it", async () => {
    const driver = startDriver("local-cluster[2,1,512]");
    await driver.running;
    const below = descendants(driver.child.pid!);
    assert.equal(below.filter((p) => commandLine(p).some((a) => a.endsWith("CoarseGrainedExecutorBackend.js"))).length, 2);
    const daemons = below.filter((p) => commandLine(p).some((a) => a.endsWith("DaemonMain.js")));
    assert.equal(daemons.length, 3);
    // The dead driver cannot remove its cluster's directory (the daemons' work dirs): the test does.
    const masterArgs = commandLine(daemons[0]!);
    const clusterDir = dirname(masterArgs[masterArgs.indexOf("--work-dir") + 1]!);
    driver.child.kill("SIGKILL");
    await once(driver.child, "exit");
    await waitUntil(() => below.every((p) => !isAlive(p)), "every daemon and executor of the dead driver has exited");
    rmSync(clusterDir, { recursive: true, force: true });
  });
});
