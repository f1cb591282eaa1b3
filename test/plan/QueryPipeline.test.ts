import { test } from "node:test";
import assert from "node:assert/strict";
import { AttributeReference } from "../../src/expr/AttributeReference.js";
import { Analyzer } from "../../src/plan/analysis/Analyzer.js";
import { TempViewCatalog } from "../../src/plan/analysis/Catalog.js";
import type { LogicalPlan } from "../../src/plan/logical/LogicalPlan.js";
import { schemaOf } from "../../src/plan/logical/PlanOutput.js";
import { Plans } from "../../src/plan/logical/PlanTree.js";
import { DataSourceRelation, LocalRelation } from "../../src/plan/logical/Relations.js";
import { Optimizer } from "../../src/plan/optimizer/Optimizer.js";
import { parsePlan } from "../../src/sql/SqlParser.js";
import * as T from "../../src/types/index.js";

/** Parsed, analyzed and optimized, as the DataFrame API's QueryExecution will run the phases. */
const catalog = new TempViewCatalog();
catalog.createOrReplaceTempView("t", LocalRelation([AttributeReference("a", T.IntegerType), AttributeReference("b", T.StringType), AttributeReference("c", T.DoubleType)]));
catalog.createOrReplaceTempView("u", LocalRelation([AttributeReference("a", T.IntegerType), AttributeReference("d", T.StringType)]));
catalog.createOrReplaceTempView(
  "events",
  DataSourceRelation(
    [AttributeReference("id", T.LongType), AttributeReference("kind", T.StringType), AttributeReference("payload", T.StringType), AttributeReference("ts", T.TimestampType)],
    { format: "parquet", paths: ["/data/events"] },
    true,
  ),
);
const analyzer = new Analyzer(catalog);
const optimizer = new Optimizer({ timeZone: "UTC", currentTimestamp: 1_600_000_000_000_000n });

function optimized(sql: string): LogicalPlan {
  const analyzed = analyzer.execute(parsePlan(sql, { timeZone: "UTC" }));
  const result = optimizer.execute(analyzed);
  // Optimizing may only learn that a column cannot be null; names and types stay.
  const columns = (p: LogicalPlan) => schemaOf(p).fields.map((f) => `${f.name}: ${f.dataType.simpleString()}`);
  assert.deepEqual(columns(result), columns(analyzed), "optimizing must keep the schema");
  return result;
}
const explain = (sql: string) => Plans.treeString(optimized(sql)).replace(/#\d+/g, "#x");

test("filters and column pruning reach a data source read", () => {
  assert.equal(
    explain("SELECT id FROM events WHERE kind = 'click' AND id > 10"),
    [
      "Project [id#xL]",
      "+- Filter ((kind#x = click) AND (id#xL > 10))",
      "   +- Relation [id#xL,kind#x] parquet, PushedFilters: [(kind#x = click), (id#xL > 10)]",
      "",
    ].join("\n"),
  );
});

test("constants fold, current_timestamp is the query's start, and always-true filters disappear", () => {
  assert.equal(explain("SELECT a FROM t WHERE a > 1 + 1 AND 2 > 1"), ["Project [a#x]", "+- Filter (a#x > 2)", "   +- LocalRelation [a#x,b#x,c#x]", ""].join("\n"));
  assert.match(explain("SELECT id FROM events WHERE ts < current_timestamp()"), /\(ts#x < 2020-09-13 12:26:40\)/);
});

test("IN and NOT EXISTS subqueries become semi and anti joins with pushed-down filters", () => {
  assert.equal(
    explain("SELECT b FROM t WHERE a IN (SELECT a FROM u WHERE d = 'x')"),
    [
      "Project [b#x]",
      "+- Join LeftSemi, (a#x = a#x)",
      "   :- Project [a#x, b#x]",
      "   :  +- LocalRelation [a#x,b#x,c#x]",
      "   +- Project [a#x]",
      "      +- Filter (d#x = x)",
      "         +- LocalRelation [a#x,d#x]",
      "",
    ].join("\n"),
  );
  assert.match(explain("SELECT a FROM t WHERE NOT EXISTS (SELECT 1 FROM u WHERE u.a = t.a)"), /Join LeftAnti, \(a#x = a#x\)/);
});

test("a filter over a join is split between its sides and its condition", () => {
  assert.equal(
    explain("SELECT t.b, u.d FROM t JOIN u ON t.a = u.a WHERE t.c > 1.5 AND u.d LIKE 'x%'"),
    [
      "Project [b#x, d#x]",
      "+- Join Inner, (a#x = a#x)",
      "   :- Project [a#x, b#x]",
      "   :  +- Filter (c#x > 1.5)",
      "   :     +- LocalRelation [a#x,b#x,c#x]",
      "   +- Filter d#x LIKE x%",
      "      +- LocalRelation [a#x,d#x]",
      "",
    ].join("\n"),
  );
});

test("a limit over a union limits every input", () => {
  assert.match(explain("SELECT a FROM t UNION ALL SELECT a FROM u LIMIT 3"), /Union false, false\n {6}:- LocalLimit 3\n/);
});

test("DISTINCT becomes an aggregate on every column", () => {
  assert.equal(explain("SELECT DISTINCT b FROM t"), ["Aggregate [b#x], [b#x]", "+- Project [b#x]", "   +- LocalRelation [a#x,b#x,c#x]", ""].join("\n"));
});

test("a correlated scalar subquery becomes a left outer join on its aggregate, count over no rows being 0", () => {
  assert.equal(
    explain("SELECT a, (SELECT count(*) FROM u WHERE u.a = t.a) AS n FROM t"),
    [
      "Project [a#x, coalesce(count(1)#xL, 0) AS n#xL]",
      "+- Join LeftOuter, (a#x = a#x)",
      "   :- Project [a#x]",
      "   :  +- LocalRelation [a#x,b#x,c#x]",
      "   +- Aggregate [a#x], [count(1) AS count(1)#xL, a#x]",
      "      +- Project [a#x]",
      "         +- LocalRelation [a#x,d#x]",
      "",
    ].join("\n"),
  );
  assert.match(explain("SELECT a FROM t WHERE c > (SELECT max(a) FROM u WHERE u.d = t.b)"), /Filter \(c#x > cast\(max\(a\)#x as double\)\)\n {3}\+- Join LeftOuter, \(d#x = b#x\)/);
});

test("EXCEPT of a relation with itself compares two distinct sets of columns", () => {
  assert.equal(
    explain("SELECT a FROM t EXCEPT SELECT a FROM t WHERE a > 1"),
    [
      "Aggregate [a#x], [a#x]",
      "+- Join LeftAnti, (a#x <=> a#x)",
      "   :- Project [a#x]",
      "   :  +- LocalRelation [a#x,b#x,c#x]",
      "   +- Project [a#x]",
      "      +- Filter (a#x > 1)",
      "         +- LocalRelation [a#x,b#x,c#x]",
      "",
    ].join("\n"),
  );
  const plan = optimized("SELECT a FROM t INTERSECT SELECT a FROM t");
  const join = Plans.collect(plan, (n) => (n.kind === "Join" ? n : undefined))[0]!;
  assert.ok(join.condition?.kind === "EqualNullSafe" && join.condition.left.kind === "AttributeReference" && join.condition.right.kind === "AttributeReference");
  assert.notEqual(join.condition.left.exprId, join.condition.right.exprId);
});
