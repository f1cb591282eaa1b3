import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { SparkSession } from "../../../src/index.js";
import { RateStreamProvider } from "../../../src/connectors/sources/rate/RateStreamProvider.js";
import { valueAtSecond } from "../../../src/connectors/sources/rate/RateStreamSource.js";
import { StructType } from "../../../src/types/StructType.js";
import { ManualClock } from "../../../src/util/Clock.js";
import { batchRows, createSource, localSession, outputOf, tempDir } from "./sourceHarness.js";

let spark: SparkSession;
before(() => (spark = localSession()));
after(() => spark.stop());

const START = 1_700_000_000_000;
const micros = (ms: number) => BigInt(ms) * 1000n;
const byValue = (rows: unknown[][]) => [...rows].sort((a, b) => Number((a[1] as bigint) - (b[1] as bigint)));

describe("rate source", () => {
  it("has the schema timestamp, value and refuses a user schema", () => {
    const provider = new RateStreamProvider();
    assert.equal(provider.sourceSchema({}, [], undefined, spark.sessionState).toDDL(), "timestamp TIMESTAMP, value BIGINT");
    assert.throws(() => provider.sourceSchema({}, [], StructType.fromDDL("value BIGINT"), spark.sessionState), /RateStreamProvider source does not support user-specified schema/);
  });

  it("refuses bad options with Spark's messages, reading keys without case", () => {
    const schema = (options: Record<string, string>) => new RateStreamProvider().sourceSchema(options, [], undefined, spark.sessionState);
    assert.throws(() => schema({ rowsPerSecond: "0" }), { name: "IllegalArgumentException", message: "Invalid value '0'. The option 'rowsPerSecond' must be positive" });
    assert.throws(() => schema({ ROWSPERSECOND: "-3" }), /The option 'rowsPerSecond' must be positive/);
    assert.throws(() => schema({ rowsPerSecond: "ten" }), /Invalid value 'ten' for option 'rowsPerSecond': expected a whole number/);
    assert.throws(() => schema({ rampUpTime: "-1s" }), /Invalid value '-1'. The option 'rampUpTime' must not be negative/);
    assert.throws(() => schema({ rampUpTime: "soon" }), /rampUpTime: 'soon' is not a duration/);
    assert.throws(() => schema({ numPartitions: "0" }), /Invalid value '0'. The option 'numPartitions' must be positive/);
  });

  it("offers an offset per whole second elapsed; value i has timestamp start + i * 1000 / rowsPerSecond", async () => {
    const clock = new ManualClock(START);
    const source = createSource(spark, new RateStreamProvider(clock), { rowsPerSecond: "4", numPartitions: "1" });
    assert.equal(await source.latestOffset(null, "default"), null);
    clock.advance(999);
    assert.equal(await source.latestOffset(null, "default"), null);
    clock.advance(1001);
    assert.equal(await source.latestOffset(null, "default"), 2);
    const { rows, numRows } = await batchRows(spark, source, null, 2);
    assert.equal(numRows, 8);
    assert.deepEqual(rows, Array.from({ length: 8 }, (_, i) => [micros(START + i * 250), BigInt(i)]));
    const next = await batchRows(spark, source, 2, 3);
    assert.deepEqual(next.rows, Array.from({ length: 4 }, (_, i) => [micros(START + 2000 + i * 250), BigInt(8 + i)]));
    assert.match(String(source), /^RateStreamV2\[rowsPerSecond=4, rampUpTimeSeconds=0, numPartitions=1\]$/);
  });

  it("gives the same rows for the same offsets every time", async () => {
    const clock = new ManualClock(START);
    const source = createSource(spark, new RateStreamProvider(clock), { rowsPerSecond: "3" });
    clock.advance(5000);
    const first = await batchRows(spark, source, 1, 4);
    clock.advance(60_000);
    const again = await batchRows(spark, source, 1, 4);
    assert.deepEqual(again.rows, first.rows);
    assert.equal(first.rows.length, 9);
  });

  it("keeps its start time in the metadata path, so a restarted source continues the sequence", async () => {
    const metadataPath = join(tempDir(), "sources", "0");
    const clock = new ManualClock(START);
    const first = createSource(spark, new RateStreamProvider(clock), { rowsPerSecond: "2" }, { metadataPath });
    assert.equal(readFileSync(join(metadataPath, "0"), "utf8"), `v1\n${START}`);
    clock.advance(3000);
    const before = await batchRows(spark, first, null, 3);
    // A new source over the same metadata, hours later: the same start, so the same rows for the same offsets.
    const later = new ManualClock(START + 7_200_000);
    const restarted = createSource(spark, new RateStreamProvider(later), { rowsPerSecond: "2" }, { metadataPath });
    assert.deepEqual((await batchRows(spark, restarted, null, 3)).rows, before.rows);
    assert.equal(await restarted.latestOffset(3, "default"), 7200);
  });

  it("ramps up to rowsPerSecond over rampUpTime as Spark's valueAtSecond", async () => {
    // rampUpTime 4s, 10 rows/s: the speed grows by 2 a second, so the end values are 0 2 6 12 20 30 40.
    assert.deepEqual([0, 1, 2, 3, 4, 5, 6].map((s) => Number(valueAtSecond(BigInt(s), 10n, 4n))), [0, 2, 6, 12, 20, 30, 40]);
    const clock = new ManualClock(START);
    const source = createSource(spark, new RateStreamProvider(clock), { rowsPerSecond: "10", rampUpTime: "4s", numPartitions: "1" });
    clock.advance(2000);
    const { rows } = await batchRows(spark, source, 1, 2);
    // Second 1 to 2 holds values 2..5, spread evenly over that second.
    assert.deepEqual(rows, [2, 3, 4, 5].map((v, i) => [micros(START + 1000 + i * 250), BigInt(v)]));
    assert.match(String(source), /rampUpTimeSeconds=4/);
  });

  it("spreads the values over numPartitions tasks, partition p taking p, p + n, …", async () => {
    const clock = new ManualClock(START);
    const source = createSource(spark, new RateStreamProvider(clock), { rowsPerSecond: "6", numPartitions: "3" });
    clock.advance(1000);
    const { rows } = await batchRows(spark, source, null, 1);
    assert.deepEqual(rows.map((r) => Number(r[1])), [0, 3, 1, 4, 2, 5]);
    assert.deepEqual(byValue(rows).map((r) => r[0]), [0, 1, 2, 3, 4, 5].map((i) => micros(START + Math.round((i * 1000) / 6))));
  });

  it("generates the rows in tasks, as many batches as needed, and honours a pruned output", async () => {
    const clock = new ManualClock(START);
    const source = createSource(spark, new RateStreamProvider(clock), { rowsPerSecond: "10000", numPartitions: "2" });
    clock.advance(1000);
    const [, value] = outputOf(source.schema);
    const batch = await source.getBatch(null, 1, [value!]);
    assert.equal(batch.plan.kind, "DataSourceRelation");
    const { rows } = await batchRows(spark, source, null, 1, [value!]);
    assert.equal(rows.length, 10_000);
    assert.equal(new Set(rows.map((r) => r[0])).size, 10_000);
    assert.ok(rows.every((r) => r.length === 1 && typeof r[0] === "bigint"));
  });

  it("an empty range is an empty streaming batch", async () => {
    const source = createSource(spark, new RateStreamProvider(new ManualClock(START)), { rowsPerSecond: "1", rampUpTime: "5s" });
    // During ramp-up at 1 row a second the speed rounds down to nothing.
    assert.deepEqual(await batchRows(spark, source, 1, 2), { rows: [], numRows: 0 });
  });

  it("Trigger.AvailableNow stops at the seconds elapsed when it was prepared", async () => {
    const clock = new ManualClock(START);
    const source = createSource(spark, new RateStreamProvider(clock), {});
    clock.advance(2500);
    await source.prepareForTriggerAvailableNow();
    clock.advance(10_000);
    assert.equal(await source.latestOffset(null, "default"), 2);
  });

  it("spark.read of a rate source is refused: it is streaming only", () => {
    assert.throws(() => spark.read.format("rate").load(), /Table `rate` does not support batch scan.*spark\.readStream\.format\("rate"\)/);
  });
});
