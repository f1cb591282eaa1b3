import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { AnalysisException, SparkSession } from "../../src/index.js";

let spark: SparkSession;
before(() => {
  spark = SparkSession.builder().master("local[1]").appName("predicate-subquery-position").config("spark.sql.shuffle.partitions", "2").getOrCreate();
  spark.createDataFrame([[1], [2], [null]], "a INT").createOrReplaceTempView("t");
  // 2 twice: an outer row must still appear once however many inner rows match it.
  spark.createDataFrame([[2], [2], [3]], "a INT").createOrReplaceTempView("u");
});
after(() => spark.stop());

const rows = (sql: string) => spark.sql(sql).collect();

test("EXISTS in a select list is true or false per outer row, never null, and never repeats a row", async () => {
  assert.deepEqual(await rows("SELECT a, EXISTS (SELECT 1 FROM u WHERE u.a = t.a) AS e FROM t ORDER BY a"), [
    { a: null, e: false },
    { a: 1, e: false },
    { a: 2, e: true },
  ]);
  // Uncorrelated, over an empty and a non-empty subquery, and correlated with the outer table itself.
  assert.deepEqual(await rows("SELECT a, NOT EXISTS (SELECT 1 FROM u WHERE u.a > 5) AS none, EXISTS (SELECT 1 FROM u) AS any FROM t WHERE a = 1"), [{ a: 1, none: true, any: true }]);
  assert.deepEqual(await rows("SELECT a, EXISTS (SELECT 1 FROM t y WHERE y.a = x.a + 1) AS f FROM t x ORDER BY a"), [
    { a: null, f: false },
    { a: 1, f: true },
    { a: 2, f: false },
  ]);
});

test("EXISTS under OR in a WHERE condition keeps the rows either side admits", async () => {
  assert.deepEqual(await rows("SELECT a FROM t WHERE a IS NULL OR EXISTS (SELECT 1 FROM u WHERE u.a = t.a + 1) ORDER BY a"), [{ a: null }, { a: 1 }, { a: 2 }]);
  assert.deepEqual(await rows("SELECT a FROM t WHERE a = 1 OR EXISTS (SELECT 1 FROM u WHERE u.a = 3 AND u.a = t.a) ORDER BY a"), [{ a: 1 }]);
});

test("IN subqueries in a select list or under OR give SQL's three values, correlated or not", async () => {
  spark.createDataFrame([[2, 1], [null, 1], [5, 2]], "a INT, g INT").createOrReplaceTempView("w");
  assert.deepEqual(await rows("SELECT a, a IN (SELECT a FROM u) AS i, a NOT IN (SELECT a FROM u) AS ni, a IN (SELECT a FROM u WHERE a > 10) AS e FROM t ORDER BY a"), [
    { a: null, i: null, ni: null, e: false },
    { a: 1, i: false, ni: true, e: false },
    { a: 2, i: true, ni: false, e: false },
  ]);
  // Per outer row: g = 1 holds 2 and null, g = 2 holds 5, no row has a null g.
  assert.deepEqual(await rows("SELECT a, a IN (SELECT w.a FROM w WHERE w.g = t.a) AS i FROM t ORDER BY a"), [
    { a: null, i: false },
    { a: 1, i: null },
    { a: 2, i: false },
  ]);
  assert.deepEqual(await rows("SELECT a FROM t WHERE a = 1 OR a IN (SELECT a FROM u) ORDER BY a"), [{ a: 1 }, { a: 2 }]);
});

const refused = (position: string) => (e: unknown) =>
  e instanceof AnalysisException &&
  e.message.startsWith("[UNSUPPORTED_SUBQUERY_EXPRESSION_CATEGORY.UNSUPPORTED_IN_EXISTS_SUBQUERY]") &&
  e.message.includes(`is used in ${position}`);

test("predicate subqueries the optimizer cannot rewrite are refused before any job runs", () => {
  assert.throws(() => spark.sql("SELECT EXISTS (SELECT 1 FROM u WHERE u.a > t.a) FROM t"), refused("the select list"));
  assert.throws(() => spark.sql("SELECT a FROM t WHERE a = 1 OR a IN (SELECT a FROM u WHERE u.a + t.a = 3)"), refused("a WHERE or HAVING condition other than"));
  assert.throws(() => spark.sql("SELECT count(*) FROM t GROUP BY EXISTS (SELECT 1 FROM u WHERE u.a = t.a)"), refused("an aggregation"));
});

test("negated and conjoined EXISTS and IN subqueries in WHERE still run as semi and anti joins", async () => {
  assert.deepEqual(await rows("SELECT a FROM t WHERE NOT EXISTS (SELECT 1 FROM u WHERE u.a = t.a) AND a IN (SELECT a - 1 FROM u) ORDER BY a"), [{ a: 1 }]);
});
