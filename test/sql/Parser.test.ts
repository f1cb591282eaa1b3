import { test } from "node:test";
import assert from "node:assert/strict";
import { Alias } from "../../src/expr/Alias.js";
import { Add, Multiply, Subtract, UnaryMinus } from "../../src/expr/Arithmetic.js";
import { CaseWhen } from "../../src/expr/CaseWhen.js";
import { Cast } from "../../src/expr/Cast.js";
import type { Expression } from "../../src/expr/Expression.js";
import { explainString } from "../../src/expr/ExpressionString.js";
import { Like, RLike } from "../../src/expr/Like.js";
import { Literal } from "../../src/expr/Literal.js";
import { And, EqualNullSafe, EqualTo, GreaterThan, GreaterThanOrEqual, In, IsNotNull, LessThanOrEqual, Not, Or } from "../../src/expr/Predicates.js";
import { SortOrder } from "../../src/expr/SortOrder.js";
import { Exists, InSubquery } from "../../src/expr/Subquery.js";
import { UnresolvedAttribute, UnresolvedExtractValue, UnresolvedFunction, UnresolvedStar } from "../../src/expr/Unresolved.js";
import { Aggregate } from "../../src/plan/logical/Aggregate.js";
import { Join } from "../../src/plan/logical/Join.js";
import { OneRowRelation, UnresolvedRelation } from "../../src/plan/logical/Relations.js";
import { Distinct, Filter, Limit, Project, Sort, SubqueryAlias, UnresolvedHaving } from "../../src/plan/logical/UnaryNodes.js";
import { Except, Intersect } from "../../src/plan/logical/SetOperations.js";
import { Union } from "../../src/plan/logical/Union.js";
import { parseExpression, parseMultipartIdentifier, parsePlan, parseTableSchema } from "../../src/sql/SqlParser.js";
import * as T from "../../src/types/index.js";
import { comparePlans } from "../plan/dsl.js";

const opts = { timeZone: "UTC" };
const plan = (sql: string) => parsePlan(sql, opts);
const expr = (text: string) => parseExpression(text, opts);
const col = (...parts: string[]) => UnresolvedAttribute(...parts);
const t = UnresolvedRelation(["t"]);
const withoutIds = (e: Expression) => explainString(e).replace(/#\d+/g, "");
const sameExpr = (actual: Expression, expected: Expression) => assert.equal(withoutIds(actual), withoutIds(expected));

test("SELECT … FROM … WHERE builds Project over Filter over the relation", () => {
  comparePlans(plan("SELECT a, b + 1 AS c FROM t WHERE a > 1"), Project([col("a"), Alias(Add(col("b"), Literal(1)), "c")], Filter(GreaterThan(col("a"), Literal(1)), t)));
  comparePlans(plan("select * from t;"), Project([UnresolvedStar()], t));
  comparePlans(plan("SELECT 1"), Project([Literal(1)], OneRowRelation));
});

test("GROUP BY, HAVING, ORDER BY with directions and null orderings, and LIMIT", () => {
  const sql = "SELECT a, count(*) FROM t GROUP BY a HAVING count(*) > 1 ORDER BY a DESC NULLS FIRST, 2 LIMIT 10";
  const count = UnresolvedFunction("count", [UnresolvedStar()]);
  const expected = Limit(
    10,
    Sort(
      [SortOrder(col("a"), "Descending", "NullsFirst"), SortOrder(Literal(1 + 1), "Ascending", "NullsFirst")],
      true,
      UnresolvedHaving(GreaterThan(count, Literal(1)), Aggregate([col("a")], [col("a"), count], t)),
    ),
  );
  comparePlans(plan(sql), expected);
});

test("joins of every type, with ON and USING, and comma joins", () => {
  const u = UnresolvedRelation(["u"]);
  comparePlans(plan("SELECT * FROM t JOIN u ON t.a = u.a"), Project([UnresolvedStar()], Join(t, u, "Inner", EqualTo(col("t", "a"), col("u", "a")))));
  comparePlans(plan("SELECT * FROM t LEFT OUTER JOIN u USING (a, b)"), Project([UnresolvedStar()], Join(t, u, "LeftOuter", null, ["a", "b"])));
  const types: [string, string][] = [["RIGHT JOIN", "RightOuter"], ["FULL OUTER JOIN", "FullOuter"], ["LEFT SEMI JOIN", "LeftSemi"], ["LEFT ANTI JOIN", "LeftAnti"], ["CROSS JOIN", "Cross"], ["INNER JOIN", "Inner"]];
  for (const [sql, type] of types) {
    const p = plan(`SELECT * FROM t ${sql} u`) as Project;
    assert.equal((p.child as Join).joinType, type, sql);
  }
  comparePlans(plan("SELECT * FROM t x, u"), Project([UnresolvedStar()], Join(SubqueryAlias("x", t), u, "Inner")));
});

test("subqueries in FROM, IN and EXISTS subqueries, and scalar subqueries", () => {
  const inner = Project([col("a")], UnresolvedRelation(["u"]));
  comparePlans(plan("SELECT s.a FROM (SELECT a FROM u) AS s"), Project([col("s", "a")], SubqueryAlias("s", inner)));
  comparePlans(plan("SELECT * FROM t WHERE a IN (SELECT a FROM u)"), Project([UnresolvedStar()], Filter(InSubquery(col("a"), inner), t)));
  comparePlans(plan("SELECT * FROM t WHERE NOT EXISTS (SELECT a FROM u)"), Project([UnresolvedStar()], Filter(Not(Exists(inner)), t)));
  const scalar = (plan("SELECT (SELECT max(a) FROM u) m FROM t") as Project).projectList[0]!;
  assert.equal(scalar.kind === "Alias" && scalar.child.kind, "ScalarSubquery");
});

test("UNION ALL keeps duplicates, UNION removes them, SELECT DISTINCT too", () => {
  const a = Project([col("a")], t);
  comparePlans(plan("SELECT a FROM t UNION ALL SELECT a FROM t"), Union([a, a]));
  comparePlans(plan("SELECT a FROM t UNION SELECT a FROM t"), Distinct(Union([a, a])));
  comparePlans(plan("SELECT DISTINCT a FROM t"), Distinct(a));
});

test("common table expressions are substituted where they are named", () => {
  const cte = SubqueryAlias("c", Project([col("a")], t));
  comparePlans(plan("WITH c AS (SELECT a FROM t) SELECT * FROM c JOIN c d"), Project([UnresolvedStar()], Join(cte, SubqueryAlias("d", cte), "Inner")));
});

test("operator precedence: OR < AND < NOT < comparison < + - < * /", () => {
  sameExpr(expr("a OR b AND NOT c = 1 + 2 * 3"), Or(col("a"), And(col("b"), Not(EqualTo(col("c"), Add(Literal(1), Multiply(Literal(2), Literal(3))))))));
  sameExpr(expr("-a - 1"), Subtract(UnaryMinus(col("a")), Literal(1)));
  sameExpr(expr("a <=> b"), EqualNullSafe(col("a"), col("b")));
  sameExpr(expr("a <> b"), Not(EqualTo(col("a"), col("b"))));
  sameExpr(expr("a || b"), UnresolvedFunction("concat", [col("a"), col("b")]));
});

test("predicates: BETWEEN, IN, LIKE, RLIKE, IS [NOT] NULL, IS DISTINCT FROM", () => {
  sameExpr(expr("a BETWEEN 1 AND 5"), And(GreaterThanOrEqual(col("a"), Literal(1)), LessThanOrEqual(col("a"), Literal(5))));
  sameExpr(expr("a NOT IN (1, 2)"), Not(In(col("a"), [Literal(1), Literal(2)])));
  sameExpr(expr("s LIKE 'a%' ESCAPE '!'"), Like(col("s"), Literal("a%"), "!"));
  sameExpr(expr("s NOT RLIKE '^a'"), Not(RLike(col("s"), Literal("^a"))));
  sameExpr(expr("a IS NOT NULL"), IsNotNull(col("a")));
  sameExpr(expr("a IS DISTINCT FROM b"), Not(EqualNullSafe(col("a"), col("b"))));
});

test("CASE, CAST, function calls with DISTINCT, qualified names and extraction", () => {
  sameExpr(expr("CASE WHEN a > 1 THEN 'x' ELSE 'y' END"), CaseWhen([[GreaterThan(col("a"), Literal(1)), Literal("x")]], Literal("y")));
  sameExpr(expr("CASE a WHEN 1 THEN 'x' END"), CaseWhen([[EqualTo(col("a"), Literal(1)), Literal("x")]]));
  sameExpr(expr("CAST(a AS DECIMAL(10, 2))"), Cast(col("a"), new T.DecimalType(10, 2)));
  sameExpr(expr("cast(a as array<struct<x: int>>)"), Cast(col("a"), new T.ArrayType(new T.StructType().add("x", T.IntegerType))));
  sameExpr(expr("count(DISTINCT a, b)"), UnresolvedFunction("count", [col("a"), col("b")], true));
  sameExpr(expr("`weird name`.`x`"), col("weird name", "x"));
  sameExpr(expr("m['k'][0]"), UnresolvedExtractValue(UnresolvedExtractValue(col("m"), Literal("k")), Literal(0)));
  sameExpr(expr("a + 1 AS b"), Alias(Add(col("a"), Literal(1)), "b"));
});

test("literals of every type", () => {
  const lit = (text: string) => expr(text) as ReturnType<typeof Literal>;
  assert.deepEqual([lit("1").dataType.simpleString(), lit("3000000000").dataType.simpleString(), lit("1L").value], ["int", "bigint", 1n]);
  assert.deepEqual([lit("1.50").dataType.simpleString(), String(lit("1.50").value)], ["decimal(3,2)", "1.50"]);
  assert.deepEqual([lit("1e3").dataType.simpleString(), lit("1e3").value], ["double", 1000]);
  assert.deepEqual([lit("2S").dataType.simpleString(), lit("2Y").dataType.simpleString(), lit("2.5F").dataType.simpleString(), lit("2D").dataType.simpleString(), lit("2BD").dataType.simpleString()], ["smallint", "tinyint", "float", "double", "decimal(1,0)"]);
  assert.equal(lit("'it''s' \"x\"").value, "its" + "x");
  assert.equal(lit("'a\\tb'").value, "a\tb");
  assert.equal(lit("DATE '2020-03-01'").value, 18322);
  assert.equal(parseExpression("TIMESTAMP '2020-07-01 00:00:00'", { timeZone: "America/Los_Angeles" }).kind === "Literal" && (parseExpression("TIMESTAMP '2020-07-01 00:00:00'", { timeZone: "America/Los_Angeles" }) as ReturnType<typeof Literal>).value, 1593586800000000n);
  assert.deepEqual(lit("X'0aFF'").value, Uint8Array.from([10, 255]));
  assert.equal(lit("NULL").dataType.simpleString(), "void");
  assert.equal(String(lit("INTERVAL 1 DAY 2 HOURS").value), "1 days 2 hours");
  assert.equal(String(lit("INTERVAL '1 day 30 minutes'").value), "1 days 30 minutes");
  assert.equal(String(lit("INTERVAL '1-2' YEAR TO MONTH").value), "1 years 2 months");
  assert.equal(String(lit("INTERVAL '3 04:05:06.5' DAY TO SECOND").value), "3 days 4 hours 5 minutes 6.5 seconds");
  assert.equal(String(lit("INTERVAL -2 WEEKS").value), "-14 days");
});

test("syntax errors name the token, line and position, and show where", () => {
  assert.throws(() => plan("SELECT a FROM t WHERE"), (e: Error) => {
    assert.match(e.message, /^\[PARSE_SYNTAX_ERROR\] Syntax error at or near end of input\.\(line 1, pos 21\)/);
    return true;
  });
  assert.throws(() => plan("SELECT a,\nFROM t"), (e: Error) => {
    assert.equal(e.message, "[PARSE_SYNTAX_ERROR] Syntax error at or near 'FROM'.(line 2, pos 0)\n\n== SQL ==\nSELECT a,\nFROM t\n^^^\n");
    return true;
  });
  assert.throws(() => plan("SELECT CAST(a AS INTEGR) FROM t"), /UNSUPPORTED_DATATYPE\] Unsupported data type "INTEGR"/);
  assert.throws(() => plan("SELECT (a FROM t"), /Syntax error at or near 'FROM': missing '\)'/);
  assert.throws(() => expr("DATE '2020-13-45'"), /\[INVALID_TYPED_LITERAL\] The value of the typed literal "DATE" is invalid: '2020-13-45'/);
  assert.throws(() => expr("'unclosed"), /UNCLOSED_STRING_LITERAL/);
  assert.throws(() => expr("128Y"), /Numeric literal 128 does not fit in range \[-128, 127\] for type tinyint/);
  assert.throws(() => plan("SELECT a FROM t EXCEPT ALL SELECT a FROM u"), /\[UNSUPPORTED_FEATURE\] The feature is not supported: EXCEPT ALL is not supported yet/);
});

test("table schemas in DDL parse with nested types, NOT NULL and comments", () => {
  const s = parseTableSchema("a INT NOT NULL, b STRING COMMENT 'the b', c ARRAY<STRUCT<x: DOUBLE>>, `d e` MAP<STRING, BIGINT>");
  assert.equal(s.simpleString(), "struct<a:int,b:string,c:array<struct<x:double>>,d e:map<string,bigint>>");
  assert.equal(s.field("a").nullable, false);
  assert.equal(s.field("b").metadata["comment"], "the b");
  assert.equal(parseTableSchema("struct<a: int>").simpleString(), "struct<a:int>");
  assert.equal(parseTableSchema(s.json()).simpleString(), s.simpleString());
  assert.throws(() => parseTableSchema("a INT,"), /PARSE_SYNTAX_ERROR\] Syntax error at or near end of input/);
});

test("a qualified table name parses into its parts, and nothing else is accepted", () => {
  assert.deepEqual(parseMultipartIdentifier("db.`my table`"), ["db", "my table"]);
  assert.throws(() => parseMultipartIdentifier("db.t extra"), /Syntax error at or near 'extra'/);
});

test("words that only sometimes act as keywords are column names elsewhere", () => {
  comparePlans(plan("SELECT offset, timestamp, window.end, left FROM kafka"), Project([col("offset"), col("timestamp"), col("window", "end"), col("left")], UnresolvedRelation(["kafka"])));
  comparePlans(plan("SELECT `from` FROM t"), Project([col("from")], t));
});

test("INTERSECT binds tighter than UNION and EXCEPT, which combine left to right", () => {
  const q = (name: string) => Project([col("a")], UnresolvedRelation([name]));
  comparePlans(plan("SELECT a FROM t UNION ALL SELECT a FROM u INTERSECT SELECT a FROM v EXCEPT SELECT a FROM w"), Except(Union([q("t"), Intersect(q("u"), q("v"))]), q("w")));
  comparePlans(plan("SELECT a FROM t MINUS SELECT a FROM u"), Except(q("t"), q("u")));
});
