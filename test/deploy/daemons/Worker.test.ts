import { afterEach, test, mock } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { ApplicationDescription } from "../../../src/rpc/Messages.js";
import { SparkConf } from "../../../src/core/SparkConf.js";
import { executorCommand } from "../../../src/deploy/worker/ExecutorCommand.js";
import { moduleLoadingExecArgv } from "../../../src/executor/Executor.js";
import { Worker } from "../../../src/deploy/worker/Worker.js";
import { workerStateJson } from "../../../src/deploy/worker/WorkerJson.js";
import { untilFileMatches } from "./ClusterHarness.js";
import { FakeRpcEnv, MemoryLog, appDesc, call } from "./fakes.js";

const FAKE_EXECUTOR = fileURLToPath(new URL("./fixtures/FakeExecutor.js", import.meta.url));
const SELF = { host: "127.0.0.1", port: 9001 };
const M1 = { host: "127.0.0.1", port: 7077 };
const M2 = { host: "127.0.0.1", port: 7078 };

interface Harness {
  readonly worker: Worker;
  readonly env: FakeRpcEnv;
  readonly log: MemoryLog;
  readonly exits: number[];
  readonly workDir: string;
}

const started: Harness[] = [];

afterEach(async () => {
  mock.timers.reset();
  for (const h of started.splice(0)) {
    await h.worker.stop();
    rmSync(h.workDir, { recursive: true, force: true });
  }
});

function startWorker(settings: Record<string, string> = {}, secret?: string): Harness {
  const env = new FakeRpcEnv(SELF);
  const log = new MemoryLog();
  const exits: number[] = [];
  const workDir = mkdtempSync(join(tmpdir(), "kindling-worker-"));
  const worker = new Worker({
    rpcEnv: env, masters: [M1, M2], conf: new SparkConf(Object.entries(settings)), cores: 4, memoryMB: 2048, workDir,
    webUiUrl: "http://127.0.0.1:8081", log, executorEntry: FAKE_EXECUTOR, secret, exit: (code) => void exits.push(code),
  });
  const h = { worker, env, log, exits, workDir };
  started.push(h);
  worker.start();
  return h;
}

function registered(h: Harness, master = M1): void {
  h.worker.receive({ type: "RegisteredWorker", masterUrl: `spark://${master.host}:${master.port}`, masterWebUiUrl: "http://127.0.0.1:8080" }, call(1));
}

function launch(h: Harness, appId: string, execId: number, desc: Partial<ApplicationDescription> = {}): void {
  h.worker.receive({ type: "LaunchExecutor", appId, execId, appDesc: appDesc(desc), cores: 2, memoryMB: 512 }, call(1));
}

test("a worker asks every master of its URL, retries on Spark's schedule, and gives up after 16 tries", () => {
  mock.timers.enable({ apis: ["setInterval", "setTimeout"] });
  const h = startWorker();
  const first = h.env.take("RegisterWorker");
  assert.equal(first.length, 2, "one per master");
  assert.match(first[0]!.id, /^worker-\d{14}-127\.0\.0\.1-9001$/);
  assert.deepEqual({ ...first[0], id: "" }, { type: "RegisterWorker", id: "", host: "127.0.0.1", port: 9001, cores: 4, memoryMB: 2048, webUiUrl: "http://127.0.0.1:8081", workDir: h.workDir });
  assert.deepEqual(h.env.sent.map((s) => s.to), []);
  mock.timers.tick(15_000);
  assert.ok(h.env.take("RegisterWorker").length >= 2, "retried within 15s");
  // Each retry is scheduled by the one before: 16 in all, the last 10 up to 90s apart.
  for (let i = 0; i < 16; i++) mock.timers.tick(90_000);
  assert.deepEqual(h.exits, [1]);
  assert.ok(h.log.lines.includes("ERROR All masters are unresponsive! Giving up."));
});

test("registered, it heartbeats every quarter of spark.worker.timeout and stops retrying", () => {
  mock.timers.enable({ apis: ["setInterval", "setTimeout"] });
  const h = startWorker({ "spark.worker.timeout": "8" });
  registered(h, M2);
  assert.deepEqual(h.env.take("WorkerLatestState", "127.0.0.1:7078"), [{ type: "WorkerLatestState", id: h.worker.workerId, executors: [] }]);
  h.env.take("RegisterWorker");
  mock.timers.tick(6000);
  assert.deepEqual(h.env.take("Heartbeat", "127.0.0.1:7078").length, 3);
  mock.timers.tick(200_000);
  assert.deepEqual(h.env.take("RegisterWorker"), [], "no retries once registered");
  assert.deepEqual(h.exits, []);
  assert.equal(workerStateJson(h.worker).masterurl, "spark://127.0.0.1:7078");
});

test("a refusal before any registration ends the worker; after one it is only logged", () => {
  const h = startWorker();
  h.worker.receive({ type: "RegisterWorkerFailed", message: "Attempted to re-register worker at same address: 127.0.0.1:9001" }, call(1));
  assert.deepEqual(h.exits, [1]);
  assert.ok(h.log.lines.includes("ERROR Worker registration failed: Attempted to re-register worker at same address: 127.0.0.1:9001"));
  const other = startWorker();
  registered(other);
  other.worker.receive({ type: "RegisterWorkerFailed", message: "Duplicate worker ID" }, call(1));
  assert.deepEqual(other.exits, []);
});

test("a dropped master connection makes it register again; a changed master hears what it runs", { timeout: 20_000 }, async () => {
  const h = startWorker();
  registered(h);
  launch(h, "app-1", 0);
  assert.deepEqual((await h.env.next("ExecutorStateChanged")).state, "RUNNING");
  h.env.take("RegisterWorker");
  h.env.disconnect(M2);
  assert.deepEqual(h.env.take("RegisterWorker"), [], "a master it is not registered with does not matter");
  h.env.disconnect(M1);
  assert.equal(h.env.take("RegisterWorker").length, 2);
  assert.ok(h.log.lines.includes("ERROR Connection to master failed! Waiting for master to reconnect..."));

  h.worker.receive({ type: "MasterChanged", masterUrl: "spark://127.0.0.1:7078", masterAddress: M2 }, call(2));
  assert.deepEqual(h.env.take("WorkerSchedulerStateResponse", "127.0.0.1:7078"), [
    { type: "WorkerSchedulerStateResponse", id: h.worker.workerId, executors: [{ appId: "app-1", execId: 0, cores: 2, memoryMB: 512 }] },
  ]);
  h.worker.receive({ type: "ReconnectWorker", masterUrl: "spark://127.0.0.1:7078" }, call(2));
  assert.equal(h.env.take("RegisterWorker").length, 2);
});

test("an executor is started with the plan's command line, logs under work-dir/app/exec, and its exit is reported", { timeout: 20_000 }, async () => {
  const h = startWorker({}, "s3cret");
  registered(h);
  launch(h, "app-7", 3, { conf: { "fake.exitCode": "7", "spark.executor.memory": "512m" }, driverUrl: { host: "127.0.0.1", port: 40123 } });
  assert.deepEqual(workerStateJson(h.worker).coresused, 2);
  const running = await h.env.next("ExecutorStateChanged", (m) => m.state === "RUNNING");
  assert.deepEqual(running, { type: "ExecutorStateChanged", appId: "app-7", execId: 3, state: "RUNNING", message: null, exitStatus: null });
  const exited = await h.env.next("ExecutorStateChanged", (m) => m.state !== "RUNNING");
  assert.deepEqual(exited, { type: "ExecutorStateChanged", appId: "app-7", execId: 3, state: "EXITED", message: "Command exited with code 7", exitStatus: 7 });
  const stdout = readFileSync(join(h.workDir, "app-7", "3", "stdout"), "utf8");
  assert.match(stdout, /^fake executor app-7\/3 pid \d+ cores 2 memory 512 driver 127\.0\.0\.1:40123 worker 127\.0\.0\.1:9001 secret s3cret\n$/);
  assert.ok(existsSync(join(h.workDir, "app-7", "3", "stderr")));
  const json = workerStateJson(h.worker);
  assert.deepEqual([json.coresused, json.memoryused, json.executors], [0, 0, []]);
  assert.deepEqual((json.finishedexecutors as { appid: string; id: number }[]).map((e) => [e.appid, e.id]), [["app-7", 3]]);
});

test("KillExecutor and ApplicationFinished kill executors (SIGTERM), each reported KILLED; stop() kills the rest", { timeout: 20_000 }, async () => {
  const h = startWorker();
  registered(h);
  launch(h, "app-a", 0);
  launch(h, "app-a", 1);
  launch(h, "app-b", 0);
  for (let i = 0; i < 3; i++) await h.env.next("ExecutorStateChanged", (m) => m.state === "RUNNING");
  h.worker.receive({ type: "KillExecutor", appId: "app-a", execId: 1 }, call(1));
  assert.deepEqual(await h.env.next("ExecutorStateChanged", (m) => m.state !== "RUNNING"), { type: "ExecutorStateChanged", appId: "app-a", execId: 1, state: "KILLED", message: "Killed by the master", exitStatus: 143 });
  h.worker.receive({ type: "ApplicationFinished", appId: "app-a" }, call(1));
  assert.deepEqual(await h.env.next("ExecutorStateChanged", (m) => m.state !== "RUNNING"), { type: "ExecutorStateChanged", appId: "app-a", execId: 0, state: "KILLED", message: "Application app-a finished", exitStatus: 143 });
  assert.deepEqual((workerStateJson(h.worker).executors as { appid: string }[]).map((e) => e.appid), ["app-b"]);
  h.worker.receive({ type: "KillExecutor", appId: "app-a", execId: 9 }, call(1));
  assert.ok(h.log.lines.includes("INFO Asked to kill unknown executor app-a/9"));
  await h.worker.stop();
  assert.deepEqual(await h.env.next("ExecutorStateChanged", (m) => m.state !== "RUNNING"), { type: "ExecutorStateChanged", appId: "app-b", execId: 0, state: "KILLED", message: "Worker shutting down", exitStatus: 143 });
});

test("an executor that ignores SIGTERM is SIGKILLed after the grace period", { timeout: 20_000 }, async () => {
  const h = startWorker();
  registered(h);
  launch(h, "app-1", 0, { conf: { "fake.ignoreSigterm": "true" } });
  await h.env.next("ExecutorStateChanged", (m) => m.state === "RUNNING");
  await untilFileMatches(join(h.workDir, "app-1", "0", "stdout"), /^fake executor/);
  mock.timers.enable({ apis: ["setTimeout"] });
  h.worker.receive({ type: "KillExecutor", appId: "app-1", execId: 0 }, call(1));
  await untilFileMatches(join(h.workDir, "app-1", "0", "stdout"), /ignoring SIGTERM/);
  mock.timers.tick(10_000);
  assert.deepEqual(await h.env.next("ExecutorStateChanged", (m) => m.state !== "RUNNING"), { type: "ExecutorStateChanged", appId: "app-1", execId: 0, state: "KILLED", message: "Killed by the master", exitStatus: 137 });
});

test("a launch that names a path outside the work dir, or repeats a running executor, is refused", { timeout: 20_000 }, async () => {
  const h = startWorker();
  registered(h);
  launch(h, "../escape", 0);
  assert.deepEqual(await h.env.next("ExecutorStateChanged"), { type: "ExecutorStateChanged", appId: "../escape", execId: 0, state: "FAILED", message: "application id '../escape' is not a safe directory name", exitStatus: null });
  launch(h, "app-1", 0);
  await h.env.next("ExecutorStateChanged", (m) => m.state === "RUNNING");
  launch(h, "app-1", 0);
  assert.deepEqual(await h.env.next("ExecutorStateChanged"), { type: "ExecutorStateChanged", appId: "app-1", execId: 0, state: "FAILED", message: "executor app-1/0 is already running here", exitStatus: null });
  assert.equal(workerStateJson(h.worker).coresused, 2);
  assert.ok(!existsSync(join(h.workDir, "..", "escape")));
});

test("the executor command carries the worker's module-loading flags, and the secret only in the environment", () => {
  const launchSpec = { appId: "app-1", execId: 2, appDesc: appDesc({ conf: { "spark.executor.memory": "1g" } }), cores: 3, memoryMB: 1024, executorDir: "/w/app-1/2", host: "10.0.0.5", workerAddress: { host: "10.0.0.5", port: 9001 } };
  const command = executorCommand({ ...launchSpec, secret: undefined }, "/x/CoarseGrainedExecutorBackend.js", { PATH: "/bin", _SPARK_AUTH_SECRET: "inherited" });
  assert.equal(command.program, process.execPath);
  assert.deepEqual(command.args, [
    ...moduleLoadingExecArgv(), "/x/CoarseGrainedExecutorBackend.js", "--driver-url", "127.0.0.1:40000", "--executor-id", "2", "--app-id", "app-1",
    "--hostname", "10.0.0.5", "--cores", "3", "--memory-mb", "1024", "--work-dir", "/w/app-1/2", "--worker-url", "10.0.0.5:9001",
  ]);
  assert.deepEqual(command.env, { PATH: "/bin", KINDLING_EXECUTOR_CONF: "{\"spark.executor.memory\":\"1g\"}" });
  assert.equal(executorCommand({ ...launchSpec, secret: "k" }, "/e.js", {}).env._SPARK_AUTH_SECRET, "k");
  assert.ok(!command.args.some((a) => a.includes("secret")));
});
