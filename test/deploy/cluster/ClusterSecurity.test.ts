import { afterEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import { connect } from "node:net";
import { randomBytes } from "node:crypto";
import { serialize } from "node:v8";
import type { RpcAddress } from "../../../src/rpc/Messages.js";
import type { MapStatus } from "../../../src/core/scheduler/MapStatus.js";
import { SparkSession, type SparkContext } from "../../../src/index.js";
import { RpcEnv } from "../../../src/rpc/RpcEnv.js";
import { rawFrame } from "../../rpc/harness.js";
import { EventRecorder } from "./EventRecorder.js";
import { executorPids, isAlive } from "./Processes.js";

const SECRET = "cluster-secret-0123456789";

function session(conf: Record<string, string> = {}): SparkSession {
  let builder = SparkSession.builder().master("local-cluster[2,1,512]").appName("ClusterSecurity").config("spark.executor.memory", "512m");
  for (const [k, v] of Object.entries(conf)) builder = builder.config(k, v);
  return builder.getOrCreate();
}

/** Runs a shuffle and returns where its map outputs are: the executors' block services. */
async function shuffleOutputs(sc: SparkContext): Promise<MapStatus[]> {
  const pairs = sc.parallelize(Array.from({ length: 100 }, (_, i) => [i % 10, i] as [number, number]), 2).reduceByKey((a: number, b: number) => a + b, undefined, 2);
  assert.equal((await pairs.collect()).length, 10);
  const statuses = sc.env.mapOutputTracker.getStatuses(0) as MapStatus[];
  assert.equal(new Set(statuses.map((s) => s.location.executorId)).size, 2, "map outputs on both executors");
  return statuses;
}

function driverAddress(sc: SparkContext): RpcAddress {
  return { host: sc.conf.get("spark.driver.host"), port: Number(sc.conf.get("spark.driver.port")) };
}

function fetchBlocks(status: MapStatus, shuffleDir = status.location.shuffleDir) {
  return { type: "FetchShuffleBlocks", shuffleId: 0, mapId: status.mapId, startPartition: 0, endPartition: 2, shuffleDir } as const;
}

/** Writes `frames` on a fresh connection and resolves once the peer has closed it (or after `graceMs`). */
function blast(address: RpcAddress, frames: Buffer[]): Promise<void> {
  return new Promise((resolve) => {
    const socket = connect(address.port, address.host, () => {
      for (const f of frames) socket.write(f);
      socket.end();
    });
    socket.on("error", () => resolve());
    socket.on("close", () => resolve());
    socket.resume();
  });
}

describe("cluster security", () => {
  let spark: SparkSession | undefined;
  afterEach(async () => {
    await spark?.stop();
    spark = undefined;
  });

  it("with spark.authenticate, the driver's and every executor's port refuse a peer without the secret", async () => {
    spark = session({ "spark.authenticate": "true", "spark.authenticate.secret": SECRET });
    const sc = spark.sparkContext;
    const statuses = await shuffleOutputs(sc);
    const stranger = RpcEnv.client({ name: "stranger", host: "127.0.0.1" });
    const insider = RpcEnv.client({ name: "insider", host: "127.0.0.1", secret: SECRET });
    try {
      await assert.rejects(stranger.endpointRef(driverAddress(sc), "CoarseGrainedScheduler").ask({ type: "RetrieveSparkAppConfig" }, 5000), /RpcConnectionException|authenticat|closed/i);
      for (const status of statuses) {
        await assert.rejects(stranger.endpointRef(status.location, "Executor").ask(fetchBlocks(status), 5000), /RpcConnectionException|authenticat|closed/i);
        // The same question with the secret is answered: it was the secret that was missing.
        const bytes = await insider.endpointRef(status.location, "Executor").ask<Uint8Array>(fetchBlocks(status), 5000);
        assert.ok(bytes.length > 0);
      }
    } finally {
      await stranger.shutdown();
      await insider.shutdown();
    }
    assert.equal((await sc.parallelize([1, 2, 3], 3).map((x: number) => x * x).collect()).join(), "1,4,9");
  });

  it("forged messages and garbage frames at the driver and the executors while a job runs change nothing", async () => {
    spark = session();
    const sc = spark.sparkContext;
    const bus = new EventRecorder(sc);
    const statuses = await shuffleOutputs(sc);
    const executors = executorPids(process.pid);
    const stranger = RpcEnv.client({ name: "stranger", host: "127.0.0.1" });
    try {
      // Reading another directory through an executor's block service is refused.
      await assert.rejects(stranger.endpointRef(statuses[0]!.location, "Executor").ask(fetchBlocks(statuses[0]!, "/etc"), 5000), /keeps its shuffle files in .*, not \/etc/);

      const start = bus.events.length;
      const job = sc.parallelize(Array.from({ length: 8 }, (_, i) => i), 4).map((x: number) => {
        const until = Date.now() + 150;
        while (Date.now() < until);
        return x * 3;
      }).collect();
      const running = await bus.next("SparkListenerTaskStart", (e) => bus.events.indexOf(e) >= start);
      const driver = stranger.endpointRef(driverAddress(sc), "CoarseGrainedScheduler");
      // A task end claimed for a running task by someone who is not its executor.
      driver.send({ type: "StatusUpdate", executorId: running.taskInfo.executorId, taskId: running.taskInfo.taskId,
        outcome: { state: "FAILED", reason: { kind: "ExceptionFailure", className: "Forged", description: "forged", stackTrace: "Forged" }, accumUpdates: [] } });
      driver.send({ type: "UpdateBlockInfo", executorId: running.taskInfo.executorId, blockId: "rdd_999_0", stored: true });
      for (const status of statuses) {
        const executor = stranger.endpointRef(status.location, "Executor");
        executor.send({ type: "LaunchTask", task: new Uint8Array(serialize({ not: "a task" })) });
        executor.send({ type: "LaunchTask", task: randomBytes(64) });
      }
      const garbage = (): Buffer[] => Array.from({ length: 20 }, (_, i) =>
        i % 3 === 0 ? randomBytes(1 + (i * 7) % 50) : i % 3 === 1 ? rawFrame(randomBytes(10 + i)) : rawFrame(serialize({ endpoint: "Executor", id: null, replyTo: null, message: { type: "LaunchTask", task: i } })).subarray(0, 5 + i));
      const targets = [driverAddress(sc), ...statuses.map((s) => s.location)];
      await Promise.all(Array.from({ length: 200 }, (_, i) => blast(targets[i % targets.length]!, garbage())));

      assert.deepEqual(await job, [0, 3, 6, 9, 12, 15, 18, 21]);
      await bus.drained();
      const ends = bus.events.slice(start).filter((e) => e.event === "SparkListenerTaskEnd") as { reason: { kind: string } }[];
      assert.deepEqual(ends.map((e) => e.reason.kind), Array(4).fill("Success"), "the forged task end was ignored");
      assert.deepEqual(sc.env.blockManagerMaster.getLocations("rdd_999_0"), []);
      assert.ok([...executors.values()].every(isAlive), "no executor died of what it was sent");
      assert.equal(bus.of("SparkListenerExecutorRemoved").length, 0);
    } finally {
      await stranger.shutdown();
    }
  });
});
