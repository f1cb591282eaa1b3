import { test } from "node:test";
import assert from "node:assert/strict";
import { Alias } from "../../src/expr/Alias.js";
import { Add, Multiply } from "../../src/expr/Arithmetic.js";
import { AttributeReference } from "../../src/expr/AttributeReference.js";
import { CaseWhen } from "../../src/expr/CaseWhen.js";
import { Cast } from "../../src/expr/Cast.js";
import type { Expression } from "../../src/expr/Expression.js";
import { explainString, prettyName } from "../../src/expr/ExpressionString.js";
import { Expressions, semanticEquals } from "../../src/expr/ExpressionTree.js";
import { dataTypeOf, isFoldable, isResolved, nullableOf } from "../../src/expr/ExpressionTypes.js";
import { AggregateExpression, ScalarFunction } from "../../src/expr/FunctionCall.js";
import { Literal } from "../../src/expr/Literal.js";
import { EqualTo, In, IsNotNull, IsNull, Not } from "../../src/expr/Predicates.js";
import { SortOrder } from "../../src/expr/SortOrder.js";
import { UnresolvedAttribute } from "../../src/expr/Unresolved.js";
import * as T from "../../src/types/index.js";

const a = AttributeReference("a", T.IntegerType, true, 1);
const id = AttributeReference("id", T.LongType, false, 2);

test("transformUp rewrites children first and reports whether anything changed", () => {
  const e = Add(Multiply(a, Literal(2)), Literal(3));
  const order: string[] = [];
  const r = Expressions.transformUp(e, (n) => {
    order.push(n.kind);
    return n.kind === "Literal" && n.value === 2 ? Literal(20) : n;
  });
  assert.deepEqual(order, ["AttributeReference", "Literal", "Multiply", "Literal", "Add"]);
  assert.equal(r.transformed, true);
  assert.equal(explainString(r.node), "((a#1 * 20) + 3)");
  const unchanged = Expressions.transformUp(e, (n) => n);
  assert.equal(unchanged.transformed, false);
  assert.equal(unchanged.node, e, "an unchanged tree is the same object");
});

test("transformDown rewrites a node before its children, and collect gathers in pre-order", () => {
  const e = Add(Add(Literal(1), Literal(2)), a);
  const r = Expressions.transformDown(e, (n) => (n.kind === "Add" && n.left.kind === "Literal" ? Literal(3) : n));
  assert.equal(explainString(r.node), "(3 + a#1)");
  assert.deepEqual(Expressions.collect(e, (n) => (n.kind === "Literal" ? n.value : undefined)), [1, 2]);
  assert.ok(Expressions.exists(e, (n) => n.kind === "AttributeReference"));
});

test("every node kind rebuilds from its children", () => {
  const nodes: Expression[] = [
    CaseWhen([[IsNull(a), Literal(1)]], Literal(2)),
    In(a, [Literal(1), Literal(2)]),
    Cast(a, T.StringType),
    SortOrder(a, "Descending"),
    ScalarFunction("upper", [Literal("x")]),
    AggregateExpression("count", [a], true),
  ];
  for (const n of nodes) {
    const rebuilt = Expressions.shape.withNewChildren(n, Expressions.children(n));
    assert.equal(explainString(rebuilt), explainString(n));
    assert.notEqual(rebuilt, n);
  }
});

test("explain strings and column names render as Spark's", () => {
  assert.equal(explainString(Alias(Add(id, Literal(1n, T.LongType)), "x", 5)), "(id#2L + 1) AS x#5L");
  assert.equal(explainString(IsNotNull(a)), "isnotnull(a#1)");
  assert.equal(prettyName(IsNotNull(a)), "(a IS NOT NULL)");
  assert.equal(explainString(Cast(a, T.StringType)), "cast(a#1 as string)");
  assert.equal(prettyName(Cast(a, T.StringType)), "CAST(a AS STRING)");
  assert.equal(explainString(Not(EqualTo(a, Literal("x")))), "NOT (a#1 = x)");
  assert.equal(prettyName(AggregateExpression("count", [a], true)), "count(DISTINCT a)");
  assert.equal(explainString(SortOrder(a, "Descending")), "a#1 DESC NULLS LAST");
  assert.equal(explainString(UnresolvedAttribute("t", "a")), "'t.a");
  assert.equal(prettyName(Literal(null, T.IntegerType)), "NULL");
  assert.equal(prettyName(Literal(1.0, T.DoubleType)), "1.0");
  assert.equal(prettyName(Literal(18322, T.DateType)), "DATE '2020-03-01'");
});

test("types, nullability, resolution and foldability follow from the tree", () => {
  assert.equal(dataTypeOf(Add(Literal(T.Decimal.fromString("1.5"), new T.DecimalType(2, 1)), Literal(T.Decimal.fromString("1"), new T.DecimalType(1, 0)))).simpleString(), "decimal(3,1)");
  assert.equal(nullableOf(Add(id, id)), false);
  assert.equal(nullableOf(Cast(Literal("x"), T.IntegerType)), true, "a string may not parse");
  assert.equal(nullableOf(IsNull(a)), false);
  assert.equal(isResolved(Add(a, UnresolvedAttribute("b"))), false);
  assert.throws(() => dataTypeOf(UnresolvedAttribute("b")), /Invalid call to dataType on unresolved object 'b/);
  assert.equal(isFoldable(Add(Literal(1), Literal(2))), true);
  assert.equal(isFoldable(Add(a, Literal(2))), false);
  assert.equal(isFoldable(ScalarFunction("current_timestamp", [])), false);
  assert.equal(isFoldable(Alias(Literal(1), "one")), false, "an alias names a column and must survive folding");
});

test("semanticEquals compares attributes by id and other nodes by their fields", () => {
  const qualified = AttributeReference("a", T.IntegerType, true, 1, ["t"]);
  assert.ok(semanticEquals(Add(a, Literal(1)), Add(qualified, Literal(1))));
  assert.ok(!semanticEquals(Add(a, Literal(1)), Add(a, Literal(1n, T.LongType))));
  assert.ok(!semanticEquals(Cast(a, T.StringType), Cast(a, T.LongType)));
});
