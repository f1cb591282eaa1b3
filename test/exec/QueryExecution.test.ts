import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import * as T from "../../src/types/index.js";
import { TestSession } from "./harness.js";

describe("QueryExecution: scans, projections and filters", () => {
  let s: TestSession;
  before(() => {
    s = new TestSession();
    s.view("t", { a: T.IntegerType, b: T.StringType, c: T.DoubleType }, [
      [1, "x", 1.5],
      [2, "y", null],
      [null, "z", 3.0],
      [4, null, 4.5],
    ]);
  });
  after(() => s.stop());

  it("selects literal rows from OneRowRelation", async () => {
    assert.deepEqual(await s.rows("SELECT 1 AS one, 'a' AS s"), [[1, "a"]]);
  });

  it("projects and filters a local relation, nulls included", async () => {
    assert.deepEqual(await s.rows("SELECT a + 1, b FROM t WHERE a > 1"), [[3, "y"], [5, null]]);
    assert.deepEqual(await s.rows("SELECT a FROM t WHERE b IS NULL OR c IS NULL"), [[2], [4]]);
  });

  it("ranges", async () => {
    s.rangeView("r5", 0, 5, 2);
    assert.deepEqual(await s.rows("SELECT id * 2 FROM r5"), [[0n], [2n], [4n], [6n], [8n]]);
  });
});

describe("QueryExecution: phases are computed once", () => {
  let s: TestSession;
  before(() => {
    s = new TestSession();
    s.view("t", { a: T.IntegerType }, [[1], [2]]);
  });
  after(() => s.stop());

  it("toRdd is one RDD per query, so persisting it serves later actions", async () => {
    const q = s.query("SELECT a * 10 FROM t");
    assert.equal(q.toRdd(), q.toRdd());
    q.toRdd().cache();
    assert.deepEqual(await q.executeCollect(), [[10], [20]]);
    assert.deepEqual(await q.executeCollect(), [[10], [20]]);
    assert.equal(q.optimizedPlan, q.optimizedPlan);
    assert.equal(q.executedPlan, q.executedPlan);
  });
});
