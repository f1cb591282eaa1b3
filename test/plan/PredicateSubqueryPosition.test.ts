import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { AnalysisException, SparkSession } from "../../src/index.js";

let spark: SparkSession;
before(() => {
  spark = SparkSession.builder().master("local[1]").appName("predicate-subquery-position").getOrCreate();
  spark.createDataFrame([[1], [2], [null]], "a INT").createOrReplaceTempView("t");
  spark.createDataFrame([[2], [3]], "a INT").createOrReplaceTempView("u");
});
after(() => spark.stop());

const refused = (position: string) => (e: unknown) =>
  e instanceof AnalysisException &&
  e.message.startsWith("[UNSUPPORTED_SUBQUERY_EXPRESSION_CATEGORY.UNSUPPORTED_IN_EXISTS_SUBQUERY]") &&
  e.message.includes(`is used in ${position}`);

test("EXISTS and IN subqueries outside a top-level WHERE conjunct are refused before any job runs", () => {
  assert.throws(() => spark.sql("SELECT a, EXISTS (SELECT 1 FROM u WHERE u.a = t.a) AS e FROM t"), refused("the select list"));
  assert.throws(() => spark.sql("SELECT a IN (SELECT a FROM u) FROM t"), refused("the select list"));
  assert.throws(() => spark.sql("SELECT a FROM t WHERE a = 1 OR EXISTS (SELECT 1 FROM u WHERE u.a = t.a)"), refused("a WHERE or HAVING condition other than"));
  assert.throws(() => spark.sql("SELECT count(*) FROM t GROUP BY a IN (SELECT a FROM u)"), refused("an aggregation"));
});

test("negated and conjoined EXISTS and IN subqueries in WHERE still run as semi and anti joins", async () => {
  const rows = await spark.sql("SELECT a FROM t WHERE NOT EXISTS (SELECT 1 FROM u WHERE u.a = t.a) AND a IN (SELECT a - 1 FROM u) ORDER BY a").collect();
  assert.deepEqual(rows, [{ a: 1 }]);
});
