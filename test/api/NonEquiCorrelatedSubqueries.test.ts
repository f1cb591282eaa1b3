import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { SparkSession } from "../../src/index.js";

/** Aggregating subqueries correlated by more than `inner = outer` aggregate once per outer row (a domain join). */
let spark: SparkSession;
before(() => {
  spark = SparkSession.builder().master("local[2]").appName("non-equi-correlated-subqueries").getOrCreate();
  spark.createDataFrame([{ a: 1 }, { a: 2 }, { a: 4 }, { a: null }], "a INT").createOrReplaceTempView("outer_t");
  spark.createDataFrame([{ b: 1 }, { b: 2 }, { b: 4 }, { b: 4 }], "b INT").createOrReplaceTempView("inner_t");
});
after(() => spark.stop());

const rows = async (sql: string) => (await spark.sql(sql).collect()).map((r) => Object.values(r));

test("a scalar subquery correlated by a comparison counts per outer row, 0 where none match", async () => {
  assert.deepEqual(await rows("SELECT a, (SELECT count(*) FROM inner_t WHERE b < a) AS smaller FROM outer_t ORDER BY a"), [
    [null, 0n],
    [1, 0n],
    [2, 1n],
    [4, 2n],
  ]);
  assert.deepEqual(await rows("SELECT a, (SELECT max(b) FROM inner_t WHERE b < a) AS below FROM outer_t ORDER BY a"), [
    [null, null],
    [1, null],
    [2, 1],
    [4, 2],
  ]);
});

test("in a filter, and mixed with an equality", async () => {
  assert.deepEqual(await rows("SELECT a FROM outer_t WHERE (SELECT count(*) FROM inner_t WHERE b > a) >= 2 ORDER BY a"), [[1], [2]]);
  assert.deepEqual(await rows("SELECT a, (SELECT count(*) FROM inner_t WHERE b = a AND b > 1) AS n FROM outer_t ORDER BY a"), [
    [null, 0n],
    [1, 0n],
    [2, 1n],
    [4, 2n],
  ]);
});
