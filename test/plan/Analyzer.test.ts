import { test } from "node:test";
import assert from "node:assert/strict";
import { AttributeReference } from "../../src/expr/AttributeReference.js";
import { Analyzer } from "../../src/plan/analysis/Analyzer.js";
import { TempViewCatalog } from "../../src/plan/analysis/Catalog.js";
import type { LogicalPlan } from "../../src/plan/logical/LogicalPlan.js";
import { schemaOf } from "../../src/plan/logical/PlanOutput.js";
import { Plans } from "../../src/plan/logical/PlanTree.js";
import { LocalRelation } from "../../src/plan/logical/Relations.js";
import { parsePlan } from "../../src/sql/SqlParser.js";
import * as T from "../../src/types/index.js";

const catalog = new TempViewCatalog();
catalog.createOrReplaceTempView("t", LocalRelation([AttributeReference("a", T.IntegerType), AttributeReference("b", T.StringType), AttributeReference("c", T.DoubleType)]));
catalog.createOrReplaceTempView("u", LocalRelation([AttributeReference("a", T.IntegerType), AttributeReference("d", T.StringType)]));
catalog.createOrReplaceTempView(
  "nested",
  LocalRelation([
    AttributeReference("s", new T.StructType().add("x", T.IntegerType).add("y", T.StringType)),
    AttributeReference("arr", new T.ArrayType(T.LongType)),
    AttributeReference("m", new T.MapType(T.StringType, T.IntegerType)),
  ]),
);
catalog.createOrReplaceTempView("clicks", LocalRelation([AttributeReference("ts", T.TimestampType), AttributeReference("n", T.IntegerType)]));
const analyzer = new Analyzer(catalog);
const analyze = (sql: string): LogicalPlan => analyzer.execute(parsePlan(sql, { timeZone: "UTC" }));
/** The analyzed plan as explain prints it, ids replaced by `#x` so that expectations do not depend on allocation order. */
const explain = (sql: string) => Plans.treeString(analyze(sql)).replace(/#\d+/g, "#x");
const schema = (sql: string) => schemaOf(analyze(sql)).toDDL();

test("names resolve to the relation's attributes and print as Spark's analyzed plan", () => {
  assert.equal(
    explain("SELECT a, b AS name FROM t WHERE a > 1"),
    ["Project [a#x, b#x AS name#x]", "+- Filter (a#x > 1)", "   +- SubqueryAlias t", "      +- LocalRelation [a#x,b#x,c#x]", ""].join("\n"),
  );
  assert.equal(schema("SELECT T.A, upper(b), a + 1, c * 2 FROM t"), "a INT, `upper(b)` STRING, `(a + 1)` INT, `(c * 2)` DOUBLE");
});

test("an unknown column is reported with the closest existing ones", () => {
  assert.throws(() => analyze("SELECT aa FROM t"), (e: Error) => {
    assert.equal(e.message, "[UNRESOLVED_COLUMN.WITH_SUGGESTION] A column, variable, or function parameter with name `aa` cannot be resolved. Did you mean one of the following? [`t`.`a`, `t`.`b`, `t`.`c`].");
    return true;
  });
  assert.throws(() => analyze("SELECT 1 FROM t WHERE x.y = 1"), /UNRESOLVED_COLUMN.WITH_SUGGESTION\] A column, variable, or function parameter with name `x`.`y` cannot be resolved/);
  assert.throws(() => analyze("SELECT zz"), /\[UNRESOLVED_COLUMN.WITHOUT_SUGGESTION\] A column, variable, or function parameter with name `zz` cannot be resolved\.$/);
});

test("unknown tables and functions, ambiguous names and wrong types are AnalysisExceptions", () => {
  assert.throws(() => analyze("SELECT * FROM tt"), /\[TABLE_OR_VIEW_NOT_FOUND\] The table or view `tt` cannot be found\..*Did you mean one of the following\? \[`t`/);
  assert.throws(() => analyze("SELECT uper(b) FROM t"), /\[UNRESOLVED_ROUTINE\] Cannot resolve function `uper`.*\[`upper`/);
  assert.throws(() => analyze("SELECT a FROM t JOIN u ON t.a = u.a"), /\[AMBIGUOUS_REFERENCE\] Reference `a` is ambiguous, could be: \[`t`.`a`, `u`.`a`\]/);
  assert.throws(() => analyze("SELECT * FROM t WHERE a"), /\[DATATYPE_MISMATCH.FILTER_NOT_BOOLEAN\] Cannot resolve "a" due to data type mismatch: Filter expression "a" of type "INT" is not a boolean/);
  assert.throws(() => analyze("SELECT s + 1 FROM nested"), /\[DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES\] Cannot resolve "\(s \+ 1\)"/);
  assert.throws(() => analyze("SELECT sqrt(s) FROM nested"), /\[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE\] Cannot resolve "sqrt\(s\)" due to data type mismatch: Parameter 1 requires the "DOUBLE" type, however "s" has the type "STRUCT<x: INT, y: STRING>"/);
  assert.throws(() => analyze("SELECT CAST(a AS DATE) FROM t"), /\[DATATYPE_MISMATCH.CAST_WITHOUT_SUGGESTION\] Cannot resolve "CAST\(a AS DATE\)" due to data type mismatch: cannot cast "INT" to "DATE"/);
  assert.throws(() => analyze("SELECT * FROM t WHERE count(a) > 1"), /\[INVALID_WHERE_CONDITION\]/);
});

test("implicit casts follow Spark's type coercion", () => {
  assert.match(explain("SELECT a / 2, a + c, b = 1, a IN (1, 2.5) FROM t"), /Project \[\(cast\(a#x as double\) \/ cast\(2 as double\)\) AS \(a \/ 2\)#x, \(cast\(a#x as double\) \+ c#x\) AS \(a \+ c\)#x, \(cast\(b#x as int\) = 1\) AS \(b = 1\)#x, cast\(a#x as decimal\(11,1\)\) IN \(cast\(1 as decimal\(11,1\)\),cast\(2.5 as decimal\(11,1\)\)\) AS \(a IN \(1, 2.5\)\)#x\]/);
  assert.equal(schema("SELECT a div 2, concat(a, b), coalesce(a, c), CASE WHEN a > 1 THEN a ELSE c END x FROM t"), "`(a div 2)` BIGINT, `concat(a, b)` STRING, `coalesce(a, c)` DOUBLE, x DOUBLE");
});

test("GROUP BY with aggregates, HAVING on aggregates not selected, ORDER BY aggregates and ordinals", () => {
  assert.equal(schema("SELECT b, count(*), sum(a), avg(c) FROM t GROUP BY b"), "b STRING, `count(1)` BIGINT NOT NULL, `sum(a)` BIGINT, `avg(c)` DOUBLE");
  assert.equal(
    explain("SELECT b FROM t GROUP BY b HAVING max(a) > 1 ORDER BY count(*) DESC"),
    [
      "Project [b#x]",
      "+- Project [b#x, max(a)#x]",
      "   +- Sort [count(1)#xL DESC NULLS LAST], true",
      "      +- Filter (max(a)#x > 1)",
      "         +- Aggregate [b#x], [b#x, max(a#x) AS max(a)#x, count(1) AS count(1)#xL]",
      "            +- SubqueryAlias t",
      "               +- LocalRelation [a#x,b#x,c#x]",
      "",
    ].join("\n"),
  );
  assert.equal(schema("SELECT b, count(*) FROM t GROUP BY 1 ORDER BY 2"), "b STRING, `count(1)` BIGINT NOT NULL");
  assert.throws(() => analyze("SELECT b FROM t GROUP BY 3"), /\[GROUP_BY_POS_OUT_OF_RANGE\] GROUP BY position 3 is not in select list \(valid range is \[1, 1\]\)/);
  assert.throws(() => analyze("SELECT a, count(*) FROM t GROUP BY b"), /\[MISSING_AGGREGATION\] The non-aggregating expression `a` is based on columns which are not participating in the GROUP BY clause/);
  assert.equal(schema("SELECT count(*) AS n FROM t HAVING count(*) > 0"), "n BIGINT NOT NULL");
  assert.throws(() => analyze("SELECT sum(count(a)) FROM t"), /\[NESTED_AGGREGATE_FUNCTION\]/);
});

test("ORDER BY and WHERE may use columns the projection dropped", () => {
  assert.equal(
    explain("SELECT b FROM t ORDER BY a"),
    ["Project [b#x]", "+- Sort [a#x ASC NULLS FIRST], true", "   +- Project [b#x, a#x]", "      +- SubqueryAlias t", "         +- LocalRelation [a#x,b#x,c#x]", ""].join("\n"),
  );
});

test("stars expand to every column, of one relation, or of a struct", () => {
  assert.equal(schema("SELECT * FROM t"), "a INT, b STRING, c DOUBLE");
  assert.equal(schema("SELECT u.*, t.b FROM t JOIN u ON t.a = u.a"), "a INT, d STRING, b STRING");
  assert.equal(schema("SELECT s.* FROM nested"), "x INT, y STRING");
  assert.throws(() => analyze("SELECT v.* FROM t"), /\[CANNOT_RESOLVE_STAR_EXPAND\] Cannot resolve `v`.\* given input columns `t`.`a`, `t`.`b`, `t`.`c`/);
});

test("struct fields, array items and map values resolve to extractions", () => {
  assert.equal(schema("SELECT s.x, nested.s.y, arr[0], m['k'] FROM nested"), "x INT, y STRING, `arr[0]` BIGINT, `m[k]` INT");
});

test("JOIN USING keeps one copy of each key; self-joins get distinct ids", () => {
  assert.equal(schema("SELECT * FROM t JOIN u USING (a)"), "a INT, b STRING, c DOUBLE, d STRING");
  assert.equal(schema("SELECT * FROM t FULL JOIN u USING (a)"), "a INT, b STRING, c DOUBLE, d STRING");
  assert.throws(() => analyze("SELECT * FROM t JOIN u USING (d)"), /\[UNRESOLVED_USING_COLUMN_FOR_JOIN\] USING column `d` cannot be resolved on the left side of the join. The left-side columns: \[`t`.`a`, `t`.`b`, `t`.`c`\]/);
  const selfJoin = analyze("SELECT x.a, y.a FROM t x JOIN t y ON x.a = y.a");
  const ids = Plans.collect(selfJoin, (n) => (n.kind === "LocalRelation" ? n.output[0]!.exprId : undefined));
  assert.equal(new Set(ids).size, 2, "the two sides of a self-join must not share attributes");
});

test("IN, EXISTS and scalar subqueries resolve, with correlated columns as outer references", () => {
  assert.equal(schema("SELECT a FROM t WHERE a IN (SELECT a FROM u)"), "a INT");
  assert.match(explain("SELECT a FROM t WHERE EXISTS (SELECT 1 FROM u WHERE u.a = t.a)"), /Filter exists\(\)/);
  const correlated = analyze("SELECT a FROM t WHERE EXISTS (SELECT 1 FROM u WHERE u.d = b)");
  const filter = Plans.collect(correlated, (n) => (n.kind === "Filter" && n.condition.kind === "Exists" ? n.condition : undefined))[0]!;
  assert.match(Plans.treeString(filter.plan as LogicalPlan), /Filter \(d#\d+ = outer\(b#\d+\)\)/);
  assert.equal(schema("SELECT (SELECT max(a) FROM u) AS m FROM t"), "m INT");
  assert.throws(() => analyze("SELECT (SELECT a, d FROM u) FROM t"), /Scalar subquery must return only one column, but got 2/);
});

test("UNION widens column types; a different number of columns is an error", () => {
  assert.equal(schema("SELECT a FROM t UNION ALL SELECT c FROM t"), "a DOUBLE");
  assert.throws(() => analyze("SELECT a, b FROM t UNION ALL SELECT a FROM u"), /\[NUM_COLUMNS_MISMATCH\] UNION can only be performed on inputs with the same number of columns, but the first input has 2 columns and the second input has 1 columns/);
});

test("explode runs in a Generate operator, its column named col unless aliased", () => {
  assert.equal(schema("SELECT explode(arr) FROM nested"), "col BIGINT");
  assert.match(explain("SELECT explode(arr) AS v FROM nested"), /Generate explode\(arr#x\), false, \[v#xL\]/);
});

test("CTEs and DISTINCT resolve like the queries they stand for", () => {
  assert.equal(schema("WITH big AS (SELECT a FROM t WHERE a > 10) SELECT DISTINCT x.a FROM big x JOIN big y ON x.a = y.a"), "a INT");
});

test("IN subqueries compare both sides as one type", () => {
  assert.match(explain("SELECT a FROM t WHERE b IN (SELECT a FROM u)"), /Filter cast\(b#x as int\) IN \(listquery\(\)\)/);
  assert.throws(() => analyze("SELECT a FROM t WHERE a IN (SELECT arr FROM nested)"), /IN_SUBQUERY_DATA_TYPE_MISMATCH/);
});

test("a time window column is named window", () => {
  assert.equal(schema("SELECT window(ts, '10 minutes'), sum(n) FROM clicks GROUP BY window(ts, '10 minutes')"), "window STRUCT<start: TIMESTAMP, end: TIMESTAMP>, `sum(n)` BIGINT");
});

test("an argument of a type family the function does not accept names the family", () => {
  assert.throws(() => analyze("SELECT abs(arr) FROM nested"), /Parameter 1 requires the "NUMERIC" type, however "arr" has the type "ARRAY<BIGINT>"/);
  assert.equal(schema("SELECT abs(b) FROM t"), "`abs(b)` DOUBLE", "a string argument is read as a double, as Spark does");
  assert.throws(() => analyze("SELECT size(a) FROM t"), /Parameter 1 requires the \("ARRAY" or "MAP"\) type, however "a" has the type "INT"/);
});

test("a correlated scalar subquery must aggregate", () => {
  assert.throws(() => analyze("SELECT (SELECT d FROM u WHERE u.a = t.a) FROM t"), /MUST_AGGREGATE_CORRELATED_SCALAR_SUBQUERY\] Unsupported subquery expression: Correlated scalar subqueries must be aggregated/);
});

test("date functions with an optional pattern accept text with or without it", () => {
  assert.equal(schema("SELECT to_date('2020-01-01'), to_date('01/02/2020', 'MM/dd/yyyy'), unix_timestamp('2020-01-01 00:00:00')"), "`to_date(2020-01-01)` DATE, `to_date(01/02/2020, MM/dd/yyyy)` DATE, `unix_timestamp(2020-01-01 00:00:00)` BIGINT");
});

test("a sliding window reads its input through a Generate of every window a row falls in", () => {
  assert.equal(
    explain("SELECT window(ts, '10 minutes', '5 minutes') AS w, sum(n) FROM clicks GROUP BY window(ts, '10 minutes', '5 minutes')"),
    [
      "Aggregate [window#x], [window#x AS w#x, sum(n#x) AS sum(n)#xL]",
      "+- Generate sliding_windows(ts#x, 10 minutes, 5 minutes), false, [window#x]",
      "   +- SubqueryAlias clicks",
      "      +- LocalRelation [ts#x,n#x]",
      "",
    ].join("\n"),
  );
});

test("an aggregate in ORDER BY of a query without GROUP BY is reported", () => {
  assert.throws(() => analyze("SELECT a FROM t ORDER BY count(*)"), /\[MISSING_GROUP_BY\] The query does not include a GROUP BY clause/);
});

test("subquery plans print inside the operator that uses them, as Spark's explain does", () => {
  assert.equal(
    explain("SELECT a FROM t WHERE EXISTS (SELECT 1 FROM u WHERE u.a = t.a)"),
    [
      "Project [a#x]",
      "+- Filter exists()",
      "   :  +- Project [1 AS 1#x]",
      "   :     +- Filter (a#x = outer(a#x))",
      "   :        +- SubqueryAlias u",
      "   :           +- LocalRelation [a#x,d#x]",
      "   +- SubqueryAlias t",
      "      +- LocalRelation [a#x,b#x,c#x]",
      "",
    ].join("\n"),
  );
});

test("EXCEPT and INTERSECT widen column types and need equally many columns", () => {
  assert.equal(schema("SELECT a FROM t INTERSECT SELECT c FROM t"), "a DOUBLE");
  assert.throws(() => analyze("SELECT a, b FROM t EXCEPT SELECT a FROM u"), /\[NUM_COLUMNS_MISMATCH\] EXCEPT can only be performed on inputs with the same number of columns, but the first input has 2 columns and the second input has 1 columns/);
});
