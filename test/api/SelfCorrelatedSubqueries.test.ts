import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { SparkSession } from "../../src/index.js";

/** Subqueries over the outer query's own table, answered as Spark answers them. */
let spark: SparkSession;
before(() => {
  spark = SparkSession.builder().master("local[2]").appName("self-correlated-subqueries").getOrCreate();
  spark.createDataFrame([{ a: 1 }, { a: 2 }, { a: 4 }], "a INT").createOrReplaceTempView("t");
});
after(() => spark.stop());

const rows = async (sql: string) => (await spark.sql(sql).collect()).map((r) => Object.values(r));

test("correlated EXISTS and NOT EXISTS over the same table", async () => {
  assert.deepEqual(await rows("SELECT a FROM t x WHERE EXISTS (SELECT 1 FROM t y WHERE y.a = x.a + 1)"), [[1]]);
  assert.deepEqual(await rows("SELECT a FROM t x WHERE NOT EXISTS (SELECT 1 FROM t y WHERE y.a = x.a + 1) ORDER BY a"), [[2], [4]]);
});

test("correlated scalar subqueries over the same table", async () => {
  assert.deepEqual(await rows("SELECT a, (SELECT count(*) FROM t y WHERE y.a = x.a * 2) AS doubled FROM t x ORDER BY a"), [
    [1, 1n],
    [2, 1n],
    [4, 0n],
  ]);
  assert.deepEqual(await rows("SELECT a FROM t x WHERE a < (SELECT max(y.a) FROM t y WHERE y.a = x.a + 1)"), [[1]]);
});
