import { test } from "node:test";
import assert from "node:assert/strict";
import { AttributeReference } from "../../src/expr/AttributeReference.js";
import { bindReferences, evaluator } from "../../src/expr/Evaluator.js";
import { Analyzer } from "../../src/plan/analysis/Analyzer.js";
import { TempViewCatalog } from "../../src/plan/analysis/Catalog.js";
import type { LogicalPlan } from "../../src/plan/logical/LogicalPlan.js";
import { outputOf } from "../../src/plan/logical/PlanOutput.js";
import { LocalRelation } from "../../src/plan/logical/Relations.js";
import { parsePlan } from "../../src/sql/SqlParser.js";
import * as T from "../../src/types/index.js";

/**
 * SQL text through the parser, the analyzer's coercions and the interpreted evaluator, with the answers Spark
 * gives. A row-at-a-time interpreter of Project, Filter and relations stands in for the executor.
 */
const catalog = new TempViewCatalog();
catalog.createOrReplaceTempView(
  "t",
  LocalRelation([AttributeReference("a", T.IntegerType), AttributeReference("s", T.StringType)], [[1, "x"], [null, "y"], [3, null]]),
);
const analyzer = new Analyzer(catalog);
const ctx = { timeZone: "UTC" };

function rows(plan: LogicalPlan): unknown[][] {
  switch (plan.kind) {
    case "OneRowRelation":
      return [[]];
    case "LocalRelation":
      return plan.data.map((r) => [...r]);
    case "SubqueryAlias":
      return rows(plan.child);
    case "Filter": {
      const condition = evaluator(bindReferences(plan.condition, outputOf(plan.child)));
      return rows(plan.child).filter((r) => condition(r, ctx) === true);
    }
    case "Project": {
      const columns = plan.projectList.map((e) => evaluator(bindReferences(e, outputOf(plan.child))));
      return rows(plan.child).map((r) => columns.map((c) => c(r, ctx)));
    }
    default:
      throw new Error(`the test interpreter does not run ${plan.kind}`);
  }
}

const run = (sql: string) => rows(analyzer.execute(parsePlan(sql, ctx)));
const one = (sql: string) => run(sql)[0]!;

test("arithmetic: integer overflow wraps, / is fractional, div and % truncate, division by zero is null", () => {
  assert.deepEqual(one("SELECT 2147483647 + 1, 7 / 2, 7 div 2, -7 % 3, 7 % -3, 1 / 0, 5 % 0"), [-2147483648, 3.5, 3n, -1, 1, null, null]);
  assert.deepEqual(one("SELECT 9223372036854775807L + 1L"), [-9223372036854775808n]);
});

test("decimal literals add exactly; strings in arithmetic are doubles", () => {
  assert.deepEqual(one("SELECT 0.1 + 0.2, '10' + 5, 'x' + 1").map(String), ["0.3", "15", "null"]);
});

test("comparisons read strings as numbers where compared with them; NULL compares as unknown", () => {
  assert.deepEqual(one("SELECT '1' = 1, ' 1 ' = 1, 'a' < 'b', NULL = NULL, NULL <=> NULL, 2 IN (1, NULL), 1 IN (1, NULL)"), [true, true, true, null, true, null, true]);
});

test("WHERE keeps rows whose condition is true, never null", () => {
  assert.deepEqual(run("SELECT s FROM t WHERE a > 0"), [["x"], [null]]);
  assert.deepEqual(run("SELECT a FROM t WHERE NOT (a > 1)"), [[1]]);
  assert.deepEqual(run("SELECT a FROM t WHERE s IS NULL OR a IS NULL"), [[null], [3]]);
});

test("CASE, COALESCE, string functions and concatenation with NULL", () => {
  assert.deepEqual(run("SELECT CASE WHEN a > 1 THEN 'big' WHEN a IS NULL THEN 'none' ELSE 'small' END, coalesce(s, 'n/a'), s || '!' FROM t"), [
    ["small", "x", "x!"],
    ["none", "y", "y!"],
    ["big", "n/a", null],
  ]);
  assert.deepEqual(one("SELECT upper(substring('spark sql', 1, 5)), length('héllo'), split('a,b', ','), regexp_replace('2020-01-02', '-', '/')"), ["SPARK", 5, ["a", "b"], "2020/01/02"]);
});

test("dates, timestamps and intervals", () => {
  assert.deepEqual(one("SELECT DATE '2020-02-28' + 1, DATE '2020-01-31' + INTERVAL 1 MONTH, datediff(DATE '2020-03-01', DATE '2020-02-01')"), [18321, 18321, 29]);
  assert.deepEqual(one("SELECT CAST(TIMESTAMP '2020-01-01 10:00:00' + INTERVAL 90 MINUTES AS STRING), year(TIMESTAMP '2020-12-31 23:59:59')"), ["2020-01-01 11:30:00", 2020]);
  assert.deepEqual(one("SELECT CAST('2020-01-01' AS TIMESTAMP) < TIMESTAMP '2020-01-01 00:00:01', CAST(DATE '2020-01-01' AS TIMESTAMP)"), [true, 1577836800000000n]);
});

test("LIKE, RLIKE and BETWEEN", () => {
  assert.deepEqual(one("SELECT 'Spark' LIKE 'S%k', 'Spark' NOT LIKE '_park', 'Spark' RLIKE 'ar', 5 BETWEEN 1 AND 5, 6 NOT BETWEEN 1 AND 5"), [true, false, true, true, true]);
});
