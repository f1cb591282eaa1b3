import { test } from "node:test";
import assert from "node:assert/strict";
import { Add } from "../../src/expr/Arithmetic.js";
import { AggregateExpression } from "../../src/expr/FunctionCall.js";
import { explainString } from "../../src/expr/ExpressionString.js";
import { And, EqualNullSafe, EqualTo, GreaterThan } from "../../src/expr/Predicates.js";
import { AttributeReference } from "../../src/expr/AttributeReference.js";
import { Aggregate } from "../../src/plan/logical/Aggregate.js";
import { Join } from "../../src/plan/logical/Join.js";
import { GlobalLimit } from "../../src/plan/logical/UnaryNodes.js";
import { DataSourceRelation, LocalRelation, Range } from "../../src/plan/logical/Relations.js";
import { extractEquiJoinKeys } from "../../src/plan/planning/ExtractEquiJoinKeys.js";
import { UNKNOWN_SIZE, sizeInBytes } from "../../src/plan/planning/SizeEstimation.js";
import * as T from "../../src/types/index.js";
import { as, int, lit, rel } from "./dsl.js";

const [a, b, x, y] = [int("a"), int("b"), int("x"), int("y")];

test("equi-join keys are taken from equalities between the two sides, in either order", () => {
  const join = Join(rel(a, b).plan, rel(x, y).plan, "Inner", And(And(EqualTo(x, a), EqualNullSafe(Add(b, lit(1)), y)), GreaterThan(a, y)));
  const keys = extractEquiJoinKeys(join)!;
  assert.deepEqual(keys.leftKeys.map(explainString), [explainString(a), explainString(Add(b, lit(1)))]);
  assert.deepEqual(keys.rightKeys.map(explainString), [explainString(x), explainString(y)]);
  assert.deepEqual(keys.nullSafe, [false, true]);
  assert.equal(explainString(keys.otherCondition!), explainString(GreaterThan(a, y)));
  assert.equal(extractEquiJoinKeys(Join(rel(a).plan, rel(x).plan, "Inner", GreaterThan(a, x))), null);
  assert.equal(extractEquiJoinKeys(Join(rel(a).plan, rel(x).plan, "Cross")), null);
});

test("size estimates follow Spark's: rows times row width, limits cap, unknown sources are never small", () => {
  const local = LocalRelation([a, b], [[1, 2], [3, 4]]);
  assert.equal(sizeInBytes(local), 2 * (8 + 4 + 4));
  assert.equal(sizeInBytes(Range(0n, 10n, 3n, null, AttributeReference("id", T.LongType, false))), 4 * 8);
  assert.equal(sizeInBytes(DataSourceRelation([a], { format: "csv" })), UNKNOWN_SIZE);
  assert.equal(sizeInBytes(DataSourceRelation([a], { format: "csv", sizeInBytes: 1234 })), 1234);
  assert.equal(sizeInBytes(rel(a, b).plan), 1, "an empty relation still counts as a byte, as Spark's minimum");
  const big = LocalRelation([a, b], Array.from({ length: 1000 }, () => [1, 2]));
  assert.equal(sizeInBytes(big), 16000);
  assert.equal(sizeInBytes(Join(big, local, "LeftSemi", EqualTo(a, a))), 16000);
  assert.equal(sizeInBytes(GlobalLimit(10, big)), 160);
  assert.equal(sizeInBytes(Aggregate([], [as(AggregateExpression("count", [a]), "n")], big)), 16);
});
