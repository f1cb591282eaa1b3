import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { functions as F, MemoryStream, SparkSession, Trigger } from "../../src/index.js";
import { ManualClock } from "../../src/util/Clock.js";
import { failGetBatch, lists } from "./ListSource.js";
import { AddData, AdvanceManualClock, AssertOnQuery, CheckAnswer, CheckLastBatch, ExpectFailure, StartStream, StopStream, testStream } from "./StreamTest.js";

let spark: SparkSession;

before(() => {
  spark = SparkSession.builder().master("local[2]").appName("StreamTest").config("spark.sql.shuffle.partitions", 3).getOrCreate();
});
after(async () => {
  await spark.stop();
});

const ts = (seconds: number) => new Date(seconds * 1000);
/** A window as collect() gives it: timestamps in microseconds. */
const windowOf = (startSeconds: number, endSeconds: number) => ({ start: BigInt(startSeconds) * 1_000_000n, end: BigInt(endSeconds) * 1_000_000n });

describe("StreamTest", () => {
  it("a map over a stream: answers survive a stop and a restart from the checkpoint", async () => {
    const input = new MemoryStream(spark, "value INT");
    const mapped = input.toDF().select(F.col("value").plus(1).alias("v"));
    await testStream(mapped, "append",
      AddData(input, 1, 2, 3),
      CheckAnswer({ v: 2 }, { v: 3 }, { v: 4 }),
      StopStream,
      AddData(input, 4),
      StartStream(),
      CheckAnswer({ v: 2 }, { v: 3 }, { v: 4 }, { v: 5 }),
      CheckLastBatch({ v: 5 }),
    );
  });

  it("a streaming count in update mode emits the keys each batch changed, with state across batches", async () => {
    const input = new MemoryStream(spark, "value INT");
    const counts = input.toDF().groupBy("value").count();
    await testStream(counts, "update",
      AddData(input, 3, 2, 3),
      CheckLastBatch({ value: 3, count: 2n }, { value: 2, count: 1n }),
      AddData(input, 3, 1),
      CheckLastBatch({ value: 3, count: 3n }, { value: 1, count: 1n }),
      StopStream,
      StartStream(),
      AddData(input, 2),
      CheckLastBatch({ value: 2, count: 2n }),
    );
  });

  it("complete mode writes the whole result table each batch", async () => {
    const input = new MemoryStream(spark, "value INT");
    const totals = input.toDF().groupBy(F.col("value").mod(2).alias("parity")).agg(F.sum("value").alias("total"));
    await testStream(totals, "complete",
      AddData(input, 1, 2, 3),
      CheckLastBatch({ parity: 1, total: 4n }, { parity: 0, total: 2n }),
      AddData(input, 4),
      CheckLastBatch({ parity: 1, total: 4n }, { parity: 0, total: 6n }),
    );
  });

  it("append mode emits a window once the watermark passes its end, and drops late rows", async () => {
    const input = new MemoryStream(spark, "time TIMESTAMP, word STRING");
    const windowed = input.toDF()
      .withWatermark("time", "10 seconds")
      .groupBy(F.window(F.col("time"), "10 seconds"))
      .count();
    await testStream(windowed, "append",
      AddData(input, { time: ts(1), word: "a" }, { time: ts(5), word: "b" }),
      CheckAnswer(),
      AddData(input, { time: ts(25), word: "c" }), // watermark becomes 15: the [0, 10) window is done
      CheckAnswer({ window: windowOf(0, 10), count: 2n }),
      AddData(input, { time: ts(3), word: "late" }), // behind the watermark: dropped
      AddData(input, { time: ts(40), word: "d" }), // watermark 30: [20, 30) is done
      CheckAnswer({ window: windowOf(0, 10), count: 2n }, { window: windowOf(20, 30), count: 1n }),
      AssertOnQuery((q) => {
        const dropped = q.recentProgress.reduce((n, p) => n + (p.stateOperators[0]?.numRowsDroppedByWatermark ?? 0), 0);
        assert.equal(dropped, 1);
      }),
    );
  });

  it("ProcessingTime runs on the manual clock's interval boundaries", async () => {
    const input = new MemoryStream(spark, "value INT");
    const clock = new ManualClock();
    await testStream(input.toDF(), "append",
      StartStream(Trigger.ProcessingTime("10 seconds"), clock),
      AddData(input, 1),
      AdvanceManualClock(10_000),
      CheckAnswer({ value: 1 }),
      AddData(input, 2),
      AssertOnQuery((q) => assert.equal(q.lastProgress?.batchId, 0, "no batch before the next boundary")),
      AdvanceManualClock(10_000),
      CheckAnswer({ value: 1 }, { value: 2 }),
      AssertOnQuery((q) => assert.equal(q.lastProgress?.timestamp, new Date(20_000).toISOString())),
    );
  });

  it("a failing query stops with a StreamingQueryException", async () => {
    lists.set("failing", [1]);
    failGetBatch.add("failing");
    try {
      const df = spark.readStream.format("test-list").option("name", "failing").load();
      await testStream(df, "append", ExpectFailure(/planted failure in failing/));
    } finally {
      failGetBatch.delete("failing");
    }
  });
});
