import { afterEach, beforeEach, test, mock } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ApplicationDescription } from "../../../src/rpc/Messages.js";
import type { PersistenceEngine } from "../../../src/deploy/master/PersistenceEngine.js";
import { SparkConf } from "../../../src/core/SparkConf.js";
import { FileSystemPersistenceEngine } from "../../../src/deploy/master/FileSystemPersistenceEngine.js";
import { Master } from "../../../src/deploy/master/Master.js";
import { masterStateJson } from "../../../src/deploy/master/MasterJson.js";
import { BlackHolePersistenceEngine } from "../../../src/deploy/master/PersistenceEngine.js";
import { ManualClock } from "../../../src/util/Clock.js";
import { FakeRpcEnv, MemoryLog, appDesc, call } from "./fakes.js";

const START = new Date(2024, 4, 1, 12, 30, 45).getTime();
const MASTER = { host: "127.0.0.1", port: 7077 };

beforeEach(() => mock.timers.enable({ apis: ["setInterval", "setTimeout"] }));
afterEach(() => mock.timers.reset());

interface Harness {
  readonly master: Master;
  readonly env: FakeRpcEnv;
  readonly log: MemoryLog;
  readonly clock: ManualClock;
}

function startMaster(settings: Record<string, string> = {}, persistence: PersistenceEngine = new BlackHolePersistenceEngine(), clock = new ManualClock(START)): Harness {
  const env = new FakeRpcEnv(MASTER);
  const log = new MemoryLog();
  const master = new Master({ rpcEnv: env, conf: new SparkConf(Object.entries(settings)), persistence, log, webUiUrl: "http://127.0.0.1:8080", clock });
  master.start();
  return { master, env, log, clock };
}

/** Worker n listens on 127.0.0.1:(9000 + n) and talks to the master on connection n. */
function registerWorker(h: Harness, n: number, cores: number, memoryMB = 4096): string {
  h.master.receive({ type: "RegisterWorker", id: `worker-${n}`, host: "127.0.0.1", port: 9000 + n, cores, memoryMB, webUiUrl: `http://127.0.0.1:${8100 + n}`, workDir: `/w${n}` }, call(n));
  return `127.0.0.1:${9000 + n}`;
}

/** Driver n listens on 127.0.0.1:(40000 + n) and talks to the master on connection 100 + n. */
function registerApp(h: Harness, n: number, desc: Partial<ApplicationDescription> = {}): string {
  const driver = { host: "127.0.0.1", port: 40000 + n };
  h.master.receive({ type: "RegisterApplication", appDesc: appDesc({ name: `app${n}`, driverUrl: driver, ...desc }), driver }, call(100 + n));
  const [registered] = h.env.take("RegisteredApplication", `127.0.0.1:${40000 + n}`);
  assert.ok(registered, `driver ${n} was not told its application id`);
  return registered.appId;
}

function launches(h: Harness): { worker: string; execId: number; cores: number }[] {
  const sent = h.env.sent.filter((s) => s.message.type === "LaunchExecutor");
  for (const s of sent) h.env.sent.splice(h.env.sent.indexOf(s), 1);
  return sent.map((s) => ({ worker: s.to, execId: (s.message as { execId: number }).execId, cores: (s.message as { cores: number }).cores }));
}

test("a worker registers; its id again is a duplicate, another id at its address a refused re-registration", () => {
  const h = startMaster();
  const w1 = registerWorker(h, 1, 2);
  assert.deepEqual(h.env.take("RegisteredWorker", w1), [{ type: "RegisteredWorker", masterUrl: "spark://127.0.0.1:7077", masterWebUiUrl: "http://127.0.0.1:8080" }]);
  registerWorker(h, 1, 2);
  assert.deepEqual(h.env.take("RegisterWorkerFailed", w1), [{ type: "RegisterWorkerFailed", message: "Duplicate worker ID" }]);
  h.master.receive({ type: "RegisterWorker", id: "worker-other", host: "127.0.0.1", port: 9001, cores: 2, memoryMB: 1024, webUiUrl: "", workDir: "/w" }, call(7));
  assert.deepEqual(h.env.take("RegisterWorkerFailed", w1), [{ type: "RegisterWorkerFailed", message: "Attempted to re-register worker at same address: 127.0.0.1:9001" }]);
  assert.equal(h.master.allWorkers.length, 1);
});

test("an application gets Spark's id and executors spread over the workers; its driver hears of each", () => {
  const h = startMaster();
  const [w1, w2] = [registerWorker(h, 1, 2), registerWorker(h, 2, 2)];
  const appId = registerApp(h, 1, { maxCores: 2 });
  assert.equal(appId, "app-20240501123045-0000");
  assert.deepEqual(launches(h).sort((a, b) => a.worker.localeCompare(b.worker)), [{ worker: w1, execId: 0, cores: 1 }, { worker: w2, execId: 1, cores: 1 }]);
  const added = h.env.take("ExecutorAdded", "127.0.0.1:40001");
  assert.deepEqual(added.map((a) => [a.execId, a.cores, a.memoryMB, a.host]), [[0, 1, 256, "127.0.0.1"], [1, 1, 256, "127.0.0.1"]]);
  assert.equal(registerApp(h, 2, { maxCores: 1 }), "app-20240501123045-0001");
});

test("spark.deploy.spreadOut=false packs executors onto as few workers as it can", () => {
  const h = startMaster({ "spark.deploy.spreadOut": "false" });
  const w1 = registerWorker(h, 1, 4);
  registerWorker(h, 2, 4);
  registerApp(h, 1, { maxCores: 3 });
  assert.deepEqual(launches(h).map((l) => l.worker), [w1, w1, w1]);
});

test("without spark.executor.cores an executor takes all the free cores of its worker", () => {
  const h = startMaster();
  const w1 = registerWorker(h, 1, 3);
  registerApp(h, 1, { coresPerExecutor: null });
  assert.deepEqual(launches(h), [{ worker: w1, execId: 0, cores: 3 }]);
});

test("an application waits while nothing fits and gets executors once cores free up", () => {
  const h = startMaster();
  const w1 = registerWorker(h, 1, 2);
  const first = registerApp(h, 1);
  assert.equal(launches(h).length, 2);
  const second = registerApp(h, 2, { maxCores: 2 });
  assert.deepEqual(launches(h), []);
  const states = () => Object.fromEntries((masterStateJson(h.master, START).activeapps as { id: string; state: string }[]).map((a) => [a.id, a.state]));
  assert.deepEqual(states(), { [first]: "RUNNING", [second]: "WAITING" });
  assert.ok(h.log.lines.every((l) => !l.includes("requires more resource")), "the queue is not a hang while another app holds the cores");

  h.master.receive({ type: "UnregisterApplication", appId: first }, call(101));
  assert.deepEqual(launches(h).map((l) => l.worker), [w1, w1]);
  assert.equal(states()[second], "RUNNING");
  // A worker joining serves the queue too, first come first served: a third app waits, then lands on it.
  registerApp(h, 3);
  assert.deepEqual(launches(h), []);
  const w2 = registerWorker(h, 2, 1);
  assert.deepEqual(launches(h), [{ worker: w2, execId: 0, cores: 1 }]);
});

test("an application larger than any worker is warned about", () => {
  const h = startMaster();
  registerWorker(h, 1, 2, 512);
  const appId = registerApp(h, 1, { memoryPerExecutorMB: 1024 });
  assert.ok(h.log.lines.includes(`WARN App ${appId} requires more resource than any of Workers could have.`), h.log.lines.join("\n"));
});

test("executor states reach the driver; a failed executor is replaced; 10 failures in a row remove the application", () => {
  const h = startMaster();
  const w1 = registerWorker(h, 1, 1);
  const appId = registerApp(h, 1);
  assert.deepEqual(launches(h), [{ worker: w1, execId: 0, cores: 1 }]);
  h.master.receive({ type: "ExecutorStateChanged", appId, execId: 0, state: "RUNNING", message: null, exitStatus: null }, call(1));
  assert.deepEqual(h.env.take("ExecutorUpdated", "127.0.0.1:40001"), [{ type: "ExecutorUpdated", execId: 0, state: "RUNNING", message: null, exitStatus: null, workerHost: null }]);

  for (let execId = 0; execId < 10; execId++) {
    h.master.receive({ type: "ExecutorStateChanged", appId, execId, state: "EXITED", message: "Command exited with code 1", exitStatus: 1 }, call(1));
    const updated = h.env.take("ExecutorUpdated", "127.0.0.1:40001");
    assert.deepEqual(updated.map((u) => [u.execId, u.state, u.exitStatus]), [[execId, "EXITED", 1]]);
    if (execId < 9) assert.deepEqual(launches(h), [{ worker: w1, execId: execId + 1, cores: 1 }], `executor ${execId} is replaced`);
  }
  assert.deepEqual(h.env.take("ApplicationRemoved", "127.0.0.1:40001"), [{ type: "ApplicationRemoved", message: "FAILED" }]);
  assert.deepEqual(h.env.take("ApplicationFinished", w1), [{ type: "ApplicationFinished", appId }]);
  assert.deepEqual(launches(h), []);
  assert.ok(h.log.lines.includes(`ERROR Application app1 with ID ${appId} failed 10 times; removing it`));
});

test("an executor that exits 0 is replaced without counting as a failure; RUNNING resets the count", () => {
  const h = startMaster({ "spark.deploy.maxExecutorRetries": "1" });
  registerWorker(h, 1, 1);
  const appId = registerApp(h, 1);
  h.master.receive({ type: "ExecutorStateChanged", appId, execId: 0, state: "EXITED", message: null, exitStatus: 0 }, call(1));
  assert.equal(launches(h).length, 2, "launched, then replaced");
  h.master.receive({ type: "ExecutorStateChanged", appId, execId: 1, state: "FAILED", message: "boom", exitStatus: null }, call(1));
  assert.deepEqual(h.env.take("ApplicationRemoved", "127.0.0.1:40001"), [{ type: "ApplicationRemoved", message: "FAILED" }]);
});

test("a worker silent for spark.worker.timeout is removed: its executors are LOST to the driver and placed elsewhere", () => {
  const h = startMaster({ "spark.worker.timeout": "4" });
  const [w1, w2] = [registerWorker(h, 1, 1), registerWorker(h, 2, 1)];
  const appId = registerApp(h, 1, { maxCores: 1 });
  const [first] = launches(h);
  const [lost, other] = first!.worker === w1 ? [1, 2] : [2, 1];
  // The other worker keeps heartbeating; the lost one goes silent.
  for (let t = 1; t <= 4; t++) {
    h.clock.advance(1000);
    h.master.receive({ type: "Heartbeat", workerId: `worker-${other}` }, call(other));
    mock.timers.tick(1000);
  }
  assert.deepEqual(h.env.take("ExecutorUpdated", "127.0.0.1:40001"), []);
  h.clock.advance(1000);
  mock.timers.tick(4000);
  assert.deepEqual(h.env.take("ExecutorUpdated", "127.0.0.1:40001"), [{ type: "ExecutorUpdated", execId: 0, state: "LOST", message: "worker lost", exitStatus: null, workerHost: "127.0.0.1" }]);
  assert.deepEqual(launches(h), [{ worker: other === 1 ? w1 : w2, execId: 1, cores: 1 }]);
  assert.ok(h.log.lines.includes(`WARN Removing worker-${lost} because we got no heartbeat in 4 seconds`), h.log.lines.join("\n"));
  const json = masterStateJson(h.master, h.clock.getTimeMillis());
  assert.deepEqual((json.workers as { id: string; state: string }[]).map((w) => [w.id, w.state]).sort(), [[`worker-${lost}`, "DEAD"], [`worker-${other}`, "ALIVE"]].sort());
  assert.equal(json.aliveworkers, 1);
  assert.equal(appId, (json.activeapps as { id: string }[])[0]!.id);
  // Dead for spark.dead.worker.persistence more timeouts, it is forgotten.
  h.clock.advance(16 * 4000);
  h.master.receive({ type: "Heartbeat", workerId: `worker-${other}` }, call(other));
  mock.timers.tick(4000);
  assert.deepEqual(h.master.allWorkers.map((w) => w.id), [`worker-${other}`]);
});

test("a worker whose connection drops is removed at once, as Spark's master does on disassociation", () => {
  const h = startMaster();
  registerWorker(h, 1, 1);
  registerApp(h, 1);
  assert.equal(launches(h).length, 1);
  h.master.onDisconnected(1);
  assert.deepEqual(h.env.take("ExecutorUpdated", "127.0.0.1:40001").map((u) => u.state), ["LOST"]);
  assert.equal(h.master.allWorkers[0]!.state, "DEAD");
});

test("a removed worker that heartbeats is asked to reconnect; registered again, its replaced executors are killed", () => {
  const h = startMaster();
  const w1 = registerWorker(h, 1, 1);
  const appId = registerApp(h, 1);
  assert.equal(launches(h).length, 1);
  h.master.onDisconnected(1);
  h.master.receive({ type: "Heartbeat", workerId: "worker-1" }, call(11));
  assert.deepEqual(h.env.take("ReconnectWorker", w1), [{ type: "ReconnectWorker", masterUrl: "spark://127.0.0.1:7077" }]);
  h.master.receive({ type: "Heartbeat", workerId: "worker-never" }, call(12));
  assert.ok(h.log.lines.some((l) => l.includes("worker-never. This worker was never registered")));

  registerWorker(h, 1, 1);
  assert.equal(h.env.take("RegisteredWorker", w1).length, 2);
  const [relaunched] = launches(h);
  assert.deepEqual(relaunched, { worker: w1, execId: 1, cores: 1 });
  h.master.receive({ type: "WorkerLatestState", id: "worker-1", executors: [{ appId, execId: 0 }, { appId, execId: 1 }] }, call(1));
  assert.deepEqual(h.env.take("KillExecutor", w1), [{ type: "KillExecutor", appId, execId: 0 }]);
});

test("a driver that disconnects or unregisters finishes its application: executors killed, workers told", () => {
  const h = startMaster();
  const [w1, w2] = [registerWorker(h, 1, 2), registerWorker(h, 2, 2)];
  const first = registerApp(h, 1, { maxCores: 2 });
  const second = registerApp(h, 2, { maxCores: 2 });
  assert.equal(launches(h).length, 4);
  h.master.onDisconnected(101);
  const killed = h.env.sent.filter((s) => s.message.type === "KillExecutor").map((s) => [s.to, (s.message as { appId: string }).appId]);
  assert.deepEqual(killed.sort(), [[w1, first], [w2, first]]);
  assert.deepEqual([h.env.take("ApplicationFinished", w1), h.env.take("ApplicationFinished", w2)], [[{ type: "ApplicationFinished", appId: first }], [{ type: "ApplicationFinished", appId: first }]]);
  assert.deepEqual(h.env.take("ApplicationRemoved"), [], "a finished application is not told it was removed");
  h.master.receive({ type: "UnregisterApplication", appId: second }, call(102));
  assert.equal(h.env.take("ApplicationFinished", w1)[0]!.appId, second);
  assert.deepEqual(h.master.finishedApps.map((a) => [a.id, a.state]), [[first, "FINISHED"], [second, "FINISHED"]]);
  assert.deepEqual(h.master.activeApps, []);
  // The freed cores are free: a new application gets all four.
  registerApp(h, 3);
  assert.equal(launches(h).length, 4);
});

test("malformed registrations are refused with a reason instead of reaching the scheduler", () => {
  const h = startMaster();
  registerWorker(h, 1, 2);
  const driver = { host: "127.0.0.1", port: 40009 };
  h.master.receive({ type: "RegisterApplication", appDesc: { ...appDesc(), memoryPerExecutorMB: -5 }, driver }, call(109));
  assert.deepEqual(h.env.take("ApplicationRemoved", "127.0.0.1:40009"), [{ type: "ApplicationRemoved", message: "Application refused by the master: appDesc.memoryPerExecutorMB must be an integer >= 1, got -5" }]);
  h.master.receive({ type: "RegisterApplication", appDesc: { ...appDesc(), conf: { a: 1 } } as unknown as ApplicationDescription, driver }, call(109));
  assert.match(h.env.take("ApplicationRemoved")[0]!.message, /appDesc.conf is not an object of string values/);
  h.master.receive({ type: "RegisterWorker", id: "w", host: "127.0.0.1", port: 9005, cores: 0, memoryMB: 10, webUiUrl: "", workDir: "" }, call(5));
  assert.deepEqual(h.env.take("RegisteredWorker", "127.0.0.1:9005"), []);
  h.master.receive({ type: "ExecutorStateChanged", appId: "nope", execId: 3, state: "RUNNING", message: null, exitStatus: null }, call(1));
  assert.ok(h.log.lines.includes("WARN Got status update for unknown executor nope/3"));
  assert.deepEqual(launches(h), []);
  assert.equal(h.master.activeApps.length, 0);
});

test("a master restarted on its FILESYSTEM recovery directory gets its workers, applications and executors back", () => {
  const dir = mkdtempSync(join(tmpdir(), "kindling-recovery-"));
  try {
    const settings = { "spark.deploy.recoveryMode": "FILESYSTEM", "spark.worker.timeout": "10" };
    const before = startMaster(settings, new FileSystemPersistenceEngine(dir));
    const [w1, w2, w3] = [registerWorker(before, 1, 2), registerWorker(before, 2, 2), registerWorker(before, 3, 2)];
    const appId = registerApp(before, 1, { maxCores: 2 });
    const placed = launches(before);
    const gone = registerApp(before, 2, { maxCores: 1 });
    before.master.stop();

    const after = startMaster(settings, new FileSystemPersistenceEngine(dir), new ManualClock(START + 60_000));
    assert.equal(after.master.recoveryState, "RECOVERING");
    for (const to of [w1, w2, w3, "127.0.0.1:40001", "127.0.0.1:40002"]) {
      assert.deepEqual(after.env.take("MasterChanged", to), [{ type: "MasterChanged", masterUrl: "spark://127.0.0.1:7077", masterAddress: MASTER }], to);
    }
    // Workers 1 and 2 and driver 1 answer; worker 3 and driver 2 do not.
    for (const n of [1, 2]) {
      const mine = placed.filter((p) => p.worker === `127.0.0.1:${9000 + n}`).map((p) => ({ appId, execId: p.execId, cores: p.cores, memoryMB: 256 }));
      after.master.receive({ type: "WorkerSchedulerStateResponse", id: `worker-${n}`, executors: [...mine, { appId: "app-unknown", execId: 0, cores: 1, memoryMB: 1 }] }, call(20 + n));
    }
    after.master.receive({ type: "MasterChangeAcknowledged", appId }, call(201));
    assert.equal(after.master.recoveryState, "RECOVERING", "still waiting for worker 3 and the second driver");
    assert.deepEqual(launches(after), [], "nothing is placed while recovering");

    mock.timers.tick(10_000);
    assert.equal(after.master.recoveryState, "ALIVE");
    assert.deepEqual(after.master.allWorkers.map((w) => [w.id, w.state]), [["worker-1", "ALIVE"], ["worker-2", "ALIVE"], ["worker-3", "DEAD"]]);
    assert.deepEqual(after.master.activeApps.map((a) => [a.id, a.state, a.coresGranted]), [[appId, "RUNNING", 2]]);
    assert.deepEqual(after.master.finishedApps.map((a) => a.id), [gone]);
    assert.deepEqual(launches(after), [], "the recovered executors are not placed again");
    // New ids continue after the recovered ones.
    assert.equal(registerApp(after, 3, { maxCores: 1 }), "app-20240501123145-0002");
    const [next] = launches(after);
    assert.ok(next && next.execId === 0);
    // The recovered executors are the app's own: its end kills them.
    after.master.onDisconnected(201);
    assert.deepEqual(after.env.take("KillExecutor").filter((k) => k.appId === appId).map((k) => k.execId).sort(), placed.map((p) => p.execId).sort());

    // What a third master reads back is only what is still registered.
    after.master.stop();
    const third = startMaster(settings, new FileSystemPersistenceEngine(dir));
    assert.deepEqual(third.env.take("MasterChanged").length, 3, "two workers and the third application");
    third.master.stop();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("recovery completes as soon as every worker and driver has answered", () => {
  const dir = mkdtempSync(join(tmpdir(), "kindling-recovery-"));
  try {
    const settings = { "spark.deploy.recoveryMode": "FILESYSTEM" };
    const before = startMaster(settings, new FileSystemPersistenceEngine(dir));
    registerWorker(before, 1, 1);
    const appId = registerApp(before, 1, { maxCores: 1 });
    before.master.stop();
    const after = startMaster(settings, new FileSystemPersistenceEngine(dir));
    after.master.receive({ type: "MasterChangeAcknowledged", appId }, call(201));
    assert.equal(after.master.recoveryState, "RECOVERING");
    after.master.receive({ type: "WorkerSchedulerStateResponse", id: "worker-1", executors: [] }, call(21));
    assert.equal(after.master.recoveryState, "ALIVE");
    assert.ok(after.log.lines.includes("INFO Recovery complete - resuming operations!"));
    // The app lost its executor while the master was down (the worker reports none): it gets a new one.
    assert.deepEqual(launches(after), [{ worker: "127.0.0.1:9001", execId: 0, cores: 1 }]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
