import { test } from "node:test";
import assert from "node:assert/strict";
import { AttributeReference } from "../../src/expr/AttributeReference.js";
import { Analyzer } from "../../src/plan/analysis/Analyzer.js";
import { TempViewCatalog } from "../../src/plan/analysis/Catalog.js";
import type { LogicalPlan } from "../../src/plan/logical/LogicalPlan.js";
import { Plans } from "../../src/plan/logical/PlanTree.js";
import { parsePlan } from "../../src/sql/SqlParser.js";
import { LocalRelation } from "../../src/plan/logical/Relations.js";
import * as T from "../../src/types/index.js";

/** A subquery over the outer query's own table must define columns of its own, as Spark's DeduplicateRelations makes it. */
const catalog = new TempViewCatalog();
catalog.createOrReplaceTempView("t", LocalRelation([AttributeReference("a", T.IntegerType)]));
const analyzer = new Analyzer(catalog);
const analyze = (sql: string): LogicalPlan => analyzer.execute(parsePlan(sql, { timeZone: "UTC" }));

/** The analyzed plan as explain prints it, subqueries included, ids numbered in order of first appearance. */
function explain(sql: string): string {
  const seen = new Map<string, number>();
  return Plans.treeString(analyze(sql)).replace(/#(\d+)/g, (_, id: string) => {
    if (!seen.has(id)) seen.set(id, seen.size);
    return `#${seen.get(id)}`;
  });
}

test("a correlated EXISTS over the outer table reads columns distinct from the outer ones", () => {
  assert.equal(
    explain("SELECT a FROM t x WHERE EXISTS (SELECT 1 FROM t y WHERE y.a = x.a + 1)"),
    [
      "Project [a#0]",
      "+- Filter exists()",
      "   :  +- Project [1 AS 1#1]",
      "   :     +- Filter (a#2 = (outer(a#0) + 1))",
      "   :        +- SubqueryAlias y",
      "   :           +- SubqueryAlias t",
      "   :              +- LocalRelation [a#2]",
      "   +- SubqueryAlias x",
      "      +- SubqueryAlias t",
      "         +- LocalRelation [a#0]",
      "",
    ].join("\n"),
  );
});

test("a correlated scalar subquery, and one nested in it, each read columns of their own", () => {
  const printed = explain("SELECT a, (SELECT max(y.a) FROM t y WHERE y.a < x.a AND EXISTS (SELECT 1 FROM t z WHERE z.a = y.a)) AS m FROM t x");
  const relations = [...printed.matchAll(/LocalRelation \[a#(\d+)\]/g)].map((m) => m[1]);
  assert.equal(new Set(relations).size, 3, printed);
  assert.match(printed, /Filter \(a#(\d+) = outer\(a#(?!\1)\d+\)\)/, printed);
});
