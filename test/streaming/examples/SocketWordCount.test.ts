/**
 * The programming guide's first example over a real TCP socket: lines from a server this test runs, split into
 * words, counted, the whole table kept in a memory sink (complete mode) and updated as more lines arrive.
 */
import assert from "node:assert/strict";
import { createServer, type Server, type Socket } from "node:net";
import { after, before, describe, it } from "node:test";
import { functions as F, SparkSession, StreamingQueryException, type StreamingQuery } from "../../../src/index.js";

let spark: SparkSession;
const servers: Server[] = [];
const queries: StreamingQuery[] = [];

before(() => {
  spark = SparkSession.builder().master("local[2]").appName("SocketWordCountTest").config("spark.sql.shuffle.partitions", 2).getOrCreate();
});
after(async () => {
  for (const q of queries) await q.stop();
  for (const s of servers) s.close();
  await spark.stop();
});

/** A line server on a free loopback port (the guide's `nc -lk 9999`); `client` is the connection the source makes. */
async function lineServer(): Promise<{ port: number; client: Promise<Socket> }> {
  let accept!: (s: Socket) => void;
  const client = new Promise<Socket>((resolve) => (accept = resolve));
  const server = createServer((s) => accept(s));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { port: (server.address() as { port: number }).port, client };
}

/** Runs triggers until the view holds `expected` (lines reach the source when they reach it, not when written). */
async function awaitCounts(query: StreamingQuery, view: string, expected: Record<string, number>): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    await query.processAllAvailable();
    const rows = await spark.table(view).collect();
    const got = Object.fromEntries(rows.map((r) => [r["word"] as string, Number(r["count"])]));
    if (JSON.stringify(Object.entries(got).sort()) === JSON.stringify(Object.entries(expected).sort())) return;
    assert.ok(Date.now() < deadline, `the word counts are still ${JSON.stringify(got)}, expected ${JSON.stringify(expected)}`);
  }
}

describe("word count over a socket (the programming guide's quick example)", () => {
  it("splits lines into words and keeps the complete counts in a memory sink as lines arrive", async () => {
    const { port, client } = await lineServer();
    const lines = spark.readStream.format("socket").option("host", "127.0.0.1").option("port", port).load();
    const words = lines.select(F.explode(F.split(lines.col("value"), " ")).alias("word"));
    const wordCounts = words.groupBy("word").count();
    const query = wordCounts.writeStream.outputMode("complete").format("memory").queryName("socket_word_counts").start();
    queries.push(query);
    const conn = await client;

    conn.write("apache spark\napache hadoop\n");
    await awaitCounts(query, "socket_word_counts", { apache: 2, spark: 1, hadoop: 1 });
    conn.write("spark structured streaming\n");
    await awaitCounts(query, "socket_word_counts", { apache: 2, spark: 2, hadoop: 1, structured: 1, streaming: 1 });

    const progress = query.recentProgress.filter((p) => p.numInputRows > 0);
    assert.equal(progress.reduce((n, p) => n + p.numInputRows, 0), 3, "three lines read in all");
    assert.equal(query.lastProgress!.stateOperators[0]!.numRowsTotal, 5, "five words kept in the aggregation's state");
  });

  it("a socket with no server stops the query with a StreamingQueryException that says what to start", async () => {
    const { port } = await lineServer();
    const closed = servers.pop()!;
    await new Promise((resolve) => closed.close(resolve)); // a port nobody listens on now
    const query = spark.readStream.format("socket").option("host", "127.0.0.1").option("port", port).load().writeStream.format("memory").queryName("no_server").start();
    await assert.rejects(query.awaitTermination(), (e: unknown) => e instanceof StreamingQueryException && /could not connect to 127\.0\.0\.1:\d+/.test(String(e.message)) && /nc -lk/.test(String(e.message)));
  });
});
