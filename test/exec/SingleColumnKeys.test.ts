import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import * as T from "../../src/types/index.js";
import { sortRows, TestSession } from "./harness.js";

/**
 * A grouping or join key of one column is used by its value, not a canonical string: the values where that
 * could differ from Spark — null, NaN, -0.0, longs past 2^53 — each with codegen on and off (TestSession.rows).
 */
describe("one-column grouping and join keys", () => {
  let s: TestSession;
  const big = 9007199254740993n; // 2^53 + 1: a number would make it 2^53
  before(() => {
    s = new TestSession();
    s.view("d", { x: T.DoubleType, l: T.LongType, n: T.IntegerType }, [
      [-0, big, 1],
      [Number.NaN, big - 1n, 2],
      [0, big, 4],
      [null, null, 8],
      [Number.NaN, null, 16],
      [1.5, big - 1n, 32],
    ]);
    s.view("e", { y: T.DoubleType, m: T.LongType, name: T.StringType }, [
      [Number.NaN, big, "nan"],
      [0, big - 1n, "zero"],
      [null, null, "null"],
      [-0, 7n, "negzero"],
    ]);
  });
  after(() => s.stop());

  it("groups a double: every NaN in one group, -0.0 with 0.0 shown as 0.0, null in its own", async () => {
    assert.deepEqual(await s.sortedRows("SELECT x, sum(n), count(*) FROM d GROUP BY x"), [
      [0, 5n, 2n],
      [1.5, 32n, 1n],
      [Number.NaN, 18n, 2n],
      [null, 8n, 1n],
    ]);
  });

  it("groups a long by its exact value, past 2^53", async () => {
    assert.deepEqual(await s.sortedRows("SELECT l, sum(n) FROM d GROUP BY l"), [[big - 1n, 34n], [big, 5n], [null, 24n]]);
  });

  for (const [how, settings] of [
    ["broadcast", {}],
    ["shuffled", { "spark.sql.autoBroadcastJoinThreshold": "-1" }],
  ] as const) {
    describe(`${how} hash join`, () => {
      it("matches NaN with NaN and -0.0 with 0.0; null only by <=>", async () => {
        const pairs = [[1, "negzero"], [1, "zero"], [2, "nan"], [4, "negzero"], [4, "zero"], [16, "nan"]];
        assert.deepEqual(await s.sortedRows("SELECT n, name FROM d JOIN e ON x = y", settings), sortRows(pairs));
        assert.deepEqual(await s.sortedRows("SELECT n, name FROM d JOIN e ON x <=> y", settings), sortRows([...pairs, [8, "null"]]));
      });

      it("matches longs by their exact value, past 2^53", async () => {
        assert.deepEqual(await s.sortedRows("SELECT n, name FROM d JOIN e ON l = m", settings), sortRows([[1, "nan"], [2, "zero"], [4, "nan"], [32, "zero"]]));
        assert.deepEqual(await s.sortedRows("SELECT n, name FROM d JOIN e ON l <=> m", settings), sortRows([[1, "nan"], [2, "zero"], [4, "nan"], [8, "null"], [16, "null"], [32, "zero"]]));
      });
    });
  }
});
