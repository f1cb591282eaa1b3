import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import * as T from "../../src/types/index.js";
import { TestSession } from "./harness.js";

/** Physical planning: operator choice and the exchanges EnsureRequirements adds (and does not add). */
describe("physical planning", () => {
  let s: TestSession;
  before(() => {
    s = new TestSession();
    s.view("t", { a: T.IntegerType, b: T.StringType }, [[1, "x"], [2, "y"], [2, null]]);
    s.view("u", { a: T.IntegerType, c: T.DoubleType }, [[2, 0.5], [3, 1.5]]);
  });
  after(() => s.stop());

  const exchanges = (plan: string) => plan.split("\n").filter((l) => l.includes("Exchange"));

  it("narrow pipelines need no exchange, and run in generated code", () => {
    assert.equal(s.physicalPlan("SELECT a + 1 AS b FROM t WHERE a > 1"), [
      "== Physical Plan ==",
      "*(1) Project [(a + 1) AS b]",
      "+- *(1) Filter (a > 1)",
      "   +- *(1) LocalTableScan [a, b]",
      "",
    ].join("\n"));
  });

  it("without codegen, no operator is marked", () => {
    assert.ok(!s.physicalPlan("SELECT a FROM t WHERE a > 1", { "spark.sql.codegen.wholeStage": "false" }).includes("*("));
  });

  it("a grouped aggregate is partial, then hash-partitioned by its keys into spark.sql.shuffle.partitions, then final", () => {
    assert.equal(s.physicalPlan("SELECT a, count(*) AS n FROM t GROUP BY a", { "spark.sql.shuffle.partitions": "7" }), [
      "== Physical Plan ==",
      "HashAggregate(keys=[a], functions=[count(1)], output=[a, nL])",
      "+- Exchange hashpartitioning(a, 7), ENSURE_REQUIREMENTS",
      "   +- *(1) HashAggregate(keys=[a], functions=[partial_count(1)], output=[a, count])",
      "      +- *(1) Project [a]",
      "         +- *(1) LocalTableScan [a, b]",
      "",
    ].join("\n"));
  });

  it("a global aggregate gathers its partial results into a single partition", () => {
    assert.deepEqual(exchanges(s.physicalPlan("SELECT count(*) FROM t")), ["+- Exchange SinglePartition, ENSURE_REQUIREMENTS"]);
  });

  it("a global sort is range-partitioned; the default partition count is 200", () => {
    const plan = s.query("SELECT a FROM t ORDER BY a DESC").state.conf("spark.sql.shuffle.partitions");
    assert.equal(plan, "4");
    assert.deepEqual(exchanges(s.physicalPlan("SELECT a FROM t ORDER BY a DESC", { "spark.sql.shuffle.partitions": "200" })), [
      "+- Exchange rangepartitioning(a DESC NULLS LAST, 200), ENSURE_REQUIREMENTS",
    ]);
  });

  it("aggregating on the keys the data is already partitioned by adds no second exchange", () => {
    const plan = s.physicalPlan("SELECT a, count(*) FROM (SELECT a, count(*) AS n FROM t GROUP BY a) GROUP BY a");
    assert.equal(exchanges(plan).length, 1, plan);
  });

  it("a small side is broadcast; above the threshold both sides are shuffled on the join keys", () => {
    const broadcast = s.physicalPlan("SELECT * FROM t JOIN u ON t.a = u.a");
    assert.match(broadcast, /BroadcastHashJoin \[a\], \[a\], Inner, BuildRight, false/);
    assert.match(broadcast, /BroadcastExchange/);
    assert.equal(exchanges(broadcast).filter((l) => l.includes("ShuffleExchange") || l.includes("Exchange hash")).length, 0);
    const shuffled = s.physicalPlan("SELECT * FROM t JOIN u ON t.a = u.a", { "spark.sql.autoBroadcastJoinThreshold": "-1" });
    assert.match(shuffled, /ShuffledHashJoin \[a\], \[a\], Inner, BuildRight/);
    assert.equal(exchanges(shuffled).filter((l) => l.includes("hashpartitioning(a, 4)")).length, 2, shuffled);
  });

  it("a join without equality keys is a broadcast nested loop join", () => {
    assert.match(s.physicalPlan("SELECT * FROM t JOIN u ON t.a < u.a"), /BroadcastNestedLoopJoin BuildRight, Inner, \(a < a\)/);
  });

  it("a limit at the root is collected; elsewhere it is global over local", () => {
    assert.match(s.physicalPlan("SELECT a FROM t LIMIT 2"), /^== Physical Plan ==\nCollectLimit 2\n/);
    const nested = s.physicalPlan("SELECT count(*) FROM (SELECT a FROM t LIMIT 2)");
    assert.match(nested, /GlobalLimit 2, 0\n.*\+- Exchange SinglePartition, ENSURE_REQUIREMENTS\n.*\+- LocalLimit 2/);
  });

  it("ORDER BY with LIMIT at the root keeps the first rows of each partition, then of them all, without a range exchange", () => {
    assert.equal(s.physicalPlan("SELECT b FROM t ORDER BY a DESC LIMIT 2"), [
      "== Physical Plan ==",
      "TakeOrderedAndProject(limit=2, orderBy=[a DESC NULLS LAST], output=[b])",
      "+- Exchange SinglePartition, ENSURE_REQUIREMENTS",
      "   +- TakeOrderedAndProject(limit=2, orderBy=[a DESC NULLS LAST], output=[b, a])",
      "      +- *(1) Project [b, a]",
      "         +- *(1) LocalTableScan [a, b]",
      "",
    ].join("\n"));
  });

  it("honours spark.sql.shuffle.partitions in the answer's partitioning", () => {
    const rdd = s.query("SELECT a, count(*) FROM t GROUP BY a", { "spark.sql.shuffle.partitions": "3" }).toRdd();
    assert.equal(rdd.getNumPartitions(), 3);
  });

  it("rejects a malformed setting, naming the key", () => {
    assert.throws(() => s.query("SELECT a FROM t", { "spark.sql.shuffle.partitions": "zero" }).executedPlan, /spark\.sql\.shuffle\.partitions should be a positive integer, but was 'zero'/);
  });
});

describe("broadcast exchanges", () => {
  let s: TestSession;
  const stages = new Map<number, { tasks: number; reads: number }>();
  before(() => {
    s = new TestSession();
    s.sc.addSparkListener({
      onTaskEnd: (e) => {
        const st = stages.get(e.stageId) ?? { tasks: 0, reads: 0 };
        st.tasks++;
        st.reads += e.taskMetrics?.shuffleReadMetrics.recordsRead ?? 0;
        stages.set(e.stageId, st);
      },
    });
    s.view("small", { k: T.IntegerType }, [[1], [2]]);
    s.rangeView("wide", 0, 80, 8);
  });
  after(() => s.stop());

  it("are fetched once per task thread, not once per task", async () => {
    assert.deepEqual(await s.rows("SELECT count(*) FROM wide JOIN small ON wide.id = small.k"), [[2n]]);
    await s.sc.env.listenerBus.waitUntilEmpty();
    // The join's stage has a task per partition of \`wide\`, on 2 threads; the broadcast is 2 records (one per
    // slice of \`small\`): at most 2 threads x 2 records are read, where fetching per task would read 8 x 2.
    const joinStages = [...stages.values()].filter((st) => st.tasks === 8);
    assert.equal(joinStages.length, 2, "one join stage per run (codegen on and off)");
    for (const st of joinStages) assert.ok(st.reads <= 4, `the join stage read ${st.reads} broadcast records`);
  });
});
