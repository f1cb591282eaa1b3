import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { functions as F, MemoryStream, SparkSession } from "../../../src/index.js";
import { AddData, CheckLastBatch, StartStream, StopStream, testStream } from "../../streaming/StreamTest.js";
import { EventRecorder, type EventOf } from "./EventRecorder.js";
import { executorPids } from "./Processes.js";

let spark: SparkSession;
before(() => {
  spark = SparkSession.builder().master("local-cluster[2,1,512]").appName("ClusterStreaming")
    .config("spark.executor.memory", "512m").config("spark.sql.shuffle.partitions", 3).getOrCreate();
});
const dirs: string[] = [];
after(async () => {
  await spark.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** Structured Streaming with its stateful operators run by executor processes. */
describe("streaming on local-cluster[2,1,512]", () => {
  it("a streaming count keeps its state across batches and a restart, its tasks on executor processes", async () => {
    const input = new MemoryStream(spark, "value INT");
    await testStream(input.toDF().groupBy(F.col("value").mod(3).alias("k")).count(), "update",
      AddData(input, 1, 2, 3, 4),
      CheckLastBatch({ k: 1, count: 2n }, { k: 2, count: 1n }, { k: 0, count: 1n }),
      AddData(input, 5, 6),
      CheckLastBatch({ k: 2, count: 2n }, { k: 0, count: 2n }),
      StopStream,
      StartStream(),
      AddData(input, 7),
      CheckLastBatch({ k: 1, count: 3n }),
    );
  });

  it("a file sink keeps exactly-once output while an executor is SIGKILLed mid-batch", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kindling-cluster-sink-"));
    dirs.push(dir);
    const bus = new EventRecorder(spark.sparkContext);
    const input = new MemoryStream(spark, "id LONG");
    const query = input.toDF().repartition(4).select(F.col("id"), F.col("id").multiply(2).alias("twice"))
      .writeStream.format("parquet").option("checkpointLocation", join(dir, "checkpoint")).start(join(dir, "out"));
    const batch = (from: number): bigint[] => Array.from({ length: 20_000 }, (_, i) => BigInt(from + i));
    try {
      input.addData(...batch(0));
      await query.processAllAvailable();
      // The first task writing the next batch's files takes its executor down with it.
      const start = bus.events.length;
      const executors = executorPids(process.pid);
      const killed = bus.next("SparkListenerJobStart", (e) => bus.events.indexOf(e) >= start)
        .then((job) => bus.next("SparkListenerTaskStart", (e) => e.stageId === Math.max(...job.stageInfos.map((s) => s.stageId))))
        .then((e) => {
          process.kill(executors.get(e.taskInfo.executorId)!, "SIGKILL");
          return e.taskInfo.executorId;
        });
      input.addData(...batch(20_000));
      await query.processAllAvailable();
      const victim = await killed;
      await bus.next("SparkListenerExecutorRemoved", (e) => e.executorId === victim);
      const failures = bus.events.slice(start).filter((e) => e.event === "SparkListenerTaskEnd").map((e) => (e as EventOf<"SparkListenerTaskEnd">).reason.kind);
      assert.ok(failures.some((k) => k === "ExecutorLostFailure" || k === "FetchFailed"), `the kill hit the batch's tasks: ${failures.join(", ")}`);
      input.addData(...batch(40_000));
      await query.processAllAvailable();
    } finally {
      await query.stop();
    }
    const rows = await spark.read.parquet(join(dir, "out")).orderBy("id").collect();
    assert.equal(rows.length, 60_000, "every row once: none lost, none written twice");
    assert.ok(rows.every((r, i) => r.id === BigInt(i) && r.twice === BigInt(2 * i)));
  });
});
