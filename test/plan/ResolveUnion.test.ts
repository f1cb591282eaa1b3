import { test } from "node:test";
import assert from "node:assert/strict";
import { Analyzer } from "../../src/plan/analysis/Analyzer.js";
import { TempViewCatalog } from "../../src/plan/analysis/Catalog.js";
import { schemaOf } from "../../src/plan/logical/PlanOutput.js";
import { Union } from "../../src/plan/logical/Union.js";
import * as T from "../../src/types/index.js";
import { attr, rel } from "./dsl.js";

const analyze = new Analyzer(new TempViewCatalog());
const left = rel(attr("a", T.IntegerType), attr("b", T.StringType));
const right = rel(attr("b", T.StringType), attr("a", T.LongType));

test("unionByName matches columns by name and widens their types", () => {
  const plan = analyze.execute(Union([left.plan, right.plan], true));
  assert.equal(schemaOf(plan).toDDL(), "a BIGINT, b STRING");
});

test("unionByName reports a missing column unless missing columns are allowed", () => {
  const narrow = rel(attr("a", T.IntegerType));
  assert.throws(() => analyze.execute(Union([left.plan, narrow.plan], true)), /\[UNRESOLVED_COLUMN.WITH_SUGGESTION\] A column, variable, or function parameter with name `b` cannot be resolved/);
  const filled = analyze.execute(Union([left.plan, narrow.plan], true, true));
  assert.equal(schemaOf(filled).toDDL(), "a INT, b STRING");
});
