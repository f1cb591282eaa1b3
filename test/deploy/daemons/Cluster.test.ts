import { after, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import {
  DaemonProcess, TestDriver, fakeExecutorPid, freshDir, isAlive, masterJson, processGone, startMaster, startWorker,
  type StartedWorker,
} from "./ClusterHarness.js";
import { appDesc } from "./fakes.js";

/**
 * The daemons as real processes: a master and workers started through DaemonMain.js, executors that are real
 * (stand-in) processes, and a test driver that registers applications over RPC. Every wait is on a message,
 * a printed line or a process; every child is killed in `after`.
 */

const drivers: TestDriver[] = [];
after(async () => {
  await Promise.all(drivers.splice(0).map((d) => d.stop()));
  await DaemonProcess.killAll();
});

async function newDriver(secret?: string): Promise<TestDriver> {
  const driver = await TestDriver.start(secret);
  drivers.push(driver);
  return driver;
}

function workerWithId(workers: readonly StartedWorker[], workerId: string): StartedWorker {
  const worker = workers.find((w) => workerId.endsWith(`-${w.url.slice("spark://".length).replace(":", "-")}`));
  assert.ok(worker, `no worker started here has id ${workerId}`);
  return worker;
}

test("executors are spread over the workers by default, and packed with spark.deploy.spreadOut=false", { timeout: 120_000 }, async () => {
  for (const [spreadOut, expectedWorkers] of [["true", 2], ["false", 1]] as const) {
    const master = await startMaster({ conf: { "spark.deploy.spreadOut": spreadOut } });
    const workers = [await startWorker(master.url, { cores: 2 }), await startWorker(master.url, { cores: 2 })];
    const driver = await newDriver();
    const appId = await driver.register(master.address, { maxCores: 2, coresPerExecutor: 1, memoryPerExecutorMB: 256 });
    assert.match(appId, /^app-\d{14}-0000$/);
    const added = [await driver.next("ExecutorAdded"), await driver.next("ExecutorAdded")];
    assert.equal(new Set(added.map((a) => a.workerId)).size, expectedWorkers, `spreadOut=${spreadOut}`);
    for (const a of added) {
      assert.equal((await driver.next("ExecutorUpdated", (u) => u.execId === a.execId)).state, "RUNNING");
      // The worker really started it, with the plan's command line, output under its work dir.
      const worker = workerWithId(workers, a.workerId);
      await fakeExecutorPid(worker.workDir, appId, a.execId);
      const stdout = readFileSync(join(worker.workDir, appId, String(a.execId), "stdout"), "utf8");
      assert.match(stdout, new RegExp(`^fake executor ${appId}/${a.execId} pid \\d+ cores 1 memory 256 driver 127\\.0\\.0\\.1:${driver.env.address.port} worker ${worker.url.slice(8)}`));
    }
    const json = await masterJson(master);
    assert.deepEqual([json.url, json.status, json.aliveworkers], [master.url, "ALIVE", 2]);
    assert.deepEqual(json.activeapps.map((a) => [a.id, a.state, a.cores]), [[appId, "RUNNING", 2]]);
    assert.deepEqual(json.workers.map((w) => w.coresused).sort(), spreadOut === "true" ? [1, 1] : [0, 2]);
    await DaemonProcess.killAll();
  }
});

test("an application waits while the cluster is full and gets executors when another finishes; a finished app's executors are killed", { timeout: 120_000 }, async () => {
  const master = await startMaster();
  const workers = [await startWorker(master.url, { cores: 1 }), await startWorker(master.url, { cores: 1 })];
  const first = await newDriver();
  const firstId = await first.register(master.address);
  const placed = [await first.next("ExecutorAdded"), await first.next("ExecutorAdded")];
  for (const a of placed) await first.next("ExecutorUpdated", (u) => u.execId === a.execId && u.state === "RUNNING");
  const pids = await Promise.all(placed.map((a) => fakeExecutorPid(workerWithId(workers, a.workerId).workDir, firstId, a.execId)));

  const second = await newDriver();
  const secondId = await second.register(master.address, { maxCores: 2 });
  const queued = await masterJson(master);
  assert.deepEqual(queued.activeapps.map((a) => [a.id, a.state, a.cores]), [[firstId, "RUNNING", 2], [secondId, "WAITING", 0]]);

  // The first driver goes away: the master finishes its app, the workers kill its executors.
  await first.stop();
  const nowPlaced = [await second.next("ExecutorAdded"), await second.next("ExecutorAdded")];
  assert.equal(new Set(nowPlaced.map((a) => a.workerId)).size, 2);
  for (const w of workers) await w.process.waitFor("stderr", new RegExp(`Executor ${firstId}/\\d finished with state KILLED`));
  await Promise.all(pids.map(processGone));
  const json = await masterJson(master);
  assert.deepEqual(json.completedapps.map((a) => [a.id, a.state]), [[firstId, "FINISHED"]]);
  assert.deepEqual(json.activeapps.map((a) => [a.id, a.state]), [[secondId, "RUNNING"]]);

  // UnregisterApplication ends an application the same way.
  for (const a of nowPlaced) await second.next("ExecutorUpdated", (u) => u.execId === a.execId && u.state === "RUNNING");
  const secondPids = await Promise.all(nowPlaced.map((a) => fakeExecutorPid(workerWithId(workers, a.workerId).workDir, secondId, a.execId)));
  second.unregister();
  await Promise.all(secondPids.map(processGone));
  assert.deepEqual((await masterJson(master)).activeapps, []);
});

test("a SIGKILLed worker's executors are reported LOST and replaced on another worker; its executor processes die with it", { timeout: 120_000 }, async () => {
  const conf = { "spark.worker.timeout": "2" };
  const master = await startMaster({ conf });
  const workers = [await startWorker(master.url, { conf }), await startWorker(master.url, { conf })];
  const driver = await newDriver();
  const appId = await driver.register(master.address, { maxCores: 1 });
  const first = await driver.next("ExecutorAdded");
  await driver.next("ExecutorUpdated", (u) => u.execId === first.execId && u.state === "RUNNING");
  const doomed = workerWithId(workers, first.workerId);
  const orphan = await fakeExecutorPid(doomed.workDir, appId, first.execId);

  await doomed.process.kill("SIGKILL");
  assert.deepEqual(await driver.next("ExecutorUpdated", (u) => u.execId === first.execId && u.state !== "RUNNING"), {
    type: "ExecutorUpdated", execId: first.execId, state: "LOST", message: "worker lost", exitStatus: null, workerHost: "127.0.0.1",
  });
  const replacement = await driver.next("ExecutorAdded");
  assert.notEqual(replacement.workerId, first.workerId);
  assert.equal(replacement.execId, first.execId + 1);
  await driver.next("ExecutorUpdated", (u) => u.execId === replacement.execId && u.state === "RUNNING");
  await processGone(orphan);
  const json = await masterJson(master);
  assert.deepEqual(json.workers.map((w) => w.state).sort(), ["ALIVE", "DEAD"]);
});

test("a worker silent for spark.worker.timeout is removed and its executors replaced; back, it re-registers and its stale executors are killed", { timeout: 120_000 }, async () => {
  const conf = { "spark.worker.timeout": "2" };
  const master = await startMaster({ conf });
  const workers = [await startWorker(master.url, { conf }), await startWorker(master.url, { conf })];
  const driver = await newDriver();
  const appId = await driver.register(master.address, { maxCores: 1 });
  const first = await driver.next("ExecutorAdded");
  await driver.next("ExecutorUpdated", (u) => u.execId === first.execId && u.state === "RUNNING");
  const silent = workerWithId(workers, first.workerId);
  const stale = await fakeExecutorPid(silent.workDir, appId, first.execId);

  // A stopped process keeps its connections open but sends nothing: only missed heartbeats can tell.
  silent.process.child.kill("SIGSTOP");
  await master.process.waitFor("stderr", /because we got no heartbeat in 2 seconds/);
  assert.equal((await driver.next("ExecutorUpdated", (u) => u.execId === first.execId && u.state !== "RUNNING")).state, "LOST");
  const replacement = await driver.next("ExecutorAdded");
  assert.notEqual(replacement.workerId, first.workerId);
  assert.ok(isAlive(stale), "the silent worker's executor still runs");

  const seen = silent.process.stderr.length;
  silent.process.child.kill("SIGCONT");
  await silent.process.waitFor("stderr", /requested this worker to reconnect/, seen);
  await silent.process.waitFor("stderr", /Successfully registered with master/, seen);
  await processGone(stale);
  await silent.process.waitFor("stderr", new RegExp(`Executor ${appId}/${first.execId} finished with state KILLED`), seen);
  const json = await masterJson(master);
  assert.deepEqual(json.workers.filter((w) => w.state === "ALIVE").length, 2);
});

test("a worker given several masters registers with whichever of them is up", { timeout: 60_000 }, async () => {
  const master = await startMaster();
  const down = createServer();
  await new Promise<void>((resolve) => down.listen(0, "127.0.0.1", () => resolve()));
  const downPort = (down.address() as { port: number }).port;
  await new Promise<void>((resolve) => down.close(() => resolve()));
  const worker = await startWorker(`spark://127.0.0.1:${downPort},${master.url.slice("spark://".length)}`);
  await worker.process.waitFor("stderr", new RegExp(`Successfully registered with master ${master.url}$`));
  assert.deepEqual((await masterJson(master)).workers.map((w) => w.state), ["ALIVE"]);
});

test("SIGTERM stops a worker (it kills its executors) and SIGINT a master, each exiting 0", { timeout: 60_000 }, async () => {
  const master = await startMaster();
  const worker = await startWorker(master.url);
  const driver = await newDriver();
  const appId = await driver.register(master.address);
  const added = await driver.next("ExecutorAdded");
  await driver.next("ExecutorUpdated", (u) => u.execId === added.execId && u.state === "RUNNING");
  const pid = await fakeExecutorPid(worker.workDir, appId, added.execId);
  assert.deepEqual(await worker.process.kill("SIGTERM"), { code: 0, signal: null });
  assert.ok(!isAlive(pid));
  await master.process.waitFor("stderr", /got disassociated/);
  assert.deepEqual(await master.process.kill("SIGINT"), { code: 0, signal: null });
});

test("with spark.authenticate the daemons talk only to holders of the secret, and pass it to executors", { timeout: 60_000 }, async () => {
  const conf = { "spark.authenticate": "true", "spark.authenticate.secret": "s3cret" };
  const master = await startMaster({ conf });
  const worker = await startWorker(master.url, { conf });
  const stranger = await newDriver();
  const refused = stranger.env.endpointRef(master.address, "Master").ask({ type: "RegisterApplication", appDesc: appDesc({ driverUrl: stranger.env.address }), driver: stranger.env.address }, 10_000);
  await assert.rejects(refused, (e: Error) => e.name === "RpcConnectionException");
  assert.deepEqual((await masterJson(master)).activeapps, []);

  const driver = await newDriver("s3cret");
  const appId = await driver.register(master.address);
  const added = await driver.next("ExecutorAdded");
  await fakeExecutorPid(worker.workDir, appId, added.execId);
  assert.match(readFileSync(join(worker.workDir, appId, String(added.execId), "stdout"), "utf8"), / secret s3cret\n$/);
});

test("a master SIGKILLed and restarted with FILESYSTEM recovery gets its workers, application and executors back", { timeout: 120_000 }, async () => {
  const conf = { "spark.deploy.recoveryMode": "FILESYSTEM", "spark.deploy.recoveryDirectory": freshDir("recovery"), "spark.worker.timeout": "10" };
  const workDir = freshDir("master");
  const first = await startMaster({ conf, workDir });
  const workers = [await startWorker(first.url), await startWorker(first.url)];
  const driver = await newDriver();
  const appId = await driver.register(first.address, { maxCores: 2 });
  const placed = [await driver.next("ExecutorAdded"), await driver.next("ExecutorAdded")];
  for (const a of placed) await driver.next("ExecutorUpdated", (u) => u.execId === a.execId && u.state === "RUNNING");
  const pids = await Promise.all(placed.map((a) => fakeExecutorPid(workerWithId(workers, a.workerId).workDir, appId, a.execId)));

  await first.process.kill("SIGKILL");
  for (const w of workers) await w.process.waitFor("stderr", /Connection to master failed! Waiting for master to reconnect/);
  const restarted = await startMaster({ conf, workDir, port: first.address.port });
  await restarted.process.waitFor("stderr", /Recovery complete - resuming operations!/);
  await driver.next("MasterChanged");
  for (const w of workers) await w.process.waitFor("stderr", /Master has changed, new master is at/);
  const json = await masterJson(restarted);
  assert.deepEqual(json.workers.map((w) => [w.state, w.coresused]), [["ALIVE", 1], ["ALIVE", 1]]);
  assert.deepEqual(json.activeapps.map((a) => [a.id, a.state, a.cores]), [[appId, "RUNNING", 2]]);
  assert.ok(pids.every(isAlive), "the executors ran on through the master's restart");

  // The restarted master knows the executors: ending the application kills them.
  driver.unregister();
  await Promise.all(pids.map(processGone));
  const log = readFileSync(join(workDir, `master-127.0.0.1-${first.address.port}.log`), "utf8");
  assert.match(log, /I have been elected leader! New state: ALIVE[\s\S]*I have been elected leader! New state: RECOVERING/);
});
