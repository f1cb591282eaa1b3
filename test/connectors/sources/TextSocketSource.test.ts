import assert from "node:assert/strict";
import { createServer, type Server, type Socket } from "node:net";
import { after, before, describe, it } from "node:test";
import type { SparkSession } from "../../../src/index.js";
import { TextSocketSourceProvider } from "../../../src/connectors/sources/socket/TextSocketSourceProvider.js";
import type { Source } from "../../../src/streaming/Source.js";
import { StructType } from "../../../src/types/StructType.js";
import { ManualClock } from "../../../src/util/Clock.js";
import { batchRows, createSource, localSession, warnings } from "./sourceHarness.js";

let spark: SparkSession;
before(() => (spark = localSession()));
after(() => spark.stop());

/** A real TCP server on a free port; `client` resolves with the connection the source makes. */
async function lineServer(): Promise<{ server: Server; port: number; client: Promise<Socket> }> {
  let accept!: (s: Socket) => void;
  const client = new Promise<Socket>((resolve) => (accept = resolve));
  const server = createServer((s) => accept(s));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, port: (server.address() as { port: number }).port, client };
}

/** Waits (on the source's own offsets, not a timer) until it has received `lines` lines. */
async function received(source: Source, lines: number): Promise<void> {
  while ((((await source.latestOffset(null, "default")) as number | null) ?? 0) < lines) await new Promise((resolve) => setImmediate(resolve));
}

const provider = new TextSocketSourceProvider();

describe("socket source", () => {
  it("needs host and port, and a boolean includeTimestamp, with Spark's messages", () => {
    const schema = (options: Record<string, string>) => provider.sourceSchema(options, [], undefined, spark.sessionState);
    assert.throws(() => schema({ port: "9999" }), { name: "AnalysisException", message: /Set a host to read from with option\("host", \.\.\.\)\./ });
    assert.throws(() => schema({ host: "localhost" }), /Set a port to read from with option\("port", \.\.\.\)\./);
    assert.throws(() => schema({ host: "localhost", port: "http" }), /Invalid value 'http' for option 'port'/);
    assert.throws(() => schema({ host: "localhost", port: "70000" }), /a port number from 0 to 65535/);
    assert.throws(() => schema({ host: "localhost", port: "1", includeTimestamp: "yes" }), /includeTimestamp must be set to either "true" or "false"/);
    assert.throws(() => provider.sourceSchema({ host: "h", port: "1" }, [], StructType.fromDDL("value STRING"), spark.sessionState), /TextSocketSourceProvider source does not support user-specified schema/);
    assert.equal(schema({ HOST: "h", Port: "1" }).toDDL(), "value STRING");
    assert.equal(schema({ host: "h", port: "1", includeTimestamp: "TRUE" }).toDDL(), "value STRING, timestamp TIMESTAMP");
  });

  it("reads lines as they arrive; an offset is the number of lines; replay gives the same rows", async () => {
    const { server, port, client } = await lineServer();
    const { result: source, warned } = await warnings(() => createSource(spark, provider, { host: "127.0.0.1", port: String(port) }));
    assert.deepEqual(warned, ["The socket source should not be used for production applications! It does not support recovery."]);
    const conn = await client;
    assert.equal(await source.latestOffset(null, "default"), null);
    conn.write("hello\nworld\r\nhalf");
    await received(source, 2);
    assert.equal(await source.latestOffset(null, "default"), 2);
    conn.write(" a line\rlast\n");
    await received(source, 4);
    assert.deepEqual(await batchRows(spark, source, null, 2), { rows: [["hello"], ["world"]], numRows: 2 });
    assert.deepEqual((await batchRows(spark, source, 2, 4)).rows, [["half a line"], ["last"]]);
    assert.deepEqual((await batchRows(spark, source, 2, 4)).rows, [["half a line"], ["last"]]);
    assert.equal(String(source), `TextSocketV2[host: 127.0.0.1, port: ${port}]`);
    await source.stop();
    server.close();
  });

  it("includeTimestamp stamps each line with when it arrived", async () => {
    const { server, port, client } = await lineServer();
    const clock = new ManualClock(1_000);
    const { result: source } = await warnings(() => createSource(spark, new TextSocketSourceProvider(clock), { host: "127.0.0.1", port: String(port), includeTimestamp: "true" }));
    const conn = await client;
    conn.write("a\n");
    await received(source, 1);
    clock.advance(500);
    conn.write("b\n");
    await received(source, 2);
    assert.deepEqual((await batchRows(spark, source, null, 2)).rows, [["a", 1_000_000n], ["b", 1_500_000n]]);
    await source.stop();
    server.close();
  });

  it("commit drops the lines read, which then cannot be read again; the last line counts when the server closes", async () => {
    const { server, port, client } = await lineServer();
    const { result: source } = await warnings(() => createSource(spark, provider, { host: "127.0.0.1", port: String(port) }));
    const conn = await client;
    const { warned } = await warnings(async () => {
      conn.end("x\ny\nno newline");
      await received(source, 3);
    });
    assert.deepEqual(warned, [`Stream closed by 127.0.0.1:${port}`]);
    await source.commit(2);
    assert.deepEqual((await batchRows(spark, source, 2, 3)).rows, [["no newline"]]);
    await assert.rejects(source.getBatch(null, 2, []), /lines before 2 were committed and dropped/);
    await assert.rejects(source.commit(1), /Offsets committed out of order: 2 followed by 1/);
    await source.stop();
    server.close();
  });

  it("a refused connection is a clear error when the query first asks for data", async () => {
    const { server, port } = await lineServer();
    await new Promise((resolve) => server.close(resolve));
    const { result: source } = await warnings(() => createSource(spark, provider, { host: "127.0.0.1", port: String(port) }));
    await assert.rejects(source.latestOffset(null, "default"), new RegExp(`The socket source could not connect to 127.0.0.1:${port}: .*ECONNREFUSED.*nc -lk ${port}`));
    await source.stop();
  });

  it("stop closes the connection", async () => {
    const { server, port, client } = await lineServer();
    const { result: source } = await warnings(() => createSource(spark, provider, { host: "127.0.0.1", port: String(port) }));
    const conn = await client;
    const closed = new Promise((resolve) => conn.on("close", resolve));
    conn.resume();
    await source.stop();
    await closed;
    server.close();
  });
});
