import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { SparkSession } from "../../../src/index.js";
import { RatePerMicroBatchProvider } from "../../../src/connectors/sources/rate/RatePerMicroBatchProvider.js";
import { StructType } from "../../../src/types/StructType.js";
import { batchRows, createSource, localSession } from "./sourceHarness.js";

let spark: SparkSession;
before(() => (spark = localSession()));
after(() => spark.stop());

const provider = new RatePerMicroBatchProvider();
const micros = (ms: number) => BigInt(ms) * 1000n;

describe("rate-micro-batch source", () => {
  it("needs a positive rowsPerBatch and checks every option with Spark's messages", () => {
    const schema = (options: Record<string, string>) => provider.sourceSchema(options, [], undefined, spark.sessionState);
    assert.throws(() => schema({}), { name: "IllegalArgumentException", message: "Invalid value '0'. The option 'rowsPerBatch' must be positive" });
    assert.throws(() => schema({ rowsPerBatch: "-1" }), /The option 'rowsPerBatch' must be positive/);
    assert.throws(() => schema({ rowsPerBatch: "1", numPartitions: "0" }), /The option 'numPartitions' must be positive/);
    assert.throws(() => schema({ rowsPerBatch: "1", startTimestamp: "-5" }), /Invalid value '-5'. The option 'startTimestamp' must be non-negative/);
    assert.throws(() => schema({ rowsPerBatch: "1", advanceMillisPerBatch: "-1" }), /The option 'advanceMillisPerBatch' must be non-negative/);
    assert.throws(() => schema({ rowsPerBatch: "1.5" }), /Invalid value '1.5' for option 'rowsPerBatch': expected a whole number/);
    assert.throws(() => provider.sourceSchema({ rowsPerBatch: "1" }, [], StructType.fromDDL("a INT"), spark.sessionState), /RatePerMicroBatchProvider source does not support user-specified schema/);
    assert.equal(schema({ ROWSPERBATCH: "1" }).toDDL(), "timestamp TIMESTAMP, value BIGINT");
  });

  it("batch N holds values [N * rowsPerBatch, (N + 1) * rowsPerBatch) at startTimestamp + N * advanceMillisPerBatch", async () => {
    const source = createSource(spark, provider, { rowsPerBatch: "3", startTimestamp: "1000", advanceMillisPerBatch: "500", numPartitions: "1" });
    const first = await source.latestOffset(null, "default");
    assert.deepEqual(first, { offset: 3, timestamp: 1500 });
    const second = await source.latestOffset(first, "default");
    assert.deepEqual(second, { offset: 6, timestamp: 2000 });
    assert.deepEqual(await batchRows(spark, source, null, first!), { rows: [0n, 1n, 2n].map((v) => [micros(1000), v]), numRows: 3 });
    assert.deepEqual((await batchRows(spark, source, first, second!)).rows, [3n, 4n, 5n].map((v) => [micros(1500), v]));
    assert.equal(String(source), "RatePerMicroBatchStream[rowsPerBatch=3, numPartitions=1, startTimestamp=1000, advanceMsPerBatch=500]");
  });

  it("defaults: timestamps from 0, a second apart; replaying offsets gives the same rows", async () => {
    const source = createSource(spark, provider, { rowsPerBatch: "2" });
    const end = { offset: 4, timestamp: 2000 };
    const once = await batchRows(spark, source, { offset: 2, timestamp: 1000 }, end);
    const again = await batchRows(spark, source, { offset: 2, timestamp: 1000 }, end);
    assert.deepEqual(once, again);
    assert.deepEqual([...once.rows].sort((a, b) => Number((a[1] as bigint) - (b[1] as bigint))), [[micros(1000), 2n], [micros(1000), 3n]]);
  });

  it("Trigger.AvailableNow runs exactly the next batch", async () => {
    const source = createSource(spark, provider, { rowsPerBatch: "5" });
    await source.prepareForTriggerAvailableNow();
    const end = await source.latestOffset(null, "default");
    assert.deepEqual(end, { offset: 5, timestamp: 1000 });
    assert.deepEqual(await source.latestOffset(end, "default"), end);
  });

  it("refuses an offset that is not its own", async () => {
    const source = createSource(spark, provider, { rowsPerBatch: "5" });
    await assert.rejects(source.getBatch(null, 5, []), /is not \{"offset":<rows>,"timestamp":<ms>\}/);
  });
});
