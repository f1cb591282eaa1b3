import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { functions as F, SparkSession, type DataFrame } from "../../../src/index.js";
import type { RowObject } from "../../../src/exec/RowObjects.js";
import { lists } from "../../streaming/ListSource.js";
import { tempDir } from "./sinkHarness.js";

/** The sinks behind `df.writeStream ... start()`, with the engine's test source (a list of integers per stream). */
describe("streaming sinks, end to end", () => {
  let spark: SparkSession;
  let nextStream = 0;
  before(() => (spark = SparkSession.builder().master("local[2]").config("spark.sql.shuffle.partitions", 2).getOrCreate()));
  after(() => spark.stop());

  const newStream = (...values: number[]): { df: DataFrame; add: (...v: number[]) => void } => {
    const name = `sinks${nextStream++}`;
    lists.set(name, values);
    return { df: spark.readStream.format("test-list").option("name", name).load(), add: (...v) => lists.get(name)!.push(...v) };
  };
  const values = async (df: DataFrame) => (await df.collect()).map((r) => Number(r["value"])).sort((a, b) => a - b);

  test("memory: the query's name is a view of every batch's rows so far", async () => {
    const s = newStream(1, 2);
    const q = s.df.writeStream.format("memory").queryName("memory_e2e").start();
    await q.processAllAvailable();
    assert.deepEqual(await values(spark.sql("SELECT value FROM memory_e2e")), [1, 2]);
    s.add(3);
    await q.processAllAvailable();
    await q.stop();
    assert.deepEqual(await values(spark.table("memory_e2e")), [1, 2, 3]);
    assert.equal(q.lastProgress?.sink.description, "MemorySink");
  });

  test("memory in complete mode holds the latest result of an aggregation", async () => {
    const s = newStream(1, 2, 3);
    const counts = s.df.withColumn("parity", F.expr("value % 2")).groupBy("parity").count();
    const q = counts.writeStream.format("memory").queryName("counts_e2e").outputMode("complete").start();
    await q.processAllAvailable();
    s.add(5);
    await q.processAllAvailable();
    await q.stop();
    assert.deepEqual(await spark.sql("SELECT parity, count FROM counts_e2e ORDER BY parity").collect(), [{ parity: 0, count: 1n }, { parity: 1, count: 3n }]);
  });

  test("memory without a query name is refused by start()", () => {
    assert.throws(() => newStream().df.writeStream.format("memory").start(), /queryName must be specified for memory sink/);
  });

  test("console prints each batch under its banner", async () => {
    const s = newStream(7, 8);
    let out = "";
    const original = process.stdout.write;
    // Only the sink's writes: the test runner reports on stdout too.
    process.stdout.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
      if (typeof chunk === "string" && chunk.startsWith("-------------------------------------------\nBatch: ")) out += chunk;
      else return original.call(process.stdout, chunk, ...rest);
      return true;
    }) as typeof process.stdout.write;
    try {
      const q = s.df.writeStream.format("console").start();
      await q.processAllAvailable();
      await q.stop();
    } finally {
      process.stdout.write = original;
    }
    assert.equal(out, "-------------------------------------------\nBatch: 0\n-------------------------------------------\n+-----+\n|value|\n+-----+\n|    7|\n|    8|\n+-----+\n\n");
  });

  test("foreach: the writer's methods run in the tasks of every batch, with the batch id as epoch id", async () => {
    const s = newStream(1, 2, 3);
    const seen = spark.sparkContext.collectionAccumulator<[number, number]>();
    const writer = {
      epoch: -1,
      open(_partitionId: number, epochId: number) {
        this.epoch = epochId;
        return true;
      },
      process(row: RowObject) {
        seen.add([this.epoch, row["value"] as number]);
      },
    };
    const q = s.df.writeStream.foreach(writer, { seen }).start();
    await q.processAllAvailable();
    s.add(4);
    await q.processAllAvailable();
    await q.stop();
    assert.deepEqual(seen.value.sort((a, b) => a[1] - b[1]), [[0, 1], [0, 2], [0, 3], [1, 4]]);
  });

  test("file sink: batches land as committed files; a restart that reruns a batch whose commit was lost writes nothing twice", async () => {
    const s = newStream(1, 2);
    const out = join(tempDir(), "out");
    const checkpoint = tempDir();
    const start = () => s.df.writeStream.format("json").option("checkpointLocation", checkpoint).start(out);
    const q1 = start();
    await q1.processAllAvailable();
    s.add(3);
    await q1.processAllAvailable();
    await q1.stop();
    assert.deepEqual(readdirSync(join(out, "_spark_metadata")).sort(), ["0", "1"]);
    assert.deepEqual(await values(spark.read.json(out)), [1, 2, 3]);
    // As if the query had died after the sink committed batch 1 and before the engine's commit: batch 1 runs again.
    rmSync(join(checkpoint, "commits", "1"));
    s.add(4);
    const q2 = start();
    await q2.processAllAvailable();
    await q2.stop();
    assert.deepEqual(await values(spark.read.json(out)), [1, 2, 3, 4]);
    assert.equal(q2.lastProgress?.sink.description, `FileSink[${out}]`);
  });

  test("file sink: other output modes and a missing path are refused by start()", () => {
    const df = newStream().df;
    const checkpoint = tempDir();
    assert.throws(() => df.writeStream.format("parquet").outputMode("update").option("checkpointLocation", checkpoint).start(join(tempDir(), "o")),
      /Data source parquet does not support Update output mode/);
    assert.throws(() => df.writeStream.format("parquet").option("checkpointLocation", checkpoint).start(), /'path' is not specified/);
  });
});
