import { test } from "node:test";
import assert from "node:assert/strict";
import { joinTypeFromString } from "../../src/plan/logical/Join.js";

test("join type names are read as Spark's JoinType.apply reads them", () => {
  assert.deepEqual(
    ["inner", "left", "left_outer", "RIGHT", "full outer", "outer", "semi", "left_anti", "cross"].map(joinTypeFromString),
    ["Inner", "LeftOuter", "LeftOuter", "RightOuter", "FullOuter", "FullOuter", "LeftSemi", "LeftAnti", "Cross"],
  );
  assert.throws(() => joinTypeFromString("sideways"), /Unsupported join type 'sideways'. Supported join types include: 'inner', 'outer'/);
});
