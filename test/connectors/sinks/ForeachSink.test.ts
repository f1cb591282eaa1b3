import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { SparkSession } from "../../../src/index.js";
import { TaskContext } from "../../../src/core/TaskContext.js";
import { foreachSink } from "../../../src/connectors/sinks/ForeachSink.js";
import type { ForeachWriter } from "../../../src/connectors/sinks/ForeachWriter.js";
import type { RowObject } from "../../../src/exec/RowObjects.js";
import type { CollectionAccumulator } from "../../../src/core/Accumulator.js";
import { sinkContext } from "./sinkHarness.js";

type Event = [string, ...unknown[]];

describe("foreach sink", () => {
  let spark: SparkSession;
  before(() => (spark = SparkSession.builder().master("local[2]").getOrCreate()));
  after(() => spark.stop());

  /** Six rows in two partitions: ids 0-2 and 3-5. */
  const sixRows = () => spark.range(0, 6, 1, 2).selectExpr("id", "CAST(id AS STRING) AS s").queryExecution;
  const run = async (writer: Parameters<typeof foreachSink>[0], batchId: number, captured?: Record<string, unknown>) =>
    foreachSink(writer, captured).createSink(sinkContext(spark)).addBatch(batchId, sixRows());
  /** The events each partition's task recorded, in the order that task recorded them. */
  const byPartition = (events: Event[]) => {
    const out = new Map<unknown, Event[]>();
    for (const e of events) {
      const p = e[1];
      if (!out.has(p)) out.set(p, []);
      out.get(p)!.push(e);
    }
    return new Map([...out].sort(([a], [b]) => Number(a) - Number(b)));
  };

  test("each partition's task opens its own writer with (partitionId, epochId), processes its rows as objects, then closes it", async () => {
    const events = spark.sparkContext.collectionAccumulator<Event>();
    const writer = {
      events,
      partition: -1,
      open(partitionId: number, epochId: number) {
        this.partition = partitionId;
        // Runs in the task: TaskContext is the executor's.
        this.events.add(["open", partitionId, epochId, TaskContext.get()!.partitionId]);
        return true;
      },
      process(row: RowObject) {
        this.events.add(["process", this.partition, row]);
      },
      close(error: Error | null) {
        this.events.add(["close", this.partition, error]);
      },
    };
    await run(writer, 4, { TaskContext });
    assert.deepEqual(byPartition(events.value), new Map([
      [0, [["open", 0, 4, 0], ["process", 0, { id: 0n, s: "0" }], ["process", 0, { id: 1n, s: "1" }], ["process", 0, { id: 2n, s: "2" }], ["close", 0, null]]],
      [1, [["open", 1, 4, 1], ["process", 1, { id: 3n, s: "3" }], ["process", 1, { id: 4n, s: "4" }], ["process", 1, { id: 5n, s: "5" }], ["close", 1, null]]],
    ]));
    assert.equal(writer.partition, -1, "the driver's writer is not the one the tasks used");
  });

  test("when open returns false the partition's rows are skipped, and close is still called", async () => {
    const events = spark.sparkContext.collectionAccumulator<Event>();
    await run({
      open: (partitionId: number) => (events.add(["open", partitionId]), partitionId === 1),
      process: (row: RowObject) => events.add(["process", Number(row["id"]) < 3 ? 0 : 1]),
      close: () => events.add(["close", "-"]),
    }, 0, { events });
    const seen = events.value;
    assert.deepEqual(seen.filter((e) => e[0] === "process").map((e) => e[1]), [1, 1, 1]);
    assert.equal(seen.filter((e) => e[0] === "close").length, 2);
  });

  test("a class instance ships as its fields and methods; captured values reach every method; open and close may be left out", async () => {
    class Collector implements ForeachWriter {
      readonly seen: CollectionAccumulator<string>;
      constructor(seen: CollectionAccumulator<string>, readonly tag: string) {
        this.seen = seen;
      }
      process(row: RowObject): void {
        this.seen.add(this.label(row));
      }
      label(row: RowObject): string {
        return `${prefix}${this.tag}:${String(row["s"])}`;
      }
    }
    const seen = spark.sparkContext.collectionAccumulator<string>();
    const prefix = ">";
    await run(new Collector(seen, "c"), 0, { prefix });
    assert.deepEqual(seen.value.sort(), [">c:0", ">c:1", ">c:2", ">c:3", ">c:4", ">c:5"]);
    const rows = spark.sparkContext.collectionAccumulator<unknown>();
    await run((row: RowObject) => rows.add(row["id"]), 0, { rows });
    assert.deepEqual(rows.value.map(Number).sort(), [0, 1, 2, 3, 4, 5]);
  });

  test("a replayed batch runs again with the same epoch id, for the writer to deduplicate (Spark's foreach is at-least-once)", async () => {
    const epochs = spark.sparkContext.collectionAccumulator<number>();
    const writer = { open: (_p: number, epochId: number) => (epochs.add(epochId), true), process: () => undefined };
    const sink = foreachSink(writer, { epochs }).createSink(sinkContext(spark));
    await sink.addBatch(2, sixRows());
    await sink.addBatch(2, sixRows());
    assert.deepEqual(epochs.value, [2, 2, 2, 2]);
  });

  test("an error in process reaches close, then fails the batch", async () => {
    const writer = {
      process(row: RowObject) {
        if (row["id"] === 4n) throw new Error("cannot write row 4");
      },
      close(error: Error | null) {
        if (error !== null) throw new Error(`close saw: ${error.message}`);
      },
    };
    await assert.rejects(run(writer, 0), /close saw: cannot write row 4/);
  });

  test("a writer using a variable it was not given is refused when given, not when a task runs", () => {
    const table = "events";
    const writer = { process: (row: RowObject) => console.log(table, row) };
    assert.throws(() => foreachSink(writer), (e: Error) =>
      e.message.startsWith("Task not serializable: the function given to foreach cannot be sent to executors: the function uses 'table', which it was not given."));
    assert.doesNotThrow(() => foreachSink(writer, { table }));
  });

  test("refuses what cannot run in a task: no process, async methods, live objects as fields, accessors; and partitionBy", () => {
    assert.throws(() => foreachSink({ open: () => true } as never), /writeStream.foreach expects a ForeachWriter \(an object with process\(row\)/);
    assert.throws(() => foreachSink({ async process() {} }), /Task not serializable: the writer given to foreach cannot be sent to executors: its process is async/);
    assert.throws(() => foreachSink({ conn: new (class Pool {})(), process() {} } as ForeachWriter), /Task not serializable: foreach: captured value 'writer'.conn is an instance of Pool/);
    class WithGetter {
      get table() {
        return "t";
      }
      process() {}
    }
    assert.throws(() => foreachSink(new WithGetter()), /its class has an accessor 'table'/);
    assert.throws(() => foreachSink({ process() {} }).createSink(sinkContext(spark, { partitionColumns: ["id"] })), /'foreach' does not support partitioning/);
  });

  test("open must return a boolean, as in PySpark", async () => {
    await assert.rejects(run({ open: () => undefined as unknown as boolean, process() {} }, 9), /ForeachWriter.open\(\d, 9\) must return true or false .* but returned undefined/);
  });
});
