import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { SparkSession } from "../../../src/index.js";
import { listInputFiles } from "../../../src/connectors/file/FileListing.js";
import { streamSinkFor } from "../../../src/streaming/StreamingProviders.js";
import type { Sink } from "../../../src/streaming/Sink.js";
import { sinkContext, tempDir } from "./sinkHarness.js";

describe("file sink", () => {
  let spark: SparkSession;
  before(() => (spark = SparkSession.builder().master("local[2]").getOrCreate()));
  after(() => spark.stop());

  const sink = (format: string, path: string, given: { options?: Record<string, string>; partitionColumns?: string[] } = {}): Sink =>
    streamSinkFor(format).createSink(sinkContext(spark, { path, ...given }));
  const ids = (...values: number[]) => spark.createDataFrame(values.map((id) => ({ id, tag: id % 2 === 0 ? "even" : "odd" })), "id INT, tag STRING").queryExecution;
  const readIds = async (format: string, dir: string) => (await spark.read.format(format).load(dir).collect()).map((r) => Number(r["id"])).sort((a, b) => a - b);
  /** A log entry: its version line and its file statuses. */
  const entry = (dir: string, name: string) => {
    const [version, ...lines] = readFileSync(join(dir, "_spark_metadata", name), "utf8").split("\n");
    return { version, files: lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
  };
  const dataFiles = (dir: string): string[] =>
    readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((f) => /(^|\/)part-/.test(f) && statSync(join(dir, f)).isFile()).sort();

  test("a batch writes its files, then `_spark_metadata/<batchId>`: v1 and one JSON line per file, as Spark's FileStreamSinkLog", async () => {
    const dir = join(tempDir(), "out");
    const json = sink("json", dir);
    await json.addBatch(0, ids(1, 2));
    await json.addBatch(1, ids(3));
    assert.deepEqual(readdirSync(join(dir, "_spark_metadata")).sort(), ["0", "1"]);
    assert.ok(!existsSync(join(dir, "_temporary")) && !existsSync(join(dir, "_SUCCESS")), "no commit files of a batch write");
    const logged = [...entry(dir, "0").files, ...entry(dir, "1").files];
    assert.equal(entry(dir, "0").version, "v1");
    for (const f of logged) {
      assert.deepEqual(Object.keys(f), ["path", "size", "isDir", "modificationTime", "blockReplication", "blockSize", "action"]);
      assert.match(f["path"] as string, /^file:\/\/\/.*\/out\/part-\d{5}-[0-9a-f-]{36}\.c000\.json$/);
      const stat = statSync(fileURLToPath(f["path"] as string));
      assert.deepEqual([f["size"], f["isDir"], f["modificationTime"], f["blockReplication"], f["blockSize"], f["action"]],
        [stat.size, false, Math.floor(stat.mtimeMs), 1, 33554432, "add"]);
    }
    assert.deepEqual(logged.map((f) => relative(dir, fileURLToPath(f["path"] as string))).sort(), dataFiles(dir));
    assert.deepEqual(await readIds("json", dir), [1, 2, 3]);
    assert.equal(json.toString(), `FileSink[${dir}]`);
  });

  test("a batch id the log already has is skipped, also by a new sink on the same directory (a restart)", async () => {
    const dir = join(tempDir(), "out");
    await sink("json", dir).addBatch(0, ids(1));
    const files = dataFiles(dir);
    const log = readFileSync(join(dir, "_spark_metadata", "0"), "utf8");
    const restarted = sink("json", dir);
    await restarted.addBatch(0, ids(1));
    assert.deepEqual(dataFiles(dir), files);
    assert.equal(readFileSync(join(dir, "_spark_metadata", "0"), "utf8"), log);
    await restarted.addBatch(1, ids(2));
    assert.deepEqual(await readIds("json", dir), [1, 2]);
  });

  test("a batch read of the directory reads only committed files: not a batch that died before its entry, nor stray files, nor the log", async () => {
    const dir = join(tempDir(), "out");
    const json = sink("json", dir);
    await json.addBatch(0, ids(1, 2));
    // Batch 1 writes its files, then dies before its log entry: as if the entry had never been written.
    await json.addBatch(1, ids(3));
    rmSync(join(dir, "_spark_metadata", "1"));
    writeFileSync(join(dir, "part-00000-stray.c000.json"), '{"id":100,"tag":"stray"}\n');
    mkdirSync(join(dir, "_temporary", "0", "task_0"), { recursive: true });
    writeFileSync(join(dir, "_temporary", "0", "task_0", "part-00000-left.c000.json"), '{"id":200,"tag":"left"}\n');
    assert.deepEqual(await readIds("json", dir), [1, 2]);
    assert.deepEqual(listInputFiles([dir]).map((f) => relative(dir, f.path)).sort(), entry(dir, "0").files.map((f) => relative(dir, fileURLToPath(f["path"] as string))).sort());
    // The restarted query runs batch 1 again: its rows are there once; the first attempt's files stay unread.
    await sink("json", dir).addBatch(1, ids(3));
    assert.deepEqual(await readIds("json", dir), [1, 2, 3]);
    assert.ok(!existsSync(join(dir, "_temporary")));
    // Without a log, the directory is listed as any other.
    rmSync(join(dir, "_spark_metadata"), { recursive: true });
    assert.deepEqual(await readIds("json", dir), [1, 2, 3, 3, 100]);
  });

  test("reads a log Spark wrote: `file:/abs` paths, a version line and no trailing newline", async () => {
    const dir = join(tempDir(), "out");
    mkdirSync(join(dir, "_spark_metadata"), { recursive: true });
    writeFileSync(join(dir, "part-00000-a.c000.json"), '{"id":1}\n');
    writeFileSync(join(dir, "part-00000-b.c000.json"), '{"id":2}\n');
    const status = (name: string) => JSON.stringify({ path: `file:${join(dir, name)}`, size: 9, isDir: false, modificationTime: 0, blockReplication: 1, blockSize: 33554432, action: "add" });
    writeFileSync(join(dir, "_spark_metadata", "0"), `v1\n${status("part-00000-a.c000.json")}`);
    assert.deepEqual(await readIds("json", dir), [1]);
  });

  test("partitionBy writes key=value directories, which the log lists and a read turns back into a column", async () => {
    const dir = join(tempDir(), "out");
    const parquet = sink("parquet", dir, { partitionColumns: ["tag"] });
    await parquet.addBatch(0, ids(1, 2, 3));
    await parquet.addBatch(1, ids(4));
    assert.deepEqual([...new Set(dataFiles(dir).map((f) => f.split("/")[0]))].sort(), ["tag=even", "tag=odd"]);
    assert.deepEqual(entry(dir, "1").files.map((f) => relative(dir, fileURLToPath(f["path"] as string)).split("/")[0]), ["tag=even"]);
    const rows = await spark.read.parquet(dir).orderBy("id").collect();
    assert.deepEqual(rows, [{ id: 1, tag: "odd" }, { id: 2, tag: "even" }, { id: 3, tag: "odd" }, { id: 4, tag: "even" }]);
  });

  test("csv and text sinks write their formats; text takes one string column", async () => {
    const csvDir = join(tempDir(), "csv");
    await sink("csv", csvDir, { options: { header: "true" } }).addBatch(0, ids(5, 6));
    assert.deepEqual(await spark.read.option("header", true).schema("id INT, tag STRING").csv(csvDir).orderBy("id").collect(), [{ id: 5, tag: "odd" }, { id: 6, tag: "even" }]);
    const textDir = join(tempDir(), "text");
    await sink("text", textDir).addBatch(0, spark.createDataFrame([{ value: "a line" }, { value: "another" }], "value STRING").queryExecution);
    assert.deepEqual((await spark.read.text(textDir).collect()).map((r) => r["value"]).sort(), ["a line", "another"]);
  });

  test("every compactInterval batches the entry is `<batchId>.compact` with all files so far; a restart keeps the log's interval", async () => {
    const key = "spark.sql.streaming.fileSink.log.compactInterval";
    const dir = join(tempDir(), "out");
    spark.conf.set(key, "3");
    try {
      const json = sink("json", dir);
      for (let b = 0; b < 7; b++) await json.addBatch(b, ids(b));
    } finally {
      spark.conf.unset(key);
    }
    assert.deepEqual(readdirSync(join(dir, "_spark_metadata")).sort(), ["0", "1", "2.compact", "3", "4", "5.compact", "6"]);
    assert.equal(entry(dir, "5.compact").files.length, 6);
    assert.deepEqual(entry(dir, "5.compact").files.slice(0, 3), entry(dir, "2.compact").files);
    assert.deepEqual(await readIds("json", dir), [0, 1, 2, 3, 4, 5, 6]);
    // Batches 5.compact and 6 are what a reader reads: losing an entry before the compact one changes nothing.
    rmSync(join(dir, "_spark_metadata", "4"));
    assert.deepEqual(await readIds("json", dir), [0, 1, 2, 3, 4, 5, 6]);
    const restarted = sink("json", dir);
    await restarted.addBatch(7, ids(7));
    await restarted.addBatch(8, ids(8));
    assert.ok(existsSync(join(dir, "_spark_metadata", "8.compact")), "the interval of the existing compact entries (3), not the default 10");
    assert.deepEqual(await readIds("json", dir), [0, 1, 2, 3, 4, 5, 6, 7, 8]);
  });

  test("refuses a sink without a path, bad options before any batch, and unknown partition columns before any task", async () => {
    assert.throws(() => sink("parquet", undefined as unknown as string), (e: Error) => e.message === "'path' is not specified");
    assert.throws(() => sink("json", tempDir(), { options: { encoding: "latin1" } }), /Invalid value 'latin1' for the json option 'encoding'/);
    assert.deepEqual(["csv", "json", "parquet", "text"].map((f) => streamSinkFor(f).supportedOutputModes), [["append"], ["append"], ["append"], ["append"]]);
    const dir = join(tempDir(), "out");
    await assert.rejects(sink("json", dir, { partitionColumns: ["nope"] }).addBatch(0, ids(1)), /Partition column `nope` not found in schema \[id, tag\]/);
    assert.deepEqual(readdirSync(join(dir, "_spark_metadata")), []);
  });
});
