import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import * as T from "../../src/types/index.js";
import { TestSession } from "./harness.js";

/** explain(mode): Spark's sections, the codegen stages and the generated source. */
describe("explain", () => {
  let s: TestSession;
  before(() => {
    s = new TestSession();
    s.view("t", { a: T.IntegerType, b: T.StringType }, [[1, "x"], [2, null]]);
  });
  after(() => s.stop());

  const text = (sql: string, mode: "simple" | "extended" | "codegen" | "formatted" | "cost", settings = {}) =>
    s.query(sql, settings).explainString(mode).replace(/#\d+/g, "");

  it("extended prints the parsed, analyzed (with its schema), optimized and physical plans", () => {
    assert.equal(text("SELECT a FROM t WHERE a > 1", "extended"), [
      "== Parsed Logical Plan ==",
      "'Project ['a]",
      "+- 'Filter ('a > 1)",
      "   +- 'UnresolvedRelation [t], [], false",
      "",
      "== Analyzed Logical Plan ==",
      "a: int",
      "Project [a]",
      "+- Filter (a > 1)",
      "   +- SubqueryAlias t",
      "      +- LocalRelation [a,b]",
      "",
      "== Optimized Logical Plan ==",
      "Project [a]",
      "+- Filter (a > 1)",
      "   +- LocalRelation [a,b]",
      "",
      "== Physical Plan ==",
      "*(1) Project [a]",
      "+- *(1) Filter (a > 1)",
      "   +- *(1) LocalTableScan [a, b]",
      "",
    ].join("\n"));
  });

  it("cost adds each optimized node's size estimate", () => {
    assert.match(text("SELECT a FROM t", "cost"), /^== Optimized Logical Plan ==\nProject \[a\], Statistics\(sizeInBytes=[\d.]+ B\)\n/);
  });

  it("formatted numbers the operators and lists each one's output", () => {
    const out = text("SELECT a FROM t WHERE a > 1", "formatted");
    assert.match(out, /^== Physical Plan ==\n\* Project \(3\)\n\+- \* Filter \(2\)\n   \+- \* LocalTableScan \(1\)\n/);
    assert.match(out, /\(2\) Filter \[codegen id : 1\]\nOutput \[2\]: \[a, b\]\nArguments: Filter \(a > 1\)/);
  });

  it("codegen prints each fused subtree with its generated loop; unknown expressions fall back to the interpreter", () => {
    const out = text("SELECT a + 1 AS c, upper(b) AS u FROM t WHERE a > 1", "codegen");
    assert.match(out, /^Found 1 WholeStageCodegen subtrees\.\n== Subtree 1 \/ 1 ==\nProject \[\(a \+ 1\) AS c, upper\(b\) AS u\]\n\+- Filter \(a > 1\)/);
    assert.match(out, /Generated code:\n\/\* 001 \*\/ const n = batch\.numRows;/);
    assert.match(out, /for \(let i = 0; i < n; i\+\+\)/);
    assert.match(out, /\| 0\)/, "int addition wraps inline");
    assert.match(out, /\/\/ fallback: upper\(input\[1, string, true\]\)\n.*fallbacks\[0\]\(/);
  });

  it("a partial aggregate ends its stage's generated loop, fed row by row", () => {
    const out = text("SELECT b, sum(a) FROM t WHERE a > 0 GROUP BY b", "codegen");
    assert.match(out, /== Subtree 1 \/ 1 ==\nHashAggregate\(keys=\[b\], functions=\[partial_sum\(a\)\]/);
    assert.match(out, /const g = agg\.groupOfValue\(\(q1 \? null : r1\)\);/);
    assert.match(out, /a0\[0\] = .*\n.*agg\.update\(g, 0, a0\);/);
  });

  it("codegen finds no subtree when whole-stage codegen is off", () => {
    assert.equal(text("SELECT a FROM t WHERE a > 1", "codegen", { "spark.sql.codegen.wholeStage": "false" }), "Found 0 WholeStageCodegen subtrees.");
  });

  it("analysis errors surface from explain before any task runs", () => {
    assert.throws(() => text("SELECT nope FROM t", "simple"), /UNRESOLVED_COLUMN/);
  });
});
