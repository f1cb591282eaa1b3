import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { functions as F, SparkSession, StreamingQueryException, Trigger, type DataFrame, type StreamingQueryListener } from "../../src/index.js";
import { failGetBatch, lists } from "./ListSource.js";

let spark: SparkSession;
let nextStream = 0;

before(() => {
  spark = SparkSession.builder().master("local[2]").appName("MicroBatchExecutionTest").config("spark.sql.shuffle.partitions", 2).getOrCreate();
});
after(async () => {
  await spark.stop();
});

function newStream(values: number[] = []): { name: string; df: DataFrame; add: (...v: number[]) => void } {
  const name = `s${nextStream++}`;
  lists.set(name, [...values]);
  return { name, df: spark.readStream.format("test-list").option("name", name).load(), add: (...v) => lists.get(name)!.push(...v) };
}

function checkpoint(): string {
  return mkdtempSync(join(tmpdir(), "kindling-mbe-"));
}

/** A foreachBatch sink that records each batch's sorted values by batch id. */
function collector(): { batches: Map<number, number[]>; fn: (df: DataFrame, id: number) => Promise<void> } {
  const batches = new Map<number, number[]>();
  return {
    batches,
    fn: async (df, id) => {
      batches.set(id, (await df.collect()).map((r) => r["value"] as number).sort((a, b) => a - b));
    },
  };
}

describe("MicroBatchExecution", () => {
  it("runs each new offset range as a batch, logging offsets before and commits after", async () => {
    const s = newStream([1, 2, 3]);
    const dir = checkpoint();
    const sink = collector();
    const q = s.df.writeStream.foreachBatch(sink.fn).option("checkpointLocation", dir).start();
    await q.processAllAvailable();
    s.add(4, 5);
    await q.processAllAvailable();
    await q.stop();
    assert.deepEqual([...sink.batches.entries()], [[0, [1, 2, 3]], [1, [4, 5]]]);
    assert.deepEqual(readdirSync(join(dir, "offsets")).sort(), ["0", "1"]);
    assert.deepEqual(readdirSync(join(dir, "commits")).sort(), ["0", "1"]);
    const [version, meta, offset] = readFileSync(join(dir, "offsets", "1"), "utf8").split("\n");
    assert.equal(version, "v1");
    assert.equal(JSON.parse(meta!).conf["spark.sql.shuffle.partitions"], "2");
    assert.equal(offset, "5");
    assert.equal(readFileSync(join(dir, "commits", "1"), "utf8"), 'v1\n{"nextBatchWatermarkMs":0}');
    assert.equal(JSON.parse(readFileSync(join(dir, "metadata"), "utf8")).id, q.id);
  });

  it("resumes after a restart where it stopped, with the same id and a new runId", async () => {
    const s = newStream([1, 2]);
    const dir = checkpoint();
    const sink = collector();
    const q1 = s.df.writeStream.foreachBatch(sink.fn).option("checkpointLocation", dir).start();
    await q1.processAllAvailable();
    await q1.stop();
    s.add(3);
    const q2 = s.df.writeStream.foreachBatch(sink.fn).option("checkpointLocation", dir).start();
    await q2.processAllAvailable();
    await q2.stop();
    assert.equal(q2.id, q1.id);
    assert.notEqual(q2.runId, q1.runId);
    assert.deepEqual([...sink.batches.entries()], [[0, [1, 2]], [1, [3]]]);
  });

  it("runs a logged batch without a commit again, with the same offsets and timestamp", async () => {
    const s = newStream([1, 2]);
    const dir = checkpoint();
    const stamps: unknown[] = [];
    let fail = true;
    const fn = async (df: DataFrame, id: number) => {
      const rows = await df.collect();
      stamps.push([id, String(rows[0]!["t"]), rows.length]);
      if (fail) throw new Error("sink down");
    };
    const query = s.df.withColumn("t", F.current_timestamp());
    const q1 = query.writeStream.foreachBatch(fn).option("checkpointLocation", dir).start();
    await assert.rejects(q1.awaitTermination(), (e: unknown) => e instanceof StreamingQueryException && /sink down/.test(String((e as Error).cause)));
    assert.ok(q1.exception() instanceof StreamingQueryException);
    assert.ok(existsSync(join(dir, "offsets", "0")) && !existsSync(join(dir, "commits", "0")));
    fail = false;
    s.add(3); // arrives after batch 0 was logged: not part of its rerun
    const q2 = query.writeStream.foreachBatch(fn).option("checkpointLocation", dir).start();
    await q2.processAllAvailable();
    await q2.stop();
    assert.deepEqual(stamps[0], stamps[1], "batch 0 reran with its logged rows and timestamp");
    assert.equal((stamps[2] as unknown[])[0], 1);
  });

  it("reports progress in Spark's shape, and to listeners", async () => {
    const s = newStream([1, 2, 3]);
    const events: [string, string][] = [];
    const listener: StreamingQueryListener = {
      onQueryStarted: (e) => events.push([e.runId, "started"]),
      onQueryProgress: (e) => events.push([e.progress.runId, `progress ${e.progress.batchId}`]),
      onQueryIdle: (e) => events.push([e.runId, "idle"]),
      onQueryTerminated: (e) => events.push([e.runId, `terminated ${e.exception}`]),
    };
    spark.streams.addListener(listener);
    const q = s.df.writeStream.format("foreachBatch").foreachBatch(async () => {}).queryName("progress_q").start();
    await q.processAllAvailable();
    const p = q.lastProgress!;
    assert.equal(p.batchId, 0);
    assert.equal(p.numInputRows, 3);
    assert.equal(p.name, "progress_q");
    assert.equal(p.sources[0]!.description, `ListSource[${s.name}]`);
    assert.equal(p.sources[0]!.endOffset, "3");
    for (const k of ["addBatch", "getBatch", "latestOffset", "queryPlanning", "triggerExecution", "walCommit", "commitOffsets"]) assert.ok(k in p.durationMs, k);
    const json = JSON.parse(p.json);
    assert.equal(json.numInputRows, 3);
    assert.equal(json.sources[0].endOffset, 3);
    assert.equal(json.sink.description, "ForeachBatchSink");
    assert.ok(p.prettyJson.includes('\n  "id"'));
    assert.equal(q.status.isTriggerActive, false);
    await q.stop();
    await spark.sparkContext.env.listenerBus.waitUntilEmpty();
    spark.streams.removeListener(listener);
    const mine = events.filter(([runId]) => runId === q.runId).map(([, e]) => e);
    assert.equal(mine[0], "started");
    assert.ok(mine.includes("progress 0"));
    assert.ok(mine.includes("idle"));
    assert.equal(mine[mine.length - 1], "terminated null");
  });

  it("Trigger.Once runs one batch and stops; AvailableNow runs what is there and stops", async () => {
    const s = newStream([1, 2]);
    const once = collector();
    const q1 = s.df.writeStream.trigger(Trigger.Once()).foreachBatch(once.fn).start();
    await q1.awaitTermination();
    assert.equal(q1.isActive, false);
    assert.deepEqual([...once.batches.values()], [[1, 2]]);
    const now = collector();
    const q2 = s.df.writeStream.trigger({ availableNow: true }).foreachBatch(now.fn).start();
    assert.equal(await q2.awaitTermination(10_000), true);
    assert.deepEqual([...now.batches.values()], [[1, 2]]);
  });

  it("ProcessingTime runs no batch without new data", async () => {
    const s = newStream([1]);
    const sink = collector();
    const q = s.df.writeStream.trigger(Trigger.ProcessingTime("50 milliseconds")).foreachBatch(sink.fn).start();
    await q.processAllAvailable();
    await q.processAllAvailable();
    await q.stop();
    assert.deepEqual([...sink.batches.keys()], [0]);
  });

  it("spark.streams knows active queries and who ended", async () => {
    const s = newStream([1]);
    const q = s.df.writeStream.queryName("managed").foreachBatch(async () => {}).start();
    assert.equal(spark.streams.get(q.id), q);
    assert.ok(spark.streams.active.includes(q));
    assert.throws(() => s.df.writeStream.queryName("managed").foreachBatch(async () => {}).start(), /Cannot start query with name managed as a query with that name is already active/);
    spark.streams.resetTerminated();
    assert.equal(await spark.streams.awaitAnyTermination(20), false);
    await q.stop();
    assert.equal(await spark.streams.awaitAnyTermination(), true);
    assert.equal(spark.streams.get(q.id), null);
  });

  it("stops with a StreamingQueryException carrying the cause; the checkpoint restarts", async () => {
    const s = newStream([1]);
    const dir = checkpoint();
    failGetBatch.add(s.name);
    const q = s.df.writeStream.foreachBatch(async () => {}).option("checkpointLocation", dir).start();
    await assert.rejects(q.awaitTermination(), /STREAM_FAILED.*planted failure/s);
    failGetBatch.delete(s.name);
    const sink = collector();
    const q2 = s.df.writeStream.foreachBatch(sink.fn).option("checkpointLocation", dir).start();
    await q2.processAllAvailable();
    await q2.stop();
    assert.deepEqual([...sink.batches.entries()], [[0, [1]]]);
  });
});

describe("streaming errors", () => {
  it("a batch action on a streaming DataFrame says to use writeStream.start()", async () => {
    const s = newStream([1]);
    assert.equal(s.df.isStreaming, true);
    await assert.rejects(s.df.collect(), /Queries with streaming sources must be executed with writeStream.start\(\)/);
  });

  it("writeStream on a batch DataFrame is refused", () => {
    assert.throws(() => spark.range(3).writeStream, /WRITE_STREAM_NOT_ALLOWED/);
  });

  it("Trigger.Continuous says it is not supported yet", () => {
    assert.throws(() => newStream().df.writeStream.trigger(Trigger.Continuous("1 second")).foreachBatch(async () => {}).start(), /Trigger.Continuous is not supported yet/);
  });

  it("unknown formats name themselves and list the known ones", () => {
    assert.throws(() => spark.readStream.format("nope").load(), /Failed to find the streaming source data source: nope\. Known streaming sources: .*test-list/);
  });

  it("a sink that needs a checkpoint refuses to start without one", () => {
    assert.throws(() => newStream().df.writeStream.format("parquet").start(join(tmpdir(), "x")), /checkpointLocation must be specified/);
  });

  it("a checkpoint that cannot be written fails at start()", () => {
    const file = join(checkpoint(), "file");
    writeFileSync(file, "not a directory");
    assert.throws(() => newStream().df.writeStream.foreachBatch(async () => {}).option("checkpointLocation", join(file, "cp")).start(), /Cannot use the checkpoint location/);
  });

  it("a checkpoint of another query (other sources) is refused, a corrupt log names its file", async () => {
    const a = newStream([1]);
    const dir = checkpoint();
    const q = a.df.writeStream.foreachBatch(async () => {}).option("checkpointLocation", dir).start();
    await q.processAllAvailable();
    await q.stop();
    const b = newStream([1]);
    const union = a.df.union(b.df);
    const q2 = union.writeStream.foreachBatch(async () => {}).option("checkpointLocation", dir).start();
    await assert.rejects(q2.awaitTermination(), /belongs to a query with 1 source\(s\), but this query has 2/);
    writeFileSync(join(dir, "offsets", "0"), "v1\n{\"batchWatermarkMs\":0");
    assert.throws(
      () => a.df.writeStream.foreachBatch(async () => {}).option("checkpointLocation", dir).start(),
      (e: Error) => e.message.includes(join(dir, "offsets", "0")) && /malformed/.test(e.message),
    );
  });
});

describe("state in the checkpoint", () => {
  it("keeps the checkpoint's spark.sql.shuffle.partitions when the session's changes", async () => {
    const s = newStream([1, 2, 3, 1]);
    const dir = checkpoint();
    const counts = s.df.groupBy("value").count();
    const q1 = counts.writeStream.outputMode("complete").format("memory").queryName("fixed_parts").option("checkpointLocation", dir).start();
    await q1.processAllAvailable();
    await q1.stop();
    spark.conf.set("spark.sql.shuffle.partitions", "5");
    try {
      s.add(2);
      const q2 = counts.writeStream.outputMode("complete").format("memory").queryName("fixed_parts").option("checkpointLocation", dir).start();
      await q2.processAllAvailable();
      await q2.stop();
    } finally {
      spark.conf.set("spark.sql.shuffle.partitions", "2");
    }
    const rows = await spark.sql("SELECT value, count FROM fixed_parts ORDER BY value").collect();
    assert.deepEqual(rows, [{ value: 1, count: 2n }, { value: 2, count: 2n }, { value: 3, count: 1n }]);
    assert.deepEqual(readdirSync(join(dir, "state", "0")).filter((d) => /^\d+$/.test(d)).sort(), ["0", "1"]);
    assert.equal(JSON.parse(readFileSync(join(dir, "offsets", "1"), "utf8").split("\n")[1]!).conf["spark.sql.shuffle.partitions"], "2");
  });

  it("refuses a checkpoint whose state belongs to another stateful operator", async () => {
    const s = newStream([1, 2]);
    const dir = checkpoint();
    const q1 = s.df.groupBy("value").count().writeStream.outputMode("update").foreachBatch(async () => {}).option("checkpointLocation", dir).start();
    await q1.processAllAvailable();
    await q1.stop();
    s.add(3);
    const q2 = s.df.dropDuplicates(["value"]).writeStream.foreachBatch(async () => {}).option("checkpointLocation", dir).start();
    await assert.rejects(q2.awaitTermination(), /does not fit this query: its stateful operator 0 is stateStoreSave, but this query's is dedupe/);
  });
});
