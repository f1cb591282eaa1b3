import assert from "node:assert/strict";
import { mkdirSync, utimesSync, writeFileSync } from "node:fs";
import { createServer, type Socket } from "node:net";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { Trigger, type SparkSession } from "../../../src/index.js";
import { MemoryStream } from "../../../src/api/MemoryStream.js";
import { RateStreamProvider } from "../../../src/connectors/sources/rate/RateStreamProvider.js";
import { registerStreamSource } from "../../../src/streaming/StreamingProviders.js";
import { ManualClock } from "../../../src/util/Clock.js";
import { localSession, tempDir, warnings } from "./sourceHarness.js";

let spark: SparkSession;
before(() => (spark = localSession()));
after(() => spark.stop());

let queries = 0;
const queryName = () => `source_e2e_${queries++}`;
const table = async (name: string, order: string) => spark.sql(`SELECT * FROM ${name} ORDER BY ${order}`).collect();

function put(dir: string, name: string, content: string, seconds: number): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, name), content);
  const t = new Date(Date.UTC(2024, 0, 1) + seconds * 1000);
  utimesSync(join(dir, name), t, t);
}

describe("sources end to end, readStream → writeStream.format(\"memory\")", () => {
  it("MemoryStream: rows added before and while the query runs", async () => {
    const input = new MemoryStream(spark, "n INT, word STRING");
    input.addData([1, "a"], { n: 2, word: "b" });
    const name = queryName();
    const q = input.toDF().where("n % 2 = 0 OR word = 'a'").writeStream.format("memory").queryName(name).start();
    await q.processAllAvailable();
    input.addData([4, "d"], [5, "e"]);
    await q.processAllAvailable();
    await q.stop();
    assert.deepEqual(await table(name, "n"), [{ n: 1, word: "a" }, { n: 2, word: "b" }, { n: 4, word: "d" }]);
    assert.equal(q.lastProgress?.sources[0]?.description, "MemoryStream[n,word]");
    assert.equal(q.lastProgress?.numInputRows, 2);
  });

  it("file source: new files each trigger; a restart from the checkpoint reads only the files it has not", async () => {
    const dir = join(tempDir(), "in");
    const checkpointLocation = tempDir();
    put(dir, "a.csv", "id,name\n1,ann\n", 1);
    const df = spark.readStream.format("csv").schema("id INT, name STRING").option("header", "true").load(dir);
    assert.equal(df.isStreaming, true);
    const name = queryName();
    const first = df.writeStream.format("memory").queryName(name).option("checkpointLocation", checkpointLocation).start();
    await first.processAllAvailable();
    put(dir, "b.csv", "id,name\n2,bob\n", 2);
    await first.processAllAvailable();
    assert.equal(first.lastProgress?.numInputRows, 1);
    await first.stop();
    put(dir, "c.csv", "id,name\n3,cy\n", 3);
    const restarted = df.writeStream.format("memory").queryName(name).option("checkpointLocation", checkpointLocation).start();
    await restarted.processAllAvailable();
    await restarted.stop();
    assert.deepEqual(await table(name, "id"), [{ id: 3, name: "cy" }], "the restarted query's sink holds only the new file");
    assert.match(restarted.lastProgress?.sources[0]?.description ?? "", /^FileStreamSource\[file:.*in\]$/);
  });

  it("text files through readStream.text, with maxFilesPerTrigger", async () => {
    const dir = tempDir();
    put(dir, "1.txt", "one\n", 1);
    put(dir, "2.txt", "two\n", 2);
    const name = queryName();
    const q = spark.readStream.option("maxFilesPerTrigger", 1).text(dir).writeStream.format("memory").queryName(name).start();
    await q.processAllAvailable();
    await q.stop();
    assert.deepEqual(await table(name, "value"), [{ value: "one" }, { value: "two" }]);
    assert.deepEqual(q.recentProgress.filter((p) => p.numInputRows > 0).map((p) => p.numInputRows), [1, 1]);
  });

  it("rate-micro-batch with Trigger.AvailableNow runs one batch of rowsPerBatch rows", async () => {
    const name = queryName();
    const q = spark.readStream.format("rate-micro-batch").option("rowsPerBatch", 4).option("startTimestamp", 5000).load()
      .writeStream.format("memory").queryName(name).trigger(Trigger.AvailableNow()).start();
    await q.awaitTermination();
    assert.deepEqual(await table(name, "value"), [0n, 1n, 2n, 3n].map((value) => ({ timestamp: 5_000_000n, value })));
  });

  it("rate, on a clock the test advances", async () => {
    const clock = new ManualClock(1_000_000);
    registerStreamSource(new RateStreamProvider(clock));
    const name = queryName();
    const q = spark.readStream.format("rate").option("rowsPerSecond", 2).load().selectExpr("value").writeStream.format("memory").queryName(name).start();
    await q.processAllAvailable();
    clock.advance(2000);
    await q.processAllAvailable();
    await q.stop();
    assert.deepEqual(await table(name, "value"), [0n, 1n, 2n, 3n].map((value) => ({ value })));
    registerStreamSource(new RateStreamProvider());
  });

  it("socket: the lines a server sends", async () => {
    let accept!: (s: Socket) => void;
    const connection = new Promise<Socket>((resolve) => (accept = resolve));
    const server = createServer((s) => accept(s));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as { port: number }).port;
    const name = queryName();
    const { result: q } = await warnings(() =>
      spark.readStream.format("socket").option("host", "127.0.0.1").option("port", port).load().writeStream.format("memory").queryName(name).start(),
    );
    (await connection).write("hello\nworld\n");
    // Lines arrive asynchronously: keep processing until the sink (a view from its first batch on) has both.
    const sunk = async () => (spark.sessionState.catalog.lookupRelation([name]) ? spark.table(name).count() : 0);
    while ((await sunk()) < 2) {
      await q.processAllAvailable();
      await new Promise((resolve) => setImmediate(resolve));
    }
    await q.stop();
    server.close();
    assert.deepEqual(await table(name, "value"), [{ value: "hello" }, { value: "world" }]);
  });

  it("a bad option fails at load(), before any query", () => {
    assert.throws(() => spark.readStream.format("rate").option("rowsPerSecond", 0).load(), /The option 'rowsPerSecond' must be positive/);
    assert.throws(() => spark.readStream.format("socket").load(), /Set a host to read from/);
    assert.throws(() => spark.readStream.format("json").load(tempDir()), /Schema must be specified when creating a streaming source DataFrame/);
  });
});
