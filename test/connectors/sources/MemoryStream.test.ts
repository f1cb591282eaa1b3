import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { SparkSession } from "../../../src/index.js";
import { MemoryStream } from "../../../src/api/MemoryStream.js";
import { MemorySourceProvider } from "../../../src/connectors/sources/memory/MemorySourceProvider.js";
import type { StreamingRelation } from "../../../src/plan/logical/Streaming.js";
import { StructType } from "../../../src/types/StructType.js";
import { batchRows, createSource, localSession } from "./sourceHarness.js";

let spark: SparkSession;
before(() => (spark = localSession()));
after(() => spark.stop());

const provider = new MemorySourceProvider();

/** The memory source a query over `input.toDF()` would make. */
function sourceOf(input: MemoryStream) {
  const relation = input.toDF().logicalPlan as StreamingRelation;
  assert.equal(relation.kind, "StreamingRelation");
  return createSource(spark, provider, relation.source["options"] as Record<string, string>);
}

describe("MemoryStream", () => {
  it("is a streaming DataFrame of the given schema, value INT by default", () => {
    const df = new MemoryStream(spark).toDF();
    assert.equal(df.isStreaming, true);
    assert.equal(df.schema.toDDL(), "value INT");
    assert.equal(new MemoryStream(spark, StructType.fromDDL("a STRING, b BIGINT")).toDF().schema.toDDL(), "a STRING, b BIGINT");
  });

  it("each addData is one batch; offsets count from 0 and a source reads any range of them again", async () => {
    const input = new MemoryStream(spark);
    const source = sourceOf(input);
    assert.equal(await source.latestOffset(null, "default"), null);
    assert.equal(input.addData(1, 2), 0);
    assert.equal(input.addData(3), 1);
    assert.equal(input.addData(), 2);
    assert.equal(await source.latestOffset(null, "default"), 2);
    assert.deepEqual(await batchRows(spark, source, null, 0), { rows: [[1], [2]], numRows: 2 });
    assert.deepEqual((await batchRows(spark, source, 0, 2)).rows, [[3]]);
    assert.deepEqual((await batchRows(spark, source, null, 2)).rows, [[1], [2], [3]]);
    await source.commit(2);
    assert.deepEqual((await batchRows(spark, source, null, 1)).rows, [[1], [2], [3]]);
    assert.equal(String(source), "MemoryStream[value]");
  });

  it("rows are plain values for one simple column, else arrays or objects keyed by column name", async () => {
    const input = new MemoryStream(spark, "name STRING, n BIGINT, at TIMESTAMP");
    input.addData(["a", 1n, new Date(1000)], { name: "b", n: 2, at: null });
    assert.deepEqual((await batchRows(spark, sourceOf(input), null, 0)).rows, [["a", 1n, 1_000_000n], ["b", 2n, null]]);
    const arrays = new MemoryStream(spark, "xs ARRAY<INT>");
    arrays.addData([1, 2], []);
    assert.deepEqual((await batchRows(spark, sourceOf(arrays), null, 0)).rows, [[[1, 2]], [[]]]);
    const objects = new MemoryStream(spark, "value STRING");
    objects.addData({ value: "x" }, ["y"], "z");
    assert.deepEqual((await batchRows(spark, sourceOf(objects), null, 0)).rows, [["x"], ["y"], ["z"]]);
  });

  it("refuses a value its schema cannot hold, and a bare value for several columns", () => {
    const input = new MemoryStream(spark);
    assert.throws(() => input.addData("one"), /field value: int can not accept object 'one'/);
    assert.throws(() => new MemoryStream(spark, "a INT, b INT").addData(5), /A row of MemoryStream\[a,b\] is an array of its 2 values or an object keyed by column name, not 5/);
    assert.equal(input.addData(1), 0, "a refused batch adds nothing");
  });

  it("Trigger.AvailableNow stops at the data there was when it was prepared", async () => {
    const input = new MemoryStream(spark);
    const source = sourceOf(input);
    input.addData(1);
    await source.prepareForTriggerAvailableNow();
    input.addData(2);
    assert.equal(await source.latestOffset(null, "default"), 0);
  });

  it("the memory source needs the id of a MemoryStream", () => {
    assert.throws(() => provider.sourceSchema({}, [], undefined, spark.sessionState), /needs the 'id' option of a MemoryStream.*none was given/);
    assert.throws(() => provider.sourceSchema({ id: "999999" }, [], undefined, spark.sessionState), /there is no MemoryStream with id '999999'/);
  });
});
