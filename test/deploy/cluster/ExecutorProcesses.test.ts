import { after, afterEach, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createServer, type AddressInfo } from "node:net";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { SparkEnv } from "../../../src/core/SparkEnv.js";
import { RpcEnv } from "../../../src/rpc/RpcEnv.js";
import { SparkConf, SparkContext } from "../../../src/index.js";
import { registerSchedulerBackend } from "../../../src/core/scheduler/SchedulerBackendRegistry.js";
import { CoarseGrainedSchedulerBackend } from "../../../src/deploy/cluster/CoarseGrainedSchedulerBackend.js";
import { EXECUTOR_CONF_ENV } from "../../../src/executor/CoarseGrainedExecutorBackend.js";
import { hostPort } from "../../../src/rpc/RpcAddress.js";
import { EventRecorder } from "./EventRecorder.js";

const EXECUTOR_MAIN = fileURLToPath(new URL("../../../src/executor/CoarseGrainedExecutorBackend.js", import.meta.url));

/**
 * A cluster manager for this test only: the driver starts its executor processes itself, the way a worker
 * would (same command line, stdin a pipe it holds), so the driver–executor protocol is tested on its own.
 */
class DirectExecutorsBackend extends CoarseGrainedSchedulerBackend {
  static last: DirectExecutorsBackend | undefined;
  readonly processes = new Map<string, ChildProcess>();
  private readonly dir = mkdtempSync(join(tmpdir(), "kindling-direct-executors-"));

  constructor(env: SparkEnv, private readonly count: number, private readonly cores: number) {
    super(env, "127.0.0.1");
    DirectExecutorsBackend.last = this;
  }

  get applicationId(): string {
    return "direct-app";
  }

  protected async startCluster(rpcEnv: RpcEnv): Promise<void> {
    for (let i = 0; i < this.count; i++) this.launch(String(i), hostPort(rpcEnv.address));
  }

  workDir(id: string): string {
    return join(this.dir, id);
  }

  launch(id: string, driverUrl: string): void {
    const workDir = this.workDir(id);
    mkdirSync(workDir, { recursive: true });
    const child = spawn(process.execPath, [EXECUTOR_MAIN, "--driver-url", driverUrl, "--executor-id", id, "--app-id", "direct-app",
      "--hostname", "127.0.0.1", "--cores", String(this.cores), "--memory-mb", "512", "--work-dir", workDir], {
      stdio: ["pipe", "ignore", "ignore"],
      env: { ...process.env, [EXECUTOR_CONF_ENV]: JSON.stringify(Object.fromEntries(this.env.conf.getAll())) },
    });
    this.processes.set(id, child);
  }

  protected expectedCores(): number {
    return this.count * this.cores;
  }

  protected minRegisteredRatio(): number {
    return 1;
  }

  protected maxRegisteredWaitingTimeMs(): number {
    return 30_000;
  }

  protected async stopCluster(): Promise<void> {
    // Each executor got StopExecutor; one that was SIGSTOPped or hangs is killed.
    await Promise.all([...this.processes.values()].map(async (c) => {
      if (c.exitCode !== null || c.signalCode !== null) return;
      const timer = setTimeout(() => c.kill("SIGKILL"), 10_000);
      await once(c, "exit");
      clearTimeout(timer);
    }));
    rmSync(this.dir, { recursive: true, force: true });
  }
}

registerSchedulerBackend({
  description: "direct-executors[N,C]",
  canCreate: (m) => m.startsWith("direct-executors"),
  create(master, env) {
    const [, n, c] = /^direct-executors\[(\d+),(\d+)\]$/.exec(master)!;
    return new DirectExecutorsBackend(env, Number(n), Number(c));
  },
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const WORDS = Array.from({ length: 2000 }, (_, i) => `w${i % 37} x${i % 11} y${i % 5}`);

async function localWordCount(): Promise<[string, number][]> {
  const sc = new SparkContext(new SparkConf().setMaster("local[2]").setAppName("reference"));
  try {
    return await wordCount(sc);
  } finally {
    await sc.stop();
  }
}

async function wordCount(sc: SparkContext): Promise<[string, number][]> {
  const counts = await sc.parallelize(WORDS, 4).flatMap((l: string) => l.split(" ")).map((w: string) => [w, 1] as [string, number])
    .reduceByKey((a: number, b: number) => a + b, undefined, 3).collect();
  return counts.sort((a, b) => (a[0] < b[0] ? -1 : 1));
}

describe("executor processes and their driver, without a cluster manager", () => {
  let expected: [string, number][];
  /** The application directory of the test that ships files, removed at the end. */
  let app: string | undefined;
  before(async () => {
    expected = await localWordCount();
  });
  afterEach(async () => {
    await SparkContext.getActive()?.stop();
  });

  function start(n: number, conf: Record<string, string> = {}): { sc: SparkContext; backend: DirectExecutorsBackend; bus: EventRecorder } {
    const sc = new SparkContext(new SparkConf(Object.entries(conf)).setMaster(`direct-executors[${n},1]`).setAppName("ExecutorProcesses"));
    return { sc, backend: DirectExecutorsBackend.last!, bus: new EventRecorder(sc) };
  }

  it("a word count runs on both executors, its shuffle read across them, with the answer local mode gives", async () => {
    const { sc, bus } = start(2);
    assert.deepEqual(await wordCount(sc), expected);
    await bus.drained();
    const ends = bus.of("SparkListenerTaskEnd");
    assert.deepEqual(new Set(ends.map((e) => e.taskInfo.executorId)), new Set(["0", "1"]));
    const remote = ends.reduce((sum, e) => sum + (e.taskMetrics?.shuffleReadMetrics.remoteBytesRead ?? 0), 0);
    assert.ok(remote > 0, "some reduce task fetched map output from the other executor");
  });

  it("StopExecutor at stop(): the executor processes exit by themselves", async () => {
    const { sc, backend } = start(2);
    assert.deepEqual(await wordCount(sc), expected);
    const children = [...backend.processes.values()];
    await sc.stop();
    for (const c of children) assert.equal(c.exitCode, 0, "each executor exited 0, not killed");
  });

  it("an executor SIGKILLed while its task runs: the task runs again on the other one and the answer is right", async () => {
    const { sc, backend, bus } = start(2);
    const killed = bus.next("SparkListenerTaskStart").then((e) => {
      const id = e.taskInfo.executorId;
      backend.processes.get(id)!.kill("SIGKILL");
      return id;
    });
    // Each map task spins for a while so that the kill lands while tasks run.
    const counts = await sc.parallelize(WORDS, 4).mapPartitions((it: IterableIterator<string>) => {
      const until = Date.now() + 300;
      while (Date.now() < until);
      return it;
    }).flatMap((l: string) => l.split(" ")).map((w: string) => [w, 1] as [string, number]).reduceByKey((a: number, b: number) => a + b, undefined, 3).collect();
    assert.deepEqual(counts.sort((a, b) => (a[0] < b[0] ? -1 : 1)), expected);
    const victim = await killed;
    const removed = await bus.next("SparkListenerExecutorRemoved");
    assert.equal(removed.executorId, victim);
    assert.deepEqual(backend.getExecutorIds(), [victim === "0" ? "1" : "0"]);
  });

  it("map output on an executor that dies is a fetch failure: the map stage runs again and the answer is right", async () => {
    const { sc, backend, bus } = start(2);
    await backend.waitUntilReady();
    const pids = [...backend.processes.values()].map((c) => c.pid!);
    // When the reduce stage starts, kill the executor that ran map 0, which every reduce partition reads.
    void bus.next("SparkListenerStageSubmitted", (e) => e.stageInfo.stageId === 1).then(() => {
      const map0 = bus.of("SparkListenerTaskEnd").find((e) => e.stageId === 0 && e.taskInfo.index === 0)!;
      backend.processes.get(map0.taskInfo.executorId)!.kill("SIGKILL");
    });
    // A reduce task reads its input only once some other executor is dead: its fetch from there must fail.
    const pairs = await sc.parallelize(Array.from({ length: 400 }, (_, i) => [i % 20, i] as [number, number]), 2).partitionBy(2)
      .mapPartitions((it: IterableIterator<[number, number]>) => {
        // `process` is no standard global, so it is reached through globalThis: this task is Node-only on purpose.
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
    assert.equal(pairs.length, 400);
    await bus.drained();
    assert.deepEqual(pairs.map(([, v]) => v).sort((a, b) => a - b), Array.from({ length: 400 }, (_, i) => i));
    const fetchFailed = bus.of("SparkListenerTaskEnd").filter((e) => e.reason.kind === "FetchFailed");
    assert.ok(fetchFailed.length > 0, "a reduce task failed to fetch from the dead executor");
    const mapAttempts = bus.of("SparkListenerStageSubmitted").filter((e) => e.stageInfo.stageId === 0);
    assert.ok(mapAttempts.length >= 2, "the map stage ran again");
  });

  it("an executor whose heartbeats stop (SIGSTOP) is removed after spark.network.timeout, and exits once it runs again", async () => {
    const { sc, backend, bus } = start(2, { "spark.executor.heartbeatInterval": "100ms", "spark.network.timeout": "2s" });
    await sc.parallelize([1, 2, 3, 4], 2).collect();
    const child = backend.processes.get("1")!;
    child.kill("SIGSTOP");
    const removed = await bus.next("SparkListenerExecutorRemoved");
    assert.equal(removed.executorId, "1");
    assert.match(removed.reason, /^Executor heartbeat timed out after \d+ ms$/);
    const exited = once(child, "exit");
    child.kill("SIGCONT");
    // Told to stop (StopExecutor) or told it is unknown (its next heartbeat): either way it exits by itself.
    const [code, signal] = await exited;
    assert.equal(signal, null);
    assert.ok(code === 0 || code === 1, `exit code ${code}`);
    assert.deepEqual(await sc.parallelize([1, 2, 3, 4], 2).map((x: number) => x * 2).collect(), [2, 4, 6, 8]);
  });

  it("executors exit when the process that started them dies (their stdin pipe closes)", async () => {
    const { sc, backend } = start(1);
    await sc.parallelize([1], 1).collect();
    const child = backend.processes.get("0")!;
    const exited = once(child, "exit");
    child.stdin!.end();
    assert.deepEqual(await exited, [1, null]);
    assert.ok(!isAlive(child.pid!));
  });

  it("an executor still waiting for its driver exits when the process that started it dies", async () => {
    // A "driver" that takes connections and never answers.
    const silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const workDir = mkdtempSync(join(tmpdir(), "kindling-orphan-"));
    try {
      const child = spawn(process.execPath, [EXECUTOR_MAIN, "--driver-url", `127.0.0.1:${(silent.address() as AddressInfo).port}`, "--executor-id", "7",
        "--app-id", "app-x", "--hostname", "127.0.0.1", "--cores", "1", "--memory-mb", "512", "--work-dir", workDir, "--worker-url", "127.0.0.1:1"], { stdio: ["pipe", "ignore", "pipe"] });
      let stderr = "";
      child.stderr!.on("data", (d) => (stderr += d));
      await once(silent, "connection");
      const exited = once(child, "exit");
      child.stdin!.end();
      assert.deepEqual(await exited, [1, null]);
      assert.match(stderr, /The worker at 127\.0\.0\.1:1 that started executor 7 is gone \(its pipe closed\); exiting/);
    } finally {
      silent.close();
      rmSync(workDir, { recursive: true, force: true });
    }
  });

  it("heartbeats report the tasks running on the executor (SparkListenerExecutorMetricsUpdate)", async () => {
    const { sc, bus } = start(1, { "spark.executor.heartbeatInterval": "50ms" });
    const started = bus.next("SparkListenerTaskStart");
    const job = sc.parallelize([1], 1).map((x: number) => {
      const until = Date.now() + 1000;
      while (Date.now() < until);
      return x;
    }).collect();
    const taskId = (await started).taskInfo.taskId;
    const update = await bus.next("SparkListenerExecutorMetricsUpdate", (e) => e.accumUpdates.some(([id]) => id === taskId));
    assert.equal(update.executorId, "0");
    assert.deepEqual(update.accumUpdates.find(([id]) => id === taskId)!.slice(1, 3), [0, 0], "the task's stage and attempt");
    assert.deepEqual(await job, [1]);
  });

  it("a cancelled job's running tasks are killed on their executors, which then run the next job", async () => {
    const { sc, bus } = start(2);
    sc.setJobGroup("blocked", "tasks that never end");
    const blocked = sc.parallelize([1, 2], 2).map(() => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0)).collect();
    await bus.next("SparkListenerTaskStart", () => bus.of("SparkListenerTaskStart").length === 2);
    sc.cancelJobGroup("blocked");
    await assert.rejects(blocked, /cancelled part of cancelled job group blocked/);
    const killed = await bus.next("SparkListenerTaskEnd", () => bus.of("SparkListenerTaskEnd").filter((e) => e.reason.kind === "TaskKilled").length === 2);
    assert.equal(killed.reason.kind, "TaskKilled");
    sc.clearJobGroup();
    assert.deepEqual(await sc.parallelize([1, 2, 3, 4], 2).map((x: number) => x + 1).collect(), [2, 3, 4, 5]);
  });

  it("the application's files (spark.jars) and its own RDD kinds reach the executors, which load them before tasks run", async () => {
    // Kept until the end: the driver process keeps the RDD kind, so every later application ships its module.
    app = mkdtempSync(join(tmpdir(), "kindling-app-"));
    mkdirSync(join(app, "lib"));
    writeFileSync(join(app, "lib", "square.js"), "export const square = (x) => x * x;\n");
    const rdd = new URL("../../../src/core/rdd/RDD.js", import.meta.url).href;
    const kinds = new URL("../../../src/core/rdd/RDDKinds.js", import.meta.url).href;
    writeFileSync(join(app, "SquaresRDD.js"), [
      `import { RDD } from ${JSON.stringify(rdd)};`,
      `import { registerRDDKind } from ${JSON.stringify(kinds)};`,
      `import { square } from "./lib/square.js";`,
      "export class SquaresRDD extends RDD {",
      "  constructor(sc, n, id) { super(sc, [], id); this.n = n; }",
      "  get kind() { return 'SquaresRDD'; }",
      "  getPartitions() { return [{ index: 0 }, { index: 1 }]; }",
      "  compute(split) { const out = []; for (let i = split.index; i < this.n; i += 2) out.push(square(i)); return out[Symbol.iterator](); }",
      "  serialize() { return this.n; }",
      "}",
      "registerRDDKind('SquaresRDD', (n, _deps, id) => new SquaresRDD(undefined, n, id), import.meta.url);",
    ].join("\n"));
    writeFileSync(join(app, "notes.txt"), "shipped with the application\n");
    // The driver loads the application's RDD kind before its executors start, as an application's main module would.
    const { SquaresRDD } = (await import(pathToFileURL(join(app, "SquaresRDD.js")).href)) as { SquaresRDD: new (sc: SparkContext, n: number) => { collect(): Promise<number[]> } };
    const { sc, backend, bus } = start(2, { "spark.jars": join(app, "notes.txt") });
    const squares = await new SquaresRDD(sc, 10).collect();
    assert.deepEqual(squares.sort((a, b) => a - b), [0, 1, 4, 9, 16, 25, 36, 49, 64, 81]);
    await bus.drained();
    assert.deepEqual(new Set(bus.of("SparkListenerTaskEnd").map((e) => e.taskInfo.executorId)), new Set(["0", "1"]));
    for (const id of ["0", "1"]) {
      const shipped = join(backend.workDir(id), "app");
      assert.equal(readFileSync(join(shipped, "SquaresRDD.js"), "utf8"), readFileSync(join(app, "SquaresRDD.js"), "utf8"));
      assert.equal(readFileSync(join(shipped, "lib", "square.js"), "utf8"), "export const square = (x) => x * x;\n", "imported relatively, so shipped along");
      assert.equal(readFileSync(join(shipped, "notes.txt"), "utf8"), "shipped with the application\n");
    }
  });

  it("the driver serves only the application's files to whoever asks", async () => {
    const { sc } = start(1);
    await sc.parallelize([1], 1).collect();
    const client = RpcEnv.client({ name: "stranger", host: "127.0.0.1" });
    try {
      const driver = client.endpointRef({ host: sc.conf.get("spark.driver.host"), port: Number(sc.conf.get("spark.driver.port")) }, "CoarseGrainedScheduler");
      await assert.rejects(driver.ask({ type: "FetchFile", path: "/etc/hostname" }, 5000), /\/etc\/hostname is not one of the application's files/);
      await assert.rejects(driver.ask({ type: "KillExecutor", appId: "direct-app", execId: 0 }, 5000), /does not handle KillExecutor/);
    } finally {
      await client.shutdown();
    }
  });

  after(() => {
    if (app) rmSync(app, { recursive: true, force: true });
    for (const c of DirectExecutorsBackend.last?.processes.values() ?? []) if (c.exitCode === null) c.kill("SIGKILL");
  });
});
