import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { SparkSession, functions as F } from "../../src/index.js";
import { printed as printedRaw } from "./printed.js";

let spark: SparkSession;
before(() => {
  spark = SparkSession.builder().master("local[1]").appName("explain").getOrCreate();
});
after(() => spark.stop());

/** Printed output with expression ids masked, since they depend on what ran before. */
function printed(f: () => void): string {
  return printedRaw(f).replace(/#\d+/g, "#x");
}

test("explain(true) prints the parsed, analyzed, optimized and physical plans; explain() only the physical one", () => {
  const df = spark.createDataFrame([], "a INT, s STRING").filter(F.col("a").gt(0)).select(F.col("a").plus(1).alias("b"), "s");
  const extended = printed(() => df.explain(true));
  assert.match(extended, /^== Parsed Logical Plan ==\n'Project \[\('a \+ 1\) AS b#x, 's\]\n\+- Filter \(a#x > 0\)/);
  assert.match(extended, /== Analyzed Logical Plan ==\nb: int, s: string\nProject \[\(a#x \+ 1\) AS b#x, s#x\]/);
  assert.match(extended, /== Optimized Logical Plan ==\n/);
  assert.match(extended, /== Physical Plan ==\n\*\(1\) Project/);
  assert.equal(printed(() => df.explain("extended")), extended);
  const simple = printed(() => df.explain());
  assert.match(simple, /^== Physical Plan ==\n/);
  assert.doesNotMatch(simple, /Logical Plan/);
});
