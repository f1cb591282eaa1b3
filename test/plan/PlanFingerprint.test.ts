import { test } from "node:test";
import assert from "node:assert/strict";
import { Literal } from "../../src/expr/Literal.js";
import { GreaterThan } from "../../src/expr/Predicates.js";
import { planFingerprint } from "../../src/plan/logical/PlanFingerprint.js";
import { LocalRelation } from "../../src/plan/logical/Relations.js";
import { Filter } from "../../src/plan/logical/UnaryNodes.js";
import * as T from "../../src/types/index.js";
import { int } from "./dsl.js";

test("plans rebuilt with the same structure share a fingerprint; local rows count by identity", () => {
  const a = int("a");
  const relation = LocalRelation([a], Array.from({ length: 100_000 }, (_, i) => [i]));
  const rows = relation.data;
  const one = Filter(GreaterThan(a, Literal(1)), relation);
  const same = Filter(GreaterThan(a, Literal(1)), LocalRelation([a], rows));
  assert.equal(planFingerprint(one), planFingerprint(same));
  assert.notEqual(planFingerprint(one), planFingerprint(Filter(GreaterThan(a, Literal(1n, T.LongType)), relation)));
  assert.notEqual(planFingerprint(one), planFingerprint(Filter(GreaterThan(a, Literal(1)), LocalRelation([a], [...rows]))));
  assert.ok(planFingerprint(one).length < 1000, "rows are not serialized");
});
