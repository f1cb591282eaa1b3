import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { TestSession } from "./harness.js";

/** Sorts and aggregations bigger than their task's buffer spill to disk and merge back, decimals intact. */
describe("spilling", () => {
  let s: TestSession;
  let spilled = 0;
  before(() => {
    s = new TestSession({ "spark.shuffle.spill.numElementsForceSpillThreshold": "64" });
    s.sc.addSparkListener({ onTaskEnd: (e) => void (spilled += e.taskMetrics?.diskBytesSpilled ?? 0) });
    s.rangeView("big", 0, 1000, 2);
  });
  after(() => s.stop());

  it("sorts past the buffer through spilled runs", async () => {
    const rows = await s.rows("SELECT CAST(id % 97 AS DECIMAL(6, 1)) AS d, id FROM big ORDER BY d DESC, id");
    const expected = Array.from({ length: 1000 }, (_, i) => i).sort((a, b) => (b % 97) - (a % 97) || a - b);
    assert.deepEqual(rows.map(([d, id]) => [String(d), id]), expected.map((i) => [`${i % 97}.0`, BigInt(i)]));
    await s.sc.env.listenerBus.waitUntilEmpty();
    assert.ok(spilled > 0, "the sort spilled");
  });

  it("merges partial aggregates past the buffer through spilled buckets", async () => {
    spilled = 0;
    const rows = await s.sortedRows("SELECT id % 300 AS k, count(*), sum(CAST(id AS DECIMAL(8, 2))), avg(CAST(id AS DECIMAL(8, 2))) FROM big GROUP BY id % 300", { "spark.sql.shuffle.partitions": "1" });
    assert.equal(rows.length, 300);
    const row7 = rows.find(([k]) => k === 7n)!;
    assert.deepEqual([row7[1], String(row7[2]), String(row7[3])], [4n, "1828.00", "457.000000"]);
    // Groups of one row each: their buffers and decimal keys come back from a spill file unmerged.
    const single = await s.rows("SELECT id, CAST(id AS DECIMAL(8, 2)) AS k, avg(CAST(id AS DECIMAL(8, 2))) FROM big GROUP BY 1, 2", { "spark.sql.shuffle.partitions": "1" });
    assert.equal(single.length, 1000);
    assert.ok(single.every(([id, k, avg]) => String(k) === `${id}.00` && String(avg) === `${id}.000000`));
    await s.sc.env.listenerBus.waitUntilEmpty();
    assert.ok(spilled > 0, "the aggregation spilled");
  });
});
