import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { AttributeReference } from "../../../src/expr/AttributeReference.js";
import { LocalRelation } from "../../../src/plan/logical/Relations.js";
import { Deduplicate } from "../../../src/plan/logical/UnaryNodes.js";
import { parsePlan } from "../../../src/sql/SqlParser.js";
import { IntegerType, StringType, TimestampType } from "../../../src/types/AtomicTypes.js";
import { MicroBatchHarness, localContext, sorted, ts } from "./harness.js";

const sc = localContext();
after(() => sc.stop());

const tenSeconds = { column: "time", delay: "10 seconds", delayMs: 10_000 };

describe("EventTimeWatermarkExec", () => {
  it("passes rows through and reports the batch's event times in ms; a batch without rows reports none", async () => {
    const h = MicroBatchHarness.sql(sc, { time: TimestampType, v: IntegerType }, "append", "SELECT v FROM events WHERE v > 0", tenSeconds);
    const b0 = await h.run([[ts(4), 1], [ts(10), 2], [ts(1), 0], [null, 3]]);
    assert.deepEqual(sorted(b0.rows), [[1], [2], [3]]);
    assert.deepEqual(b0.eventTimeStats, [{ min: 1_000, max: 10_000, avg: 5_000, count: 3 }]);
    assert.match(b0.explain, /EventTimeWatermark time: timestamp, 10 seconds/);
    assert.equal(b0.stateOperators.length, 0);
    assert.deepEqual((await h.run([])).eventTimeStats, [null]);
  });

  it("a stateless query needs no batch without data when the watermark moves", async () => {
    const h = MicroBatchHarness.sql(sc, { time: TimestampType, v: IntegerType }, "append", "SELECT v FROM events", tenSeconds);
    await h.run([[ts(100), 1]]);
    assert.equal(h.watermarkMs, 90_000);
    assert.equal(h.needsNoDataBatch(), false);
  });

  it("a query without withWatermark plans no EventTimeWatermarkExec and reports no event times", async () => {
    const h = MicroBatchHarness.sql(sc, { time: TimestampType }, "append", "SELECT time FROM events");
    assert.deepEqual((await h.run([[ts(1)]])).eventTimeStats, []);
  });
});

describe("Streaming limits", () => {
  it("in append mode, a limit counts the rows of every batch so far", async () => {
    const h = MicroBatchHarness.sql(sc, { v: IntegerType }, "append", "SELECT v FROM events LIMIT 3");
    assert.equal((await h.run([[1], [2]])).rows.length, 2);
    const b1 = await h.run([[3], [4], [5]]);
    assert.equal(b1.rows.length, 1);
    assert.equal(b1.stateOperators[0]!.operatorName, "globalLimit");
    assert.match(b1.explain, /StreamingGlobalLimit 3, state info \[ checkpoint = [^\]]+, opId = 0, ver = 1, numPartitions = 1\], Append/);
    assert.deepEqual((await h.run([[6]])).rows, []);
  });

  it("in complete mode, a sorted limit takes the top of the whole result each batch", async () => {
    const h = MicroBatchHarness.sql(sc, { k: StringType }, "complete", "SELECT k, count(*) AS c FROM events GROUP BY k ORDER BY c DESC, k LIMIT 2");
    assert.deepEqual((await h.run([["a"], ["b"], ["b"], ["c"]])).rows, [["b", 2n], ["a", 1n]]);
    assert.deepEqual((await h.run([["c"], ["c"], ["a"]])).rows, [["c", 3n], ["a", 2n]]);
  });

  it("in complete mode, sorting the whole result (a range exchange, which computes the state twice) still counts each partition once", async () => {
    const h = MicroBatchHarness.sql(sc, { k: StringType }, "complete", "SELECT k, count(*) AS c FROM events GROUP BY k ORDER BY k");
    const b0 = await h.run([["b"], ["a"], ["c"], ["a"]]);
    assert.deepEqual(b0.rows, [["a", 2n], ["b", 1n], ["c", 1n]]);
    assert.equal(b0.stateOperators[0]!.numStateStoreInstances, 3);
    assert.equal(b0.stateOperators[0]!.numRowsUpdated, 3);
    assert.deepEqual((await h.run([["d"], ["a"]])).rows, [["a", 3n], ["b", 1n], ["c", 1n], ["d", 1n]]);
  });
});

describe("Several stateful operators", () => {
  it("get operator ids from the top, the same in every batch, and each its own state", async () => {
    const h = new MicroBatchHarness(
      sc,
      { id: StringType, time: TimestampType },
      "append",
      (source, catalog) => {
        const id = source.kind === "EventTimeWatermark" ? source.child : source;
        const [idAttr] = (id as ReturnType<typeof LocalRelation>).output;
        catalog.createOrReplaceTempView("unique_events", Deduplicate([idAttr!], source));
        return parsePlan("SELECT window(time, '10 seconds') AS w, count(*) AS c FROM unique_events GROUP BY window(time, '10 seconds')", { timeZone: "UTC" });
      },
      tenSeconds,
    );
    await h.run([["a", ts(1)], ["a", ts(2)], ["b", ts(3)], ["c", ts(30)]]);
    const b1 = await h.run([["b", ts(4)], ["d", ts(41)]]);
    assert.deepEqual(b1.rows, [[[ts(0), ts(10)], 2n]], "a and b once each; b again is a duplicate");
    assert.deepEqual(b1.stateOperators.map((s) => s.operatorName), ["stateStoreSave", "dedupe"]);
    assert.match(b1.explain, /StateStoreSave \[window\], state info \[[^\]]*opId = 0/);
    assert.match(b1.explain, /StreamingDeduplicate \[id\], state info \[[^\]]*opId = 1/);
  });
});

describe("Stream-static joins", () => {
  const customers = LocalRelation([AttributeReference("cid", StringType), AttributeReference("name", StringType)], [["a", "Ann"], ["b", "Bob"]]);
  const joinQuery = (sql: string) => (source: Parameters<ConstructorParameters<typeof MicroBatchHarness>[3]>[0], catalog: Parameters<ConstructorParameters<typeof MicroBatchHarness>[3]>[1]) => {
    catalog.createOrReplaceTempView("events", source);
    catalog.createOrReplaceTempView("customers", customers);
    return parsePlan(sql, { timeZone: "UTC" });
  };

  for (const [type, sql, expected] of [
    ["inner", "SELECT e.cid, c.name FROM events e JOIN customers c ON e.cid = c.cid", [["a", "Ann"], ["b", "Bob"]]],
    ["left outer", "SELECT e.cid, c.name FROM events e LEFT JOIN customers c ON e.cid = c.cid", [["a", "Ann"], ["b", "Bob"], ["z", null]]],
    ["left semi", "SELECT e.cid FROM events e LEFT SEMI JOIN customers c ON e.cid = c.cid", [["a"], ["b"]]],
  ] as const) {
    it(`${type} joins each batch with the static side, broadcast, and keeps no state`, async () => {
      const h = new MicroBatchHarness(sc, { cid: StringType }, "append", joinQuery(sql));
      const b = await h.run([["a"], ["b"], ["z"]]);
      assert.deepEqual(sorted(b.rows), expected);
      assert.match(b.explain, /BroadcastHashJoin/);
      assert.equal(b.stateOperators.length, 0);
    });
  }

  it("an aggregation over a stream-static join keeps its state per key", async () => {
    const h = new MicroBatchHarness(sc, { cid: StringType }, "update", joinQuery("SELECT c.name, count(*) AS n FROM events e JOIN customers c ON e.cid = c.cid GROUP BY c.name"));
    assert.deepEqual(sorted((await h.run([["a"], ["b"], ["a"]])).rows), [["Ann", 2n], ["Bob", 1n]]);
    assert.deepEqual((await h.run([["a"], ["z"]])).rows, [["Ann", 3n]]);
  });
});
