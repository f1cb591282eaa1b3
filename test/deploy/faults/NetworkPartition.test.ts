import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { after, test } from "node:test";
import { DAEMON_MAIN, DaemonProcess, FAKE_EXECUTOR, TestDriver, freshDir, masterJson, type StartedMaster } from "../daemons/ClusterHarness.js";
import { parseSparkURL } from "../../../src/rpc/RpcAddress.js";

/**
 * A network cut between a worker and its master, on this machine: the worker runs in a network namespace the
 * test makes, joined to the master's by a veth pair; the test takes the link down and up again. The master must
 * notice the silent worker (spark.worker.timeout), and the cluster must recover when the link heals: the worker
 * registers again and takes executors. Needs root (ip netns); without it the test says so and is skipped.
 */

const id = process.pid % 200;
const NS = `kt-ns-${process.pid}`;
const HOST_IF = `ktv${process.pid}a`.slice(0, 15);
const NS_IF = `ktv${process.pid}b`.slice(0, 15);
const MASTER_IP = `10.231.${id}.1`;
const WORKER_IP = `10.231.${id}.2`;

function ip(...args: string[]): void {
  execFileSync("ip", args, { stdio: "pipe" });
}

function netnsAvailable(): string | undefined {
  try {
    ip("netns", "add", NS);
    return undefined;
  } catch (e) {
    return `ip netns is not available here (${(e as Error).message.split("\n")[0]})`;
  }
}

const unavailable = netnsAvailable();
const drivers: TestDriver[] = [];

after(async () => {
  await Promise.all(drivers.map((d) => d.stop()));
  await DaemonProcess.killAll();
  if (unavailable) return;
  for (const args of [["link", "del", HOST_IF], ["netns", "del", NS]]) {
    try {
      ip(...args);
    } catch {
      // Already gone.
    }
  }
});

/** Polls the master's /json (no event to wait on across a network cut) until `ok`, failing after a deadline. */
async function untilMaster(master: StartedMaster, what: string, ok: (json: Awaited<ReturnType<typeof masterJson>>) => boolean): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const json = await masterJson(master);
    if (ok(json)) return;
    if (Date.now() > deadline) throw new Error(`the master never showed ${what}: ${JSON.stringify(json.workers)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

test("a worker cut off from its master is dropped, and comes back when the network heals", { skip: unavailable, timeout: 180_000 }, async () => {
  ip("link", "add", HOST_IF, "type", "veth", "peer", "name", NS_IF);
  ip("link", "set", NS_IF, "netns", NS);
  ip("addr", "add", `${MASTER_IP}/24`, "dev", HOST_IF);
  ip("link", "set", HOST_IF, "up");
  ip("netns", "exec", NS, "ip", "addr", "add", `${WORKER_IP}/24`, "dev", NS_IF);
  ip("netns", "exec", NS, "ip", "link", "set", NS_IF, "up");
  ip("netns", "exec", NS, "ip", "link", "set", "lo", "up");

  const timeout = ["--conf", "spark.worker.timeout=2"];
  const masterProcess = DaemonProcess.start("master", DAEMON_MAIN, ["master", "--host", MASTER_IP, "--port", "0", "--webui-port", "0", "--work-dir", freshDir("netns-master"), ...timeout]);
  const [, url] = (await masterProcess.waitFor("stdout", /^Master started at (spark:\/\/\S+)$/)) as unknown as [string, string];
  const [, webUiUrl] = (await masterProcess.waitFor("stderr", /Master web UI at (http:\S+)$/)) as unknown as [string, string];
  const master: StartedMaster = { process: masterProcess, url, address: parseSparkURL(url)[0]!, webUiUrl };

  const worker = DaemonProcess.command("worker", "ip", [
    "netns", "exec", NS, process.execPath, DAEMON_MAIN, "worker", url, "--host", WORKER_IP, "--cores", "1", "--memory", "512m",
    "--work-dir", freshDir("netns-worker"), "--webui-port", "0", ...timeout,
  ], { KINDLING_EXECUTOR_ENTRY: FAKE_EXECUTOR });
  await worker.waitFor("stderr", /Successfully registered with master/);
  await untilMaster(master, "the worker alive", (j) => j.workers.some((w) => w.host === WORKER_IP && w.state === "ALIVE"));

  ip("link", "set", HOST_IF, "down");
  await untilMaster(master, "the cut-off worker gone", (j) => !j.workers.some((w) => w.host === WORKER_IP && w.state === "ALIVE"));

  const registered = worker.stderr.length;
  ip("link", "set", HOST_IF, "up");
  await untilMaster(master, "the worker back after the network healed", (j) => j.workers.some((w) => w.host === WORKER_IP && w.state === "ALIVE"));
  await worker.waitFor("stderr", /registered with master/i, registered);

  // The healed cluster runs an application on that worker.
  const driver = await TestDriver.start();
  drivers.push(driver);
  await driver.register(master.address, { maxCores: 1, coresPerExecutor: 1, memoryPerExecutorMB: 256 });
  const added = await driver.next("ExecutorAdded");
  assert.equal(added.host, WORKER_IP);
});
