/**
 * The programming guide's windowed word count with a watermark ("Handling Late Data and Watermarking"): 10-minute
 * windows sliding every 5 minutes, a 10-minute watermark, append mode. A window is written once, when the
 * watermark passes its end; data later than the watermark is dropped and counted as dropped.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { functions as F, MemoryStream, SparkSession, type StreamingQuery } from "../../../src/index.js";

let spark: SparkSession;
const queries: StreamingQuery[] = [];

before(() => {
  spark = SparkSession.builder().master("local[2]").appName("WindowedWordCountTest").config("spark.sql.shuffle.partitions", 2).config("spark.sql.session.timeZone", "UTC").getOrCreate();
});
after(async () => {
  for (const q of queries) await q.stop();
  await spark.stop();
});

const at = (hhmm: string) => new Date(`2024-01-01T${hhmm}:00Z`);

/** The memory sink's rows as `start-end word count`, sorted. */
async function emitted(view: string): Promise<string[]> {
  const rows = await spark.table(view).select(F.date_format(F.col("window.start"), "HH:mm").alias("start"), F.date_format(F.col("window.end"), "HH:mm").alias("end"), "word", "count").collect();
  return rows.map((r) => `${r["start"]}-${r["end"]} ${r["word"]} ${r["count"]}`).sort();
}

describe("windowed word count with a watermark (the programming guide's late-data example)", () => {
  it("append mode writes each window once the watermark passes its end, and drops data behind the watermark", async () => {
    const input = new MemoryStream(spark, "word STRING, timestamp TIMESTAMP");
    const words = input.toDF();
    const windowedCounts = words
      .withWatermark("timestamp", "10 minutes")
      .groupBy(F.window(words.col("timestamp"), "10 minutes", "5 minutes"), words.col("word"))
      .count();
    const query = windowedCounts.writeStream.outputMode("append").format("memory").queryName("windowed_word_counts").start();
    queries.push(query);

    input.addData(["cat", at("12:07")], ["dog", at("12:08")], ["owl", at("12:07")]);
    await query.processAllAvailable();
    input.addData(["dog", at("12:14")], ["cat", at("12:09")]);
    await query.processAllAvailable();
    assert.deepEqual(await emitted("windowed_word_counts"), [], "no window has ended before the watermark (12:14 - 10 min) yet");

    input.addData(["owl", at("12:21")]); // the watermark moves to 12:11: 12:00-12:10 is finished
    await query.processAllAvailable();
    assert.deepEqual(await emitted("windowed_word_counts"), ["12:00-12:10 cat 2", "12:00-12:10 dog 1", "12:00-12:10 owl 1"]);
    assert.equal(query.lastProgress!.eventTime["watermark"], "2024-01-01T12:11:00.000Z");

    // 12:04 is behind the watermark (both its windows end by 12:11): dropped. 12:13 is not.
    input.addData(["dog", at("12:04")], ["cat", at("12:13")]);
    await query.processAllAvailable();
    const late = query.lastProgress!;
    assert.equal(late.numInputRows, 2);
    assert.equal(late.stateOperators[0]!.numRowsDroppedByWatermark, 2, "the late row's two windows, counted after the partial aggregation as Spark counts them");
    assert.equal((await emitted("windowed_word_counts")).length, 3, "nothing new is finished");

    input.addData(["owl", at("12:30")]); // the watermark moves to 12:20
    await query.processAllAvailable();
    assert.deepEqual(await emitted("windowed_word_counts"), [
      "12:00-12:10 cat 2",
      "12:00-12:10 dog 1",
      "12:00-12:10 owl 1",
      "12:05-12:15 cat 3",
      "12:05-12:15 dog 2",
      "12:05-12:15 owl 1",
      "12:10-12:20 cat 1",
      "12:10-12:20 dog 1",
    ]);
  });

  it("append mode refuses an aggregation without a watermark, as Spark does", () => {
    const input = new MemoryStream(spark, "word STRING, timestamp TIMESTAMP");
    const counts = input.toDF().groupBy(F.window(F.col("timestamp"), "10 minutes"), F.col("word")).count();
    assert.throws(
      () => counts.writeStream.outputMode("append").format("memory").queryName("no_watermark").start(),
      /Append output mode not supported when there are streaming aggregations on streaming DataFrames\/DataSets without watermark/,
    );
  });
});
