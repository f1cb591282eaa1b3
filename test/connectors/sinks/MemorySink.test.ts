import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { SparkSession } from "../../../src/index.js";
import { MemorySink } from "../../../src/connectors/sinks/MemorySink.js";
import { streamSinkFor } from "../../../src/streaming/StreamingProviders.js";
import type { OutputMode } from "../../../src/streaming/OutputMode.js";
import { sinkContext } from "./sinkHarness.js";

describe("memory sink", () => {
  let spark: SparkSession;
  before(() => (spark = SparkSession.builder().master("local[2]").getOrCreate()));
  after(() => spark.stop());

  const sink = (queryName: string, outputMode: OutputMode = "append") =>
    streamSinkFor("memory").createSink(sinkContext(spark, { queryName, outputMode })) as MemorySink;
  const batch = (...ids: number[]) => spark.createDataFrame(ids.map((id) => ({ id, word: `w${id}` })), "id INT, word STRING").queryExecution;
  const ids = async (sql: string) => (await spark.sql(sql).collect()).map((r) => r["id"]);

  test("append: each batch's rows are added to a temporary view named after the query, for SQL and spark.table", async () => {
    const memory = sink("appended");
    await memory.addBatch(0, batch(1, 2));
    assert.deepEqual(await ids("SELECT id FROM appended ORDER BY id"), [1, 2]);
    await memory.addBatch(1, batch(3));
    assert.deepEqual(await ids("SELECT id FROM appended ORDER BY id"), [1, 2, 3]);
    assert.deepEqual(await spark.table("APPENDED").where("id > 1").orderBy("id").collect(), [{ id: 2, word: "w2" }, { id: 3, word: "w3" }]);
    assert.deepEqual(await ids("SELECT count(*) AS id FROM appended a JOIN appended b USING (id)"), [3n]);
    assert.deepEqual(memory.allData, [[1, "w1"], [2, "w2"], [3, "w3"]]);
    assert.equal(memory.toString(), "MemorySink");
  });

  test("the view exists, empty, from the start", async () => {
    sink("empty_at_start");
    assert.deepEqual(await spark.table("empty_at_start").collect(), []);
    assert.deepEqual(spark.table("empty_at_start").columns, ["id", "word"]);
  });

  test("a batch id it already has is skipped: a replay after a failure adds nothing", async () => {
    const memory = sink("replayed");
    await memory.addBatch(0, batch(1));
    await memory.addBatch(1, batch(2));
    await memory.addBatch(1, batch(2));
    await memory.addBatch(0, batch(1));
    assert.deepEqual(await ids("SELECT id FROM replayed ORDER BY id"), [1, 2]);
    assert.equal(memory.latestBatchId, 1);
  });

  test("complete replaces the rows with each batch's; update adds them", async () => {
    const complete = sink("completed", "complete");
    await complete.addBatch(0, batch(1, 2));
    await complete.addBatch(1, batch(1, 2, 3));
    assert.deepEqual(await ids("SELECT id FROM completed ORDER BY id"), [1, 2, 3]);
    const update = sink("updated", "update");
    await update.addBatch(0, batch(1, 2));
    await update.addBatch(1, batch(2));
    assert.deepEqual(await ids("SELECT id FROM updated ORDER BY id"), [1, 2, 2]);
  });

  test("the view has the query's columns, types and nullability", async () => {
    const df = spark.range(0, 3).selectExpr("id", "id * 1.5 AS x", "CAST(NULL AS STRING) AS s");
    const memory = streamSinkFor("memory").createSink(sinkContext(spark, { queryName: "typed", schema: df.schema })) as MemorySink;
    await memory.addBatch(0, df.queryExecution);
    assert.deepEqual(spark.table("typed").schema, df.schema);
    assert.deepEqual(await spark.table("typed").orderBy("id").selectExpr("id", "CAST(x AS DOUBLE) AS x", "s").collect(),
      [{ id: 0n, x: 0, s: null }, { id: 1n, x: 1.5, s: null }, { id: 2n, x: 3, s: null }]);
  });

  test("refuses a query without a name, and partitionBy, as Spark does", () => {
    assert.throws(() => streamSinkFor("memory").createSink(sinkContext(spark)), (e: Error) => e.message === "[_LEGACY_ERROR_TEMP_1194] queryName must be specified for memory sink");
    assert.throws(() => streamSinkFor("memory").createSink(sinkContext(spark, { queryName: "q", partitionColumns: ["id"] })), /'memory' does not support partitioning/);
  });
});
