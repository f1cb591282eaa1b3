/**
 * Stateful queries through the user's API: MemoryStream in, `writeStream` into the memory sink, the engine
 * running the batches (its no-data batches included) and reporting the state operators' progress.
 */
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { functions as F, MemoryStream, SparkSession, type StreamingQuery } from "../../../src/index.js";

let spark: SparkSession;
const queries: StreamingQuery[] = [];

before(() => {
  spark = SparkSession.builder().master("local[2]").appName("StatefulEndToEnd").config("spark.sql.shuffle.partitions", 3).config("spark.sql.session.timeZone", "UTC").getOrCreate();
});
after(async () => {
  for (const q of queries) await q.stop();
  await spark.stop();
});

const started = (q: StreamingQuery) => {
  queries.push(q);
  return q;
};
const second = (s: number) => new Date(s * 1000);
/** The view's rows as `a=1 b=2` strings, sorted; timestamps (microseconds) as their seconds. */
async function view(name: string): Promise<string[]> {
  const rows = await spark.table(name).collect();
  const text = (k: string, v: unknown) => (k === "time" || k === "start" ? String(Number(v) / 1e6) : String(v));
  return rows.map((r) => Object.entries(r).map(([k, v]) => `${k}=${text(k, v)}`).join(" ")).sort();
}

describe("stateful queries end to end", () => {
  it("update mode writes each batch's changed counts, and progress reports the state operator", async () => {
    const input = new MemoryStream(spark, "k STRING");
    const q = started(input.toDF().groupBy("k").count().writeStream.outputMode("update").format("memory").queryName("updated_counts").start());
    input.addData("a", "b", "a");
    await q.processAllAvailable();
    input.addData("a");
    await q.processAllAvailable();
    assert.deepEqual(await view("updated_counts"), ["k=a count=2", "k=a count=3", "k=b count=1"]);
    const [save] = q.lastProgress!.stateOperators;
    assert.equal(save!.operatorName, "stateStoreSave");
    assert.equal(save!.numRowsTotal, 2);
    assert.equal(save!.numRowsUpdated, 1);
    assert.equal(save!.numShufflePartitions, 3);
    assert.equal(save!.numStateStoreInstances, 3);
  });

  it("a query restarted from its checkpoint goes on counting from its state", async () => {
    const checkpoint = mkdtempSync(join(tmpdir(), "stateful-e2e-"));
    const input = new MemoryStream(spark, "k STRING");
    const run = () =>
      started(input.toDF().groupBy("k").count().writeStream.outputMode("complete").format("memory").queryName("restarted_counts").option("checkpointLocation", checkpoint).start());
    const first = run();
    input.addData("a", "b");
    await first.processAllAvailable();
    await first.stop();
    assert.ok(existsSync(join(checkpoint, "state", "0")));
    assert.deepEqual(readdirSync(join(checkpoint, "state", "0")).sort(), ["0", "1", "2", "_metadata"]);
    input.addData("a");
    const second = run();
    await second.processAllAvailable();
    assert.deepEqual(await view("restarted_counts"), ["k=a count=2", "k=b count=1"]);
  });

  it("append mode with a watermark: once the watermark passes a window's end, a batch without data writes it", async () => {
    const input = new MemoryStream(spark, "time TIMESTAMP, v INT");
    const events = input.toDF().withWatermark("time", "10 seconds");
    const sums = events.groupBy(F.window(F.col("time"), "10 seconds")).agg(F.sum("v").alias("total"));
    const q = started(sums.select(F.col("window.start").alias("start"), "total").writeStream.outputMode("append").format("memory").queryName("window_totals").start());
    input.addData([second(1), 1], [second(5), 2], [second(12), 3]);
    await q.processAllAvailable();
    assert.deepEqual(await view("window_totals"), []);
    input.addData([second(25), 4]);
    await q.processAllAvailable();
    // The watermark is now 15s: the engine runs one more batch, without data, which finishes [0, 10).
    assert.deepEqual(await view("window_totals"), ["start=0 total=3"]);
    const last = q.lastProgress!;
    assert.equal(last.numInputRows, 0);
    assert.equal(last.stateOperators[0]!.numRowsRemoved, 1);
  });

  it("dropDuplicates writes each key once, whatever batch it comes again in", async () => {
    const input = new MemoryStream(spark, "id STRING, n INT");
    const q = started(input.toDF().dropDuplicates(["id"]).writeStream.format("memory").queryName("unique_ids").start());
    input.addData(["a", 1], ["b", 2], ["a", 3]);
    await q.processAllAvailable();
    input.addData(["b", 4], ["c", 5]);
    await q.processAllAvailable();
    assert.deepEqual((await view("unique_ids")).map((r) => r.split(" ")[0]), ["id=a", "id=b", "id=c"]);
    assert.equal(q.lastProgress!.stateOperators[0]!.operatorName, "dedupe");
    assert.equal(q.lastProgress!.stateOperators[0]!.customMetrics["numDroppedDuplicateRows"], 1);
  });

  it("dropDuplicatesWithinWatermark forgets a key once the watermark passes its first row's time plus the delay", async () => {
    const input = new MemoryStream(spark, "id STRING, time TIMESTAMP");
    const q = started(input.toDF().withWatermark("time", "10 seconds").dropDuplicatesWithinWatermark(["id"]).writeStream.format("memory").queryName("unique_within").start());
    input.addData(["a", second(1)], ["a", second(8)], ["z", second(40)]);
    await q.processAllAvailable();
    // The watermark is 30s, past a's expiry (11s): a no-data batch let it go, so "a" is new again.
    input.addData(["a", second(41)]);
    await q.processAllAvailable();
    assert.deepEqual(await view("unique_within"), ["id=a time=1", "id=a time=41", "id=z time=40"]);
  });

  it("a stream joined with a static DataFrame, then aggregated", async () => {
    const input = new MemoryStream(spark, "cid STRING");
    const customers = spark.createDataFrame([{ cid: "a", name: "Ann" }, { cid: "b", name: "Bob" }]);
    const joined = input.toDF().join(customers, "cid").groupBy("name").count();
    const q = started(joined.writeStream.outputMode("complete").format("memory").queryName("orders_by_name").start());
    input.addData("a", "b", "a", "x");
    await q.processAllAvailable();
    assert.deepEqual(await view("orders_by_name"), ["name=Ann count=2", "name=Bob count=1"]);
  });

  it("start() refuses what cannot run as a stream, with Spark's messages", () => {
    const input = new MemoryStream(spark, "k STRING");
    const df = input.toDF();
    assert.throws(
      () => df.writeStream.outputMode("complete").format("memory").queryName("refused1").start(),
      /Complete output mode not supported when there are no streaming aggregations on streaming DataFrames\/Datasets/,
    );
    assert.throws(
      () => df.orderBy("k").writeStream.format("memory").queryName("refused2").start(),
      /Sorting is not supported on streaming DataFrames\/Datasets, unless it is on aggregated DataFrame\/Dataset in Complete output mode/,
    );
    assert.throws(
      () => df.groupBy("k").count().limit(2).writeStream.outputMode("update").format("memory").queryName("refused3").start(),
      /Limits are not supported on streaming DataFrames\/Datasets in Update output mode/,
    );
  });
});
