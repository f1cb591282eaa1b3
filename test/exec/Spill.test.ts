import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { TestSession } from "./harness.js";

/** A sort bigger than its task's buffer spills sorted runs to disk and merges them, decimals intact. */
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
});
