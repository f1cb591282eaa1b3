/**
 * Runs each Structured Streaming example as a user would, `node dist/examples/<name>.js <args>`, against a line
 * server or directories of this test, and checks what it prints or writes.
 */
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, describe, it } from "node:test";
import { SparkSession } from "../../../src/index.js";

let spark: SparkSession;
const children = new Set<ChildProcess>();
const servers: Server[] = [];
const dirs: string[] = [];

before(() => {
  spark = SparkSession.builder().master("local[2]").appName("ExamplesTest").config("spark.sql.session.timeZone", "UTC").getOrCreate();
});
after(async () => {
  for (const child of children) child.kill("SIGKILL");
  for (const server of servers) server.close();
  await spark.stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A running example: its output so far, and a wait for output that matches. */
class Example {
  readonly process: ChildProcess;
  readonly exited: Promise<number | null>;
  private out = "";
  private readonly waiters = new Set<() => void>();

  constructor(name: string, args: readonly string[]) {
    const script = fileURLToPath(new URL(`../../../examples/${name}.js`, import.meta.url));
    const env = { ...process.env };
    delete env["NODE_TEST_CONTEXT"]; // an example is a program, not a test file reporting to this runner
    this.process = spawn(process.execPath, [script, ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
    children.add(this.process);
    const take = (d: Buffer) => {
      this.out += d.toString();
      for (const w of this.waiters) w();
    };
    this.process.stdout!.on("data", take);
    this.process.stderr!.on("data", take);
    this.exited = new Promise((resolve) => {
      this.process.on("exit", (code) => {
        children.delete(this.process);
        for (const w of this.waiters) w();
        resolve(code);
      });
    });
  }

  get output(): string {
    return this.out;
  }

  /** Resolves with the first value `found` gives for the output so far, waiting for more output until it does. */
  async waitFor<T>(what: string, found: (output: string) => T | undefined): Promise<T> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const value = found(this.out);
      if (value !== undefined) return value;
      assert.ok(this.process.exitCode === null, `the example exited before printing ${what}:\n${this.out}`);
      assert.ok(Date.now() < deadline, `the example did not print ${what} within 30 s:\n${this.out}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, deadline - Date.now());
        const waiters = this.waiters;
        function done() {
          clearTimeout(timer);
          waiters.delete(done);
          resolve();
        }
        waiters.add(done);
      });
    }
  }
}

/** A line server on a free loopback port, as `nc -lk <port>`; `client` is the example's connection. */
async function lineServer(): Promise<{ port: number; client: Promise<Socket> }> {
  let accept!: (s: Socket) => void;
  const client = new Promise<Socket>((resolve) => (accept = resolve));
  const server = createServer((s) => accept(s));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { port: (server.address() as { port: number }).port, client };
}

/** The rows of each console sink table printed so far, by batch: each row its cells, trimmed. */
function consoleBatches(output: string): string[][][] {
  const batches: string[][][] = [];
  for (const block of output.split(/^-+\nBatch: \d+\n-+\n/m).slice(1)) {
    const lines = block.split("\n").filter((l) => l.startsWith("|"));
    batches.push(lines.slice(1).map((l) => l.slice(1, -1).split("|").map((c) => c.trim())));
  }
  return batches;
}

/** The last table, when it is complete in the output (its closing rule printed). */
function lastBatch(output: string): string[][] | undefined {
  const batches = consoleBatches(output);
  return /\+\n\n$/.test(output) ? batches.at(-1) : undefined;
}

/** A word count table as `word=count` sorted, e.g. `apache=2 spark=1`. */
function counts(rows: string[][] | undefined): string | undefined {
  return rows?.map(([word, count]) => `${word}=${count}`).sort().join(" ");
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "kindling-example-"));
  dirs.push(dir);
  return dir;
}

describe("Structured Streaming examples", () => {
  it("StructuredNetworkWordCount prints the running word counts of the lines it is sent", async () => {
    const { port, client } = await lineServer();
    const example = new Example("StructuredNetworkWordCount", ["127.0.0.1", String(port)]);
    const conn = await client;
    conn.write("apache spark\napache hadoop\n");
    await example.waitFor("the counts of the first lines", (out) => (counts(lastBatch(out)) === "apache=2 hadoop=1 spark=1" ? true : undefined));
    conn.write("spark streaming\n");
    await example.waitFor("the counts after another line", (out) => (counts(lastBatch(out)) === "apache=2 hadoop=1 spark=2 streaming=1" ? true : undefined));
    assert.match(example.output, /\+------\+-----\+\n\| {2}word\|count\|/, "the console sink's header, as show() prints it");
    example.process.kill();
  });

  it("StructuredNetworkWordCountWindowed prints counts in sliding windows of arrival time, ordered by window", async () => {
    const { port, client } = await lineServer();
    const example = new Example("StructuredNetworkWordCountWindowed", ["127.0.0.1", String(port), "10", "5"]);
    const conn = await client;
    conn.write("apache spark\napache hadoop\n");
    // Each of the 4 words falls into two 10-second windows sliding by 5: 8 in all, once both lines are in.
    const rows = await example.waitFor("windowed counts of both lines", (out) => {
      const rows = lastBatch(out);
      return rows && rows.reduce((n, [, , count]) => n + Number(count), 0) === 8 ? rows : undefined;
    });
    const perWord = new Map<string, number>();
    for (const [, word, count] of rows) perWord.set(word!, (perWord.get(word!) ?? 0) + Number(count));
    assert.deepEqual(Object.fromEntries(perWord), { apache: 4, spark: 2, hadoop: 2 });
    const windows = rows.map(([w]) => w!);
    assert.deepEqual(windows, [...windows].sort(), "ordered by window");
    for (const w of windows) {
      const m = /^\{(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d), (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)\}$/.exec(w);
      assert.ok(m, `a whole window (truncate false): ${w}`);
      assert.equal(Date.parse(`${m[2]}Z`) - Date.parse(`${m[1]}Z`), 10_000);
      assert.equal(Date.parse(`${m[1]}Z`) % 5_000, 0);
    }
    example.process.kill();
  });

  it("the network examples say how to call them", async () => {
    for (const [name, usage] of [
      ["StructuredNetworkWordCount", "Usage: StructuredNetworkWordCount <hostname> <port>"],
      ["StructuredNetworkWordCountWindowed", "Usage: StructuredNetworkWordCountWindowed <hostname> <port> <window duration in seconds> [<slide duration in seconds>]"],
    ] as const) {
      const example = new Example(name, ["localhost"]);
      assert.equal(await example.exited, 1);
      assert.equal(example.output.trim(), usage);
    }
  });

  describe("FilePipeline", () => {
    const reading = (time: string, device: string, temperature: number) => JSON.stringify({ time, device, temperature });

    /** Drops a file into `dir` whole: written under a hidden name, then renamed. */
    function drop(dir: string, name: string, lines: readonly string[]): void {
      writeFileSync(join(dir, `.${name}.tmp`), lines.join("\n") + "\n");
      renameSync(join(dir, `.${name}.tmp`), join(dir, name));
    }

    async function table(output: string): Promise<string[]> {
      const rows = await spark.read.parquet(output).selectExpr("CAST(date AS STRING) AS date", "device", "celsius", "fahrenheit").collect();
      return rows.map((r) => `${r["date"]} ${r["device"]} ${r["celsius"]} ${r["fahrenheit"]}`).sort();
    }

    it("with availableNow writes the readings there now, cleaned and partitioned by date, and ends", async () => {
      const root = tempDir();
      const [input, output, checkpoint] = ["input", "output", "checkpoint"].map((d) => join(root, d)) as [string, string, string];
      mkdirSync(input);
      drop(input, "a.json", [reading("2024-05-01T10:00:00Z", "d1", 21.5), "not a reading", reading("2024-05-02T09:00:00Z", "d2", -3)]);
      drop(input, "b.json", [reading("2024-05-02T10:00:00Z", "d1", 100)]);
      const example = new Example("FilePipeline", [input, output, checkpoint, "availableNow"]);
      assert.equal(await example.exited, 0, example.output);
      assert.match(example.output, /Stopped\. .* holds 3 readings:\n {2}date=2024-05-01: 1\n {2}date=2024-05-02: 2\n/);
      assert.deepEqual(await table(output), ["2024-05-01 d1 21.5 70.7", "2024-05-02 d1 100 212", "2024-05-02 d2 -3 26.6"]);

      // Run again: nothing new, nothing written twice.
      drop(input, "c.json", [reading("2024-05-03T00:00:00Z", "d3", 0)]);
      const again = new Example("FilePipeline", [input, output, checkpoint, "availableNow"]);
      assert.equal(await again.exited, 0, again.output);
      assert.deepEqual(await table(output), ["2024-05-01 d1 21.5 70.7", "2024-05-02 d1 100 212", "2024-05-02 d2 -3 26.6", "2024-05-03 d3 0 32"]);
    });

    it("runs until stopped, picking up files as they arrive, and stops cleanly on SIGINT", async () => {
      const root = tempDir();
      const [input, output, checkpoint] = ["input", "output", "checkpoint"].map((d) => join(root, d)) as [string, string, string];
      mkdirSync(input);
      const example = new Example("FilePipeline", [input, output, checkpoint]);
      await example.waitFor("that it started", (out) => (out.includes("until stopped") ? true : undefined));
      const read = (out: string) => [...out.matchAll(/^batch \d+: (\d+) readings/gm)].reduce((n, m) => n + Number(m[1]), 0);
      drop(input, "a.json", [reading("2024-06-01T00:00:00Z", "d1", 10), reading("2024-06-01T01:00:00Z", "d2", 20)]);
      await example.waitFor("a batch of the first file", (out) => (read(out) === 2 ? true : undefined));
      drop(input, "b.json", [reading("2024-06-02T00:00:00Z", "d1", 30)]);
      await example.waitFor("a batch of the second file", (out) => (read(out) === 3 ? true : undefined));
      example.process.kill("SIGINT");
      assert.equal(await example.exited, 0, example.output);
      assert.match(example.output, /Stopped\. .* holds 3 readings:/);
      assert.deepEqual(await table(output), ["2024-06-01 d1 10 50", "2024-06-01 d2 20 68", "2024-06-02 d1 30 86"]);
    });

    it("says how to call it", async () => {
      const example = new Example("FilePipeline", ["only-input"]);
      assert.equal(await example.exited, 1);
      assert.equal(example.output.trim(), "Usage: FilePipeline <inputDir> <outputDir> <checkpointDir> [availableNow]");
    });
  });
});
