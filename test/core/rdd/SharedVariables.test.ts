import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { SparkConf, SparkContext, TaskContext } from "../../../src/index.js";

/** Broadcast variables (read in tasks) and accumulators (added to in tasks, read on the driver). */
describe("shared variables", () => {
  let sc: SparkContext;
  before(() => {
    sc = new SparkContext(new SparkConf().setMaster("local[2]").setAppName("SharedVariables"));
  });
  after(() => sc.stop());

  it("a broadcast value is read inside tasks, and on the driver", async () => {
    const names = sc.broadcast(new Map([[1, "one"], [2, "two"]]));
    const out = await sc.parallelize([1, 2, 1], 3).map((x) => names.value.get(x), { names }).collect();
    assert.deepEqual(out, ["one", "two", "one"]);
    assert.equal(names.value.get(2), "two");
  });

  it("an unpersisted broadcast is fetched again by the next task that reads it", async () => {
    const b = sc.broadcast([10, 20]);
    assert.equal(await sc.parallelize([0, 1], 2).map((i) => b.value[i]!, { b }).reduce((x, y) => x + y), 30);
    b.unpersist();
    assert.equal(await sc.parallelize([0, 1], 2).map((i) => b.value[i]!, { b }).reduce((x, y) => x + y), 30);
  });

  it("a destroyed broadcast cannot be used, on the driver or by a new function", () => {
    const b = sc.broadcast({ k: 1 });
    b.destroy();
    assert.throws(() => b.value, /Attempted to use Broadcast\(\d+\) after it was destroyed/);
    assert.throws(() => sc.parallelize([1], 1).map((x) => x + b.value.k, { b }),
      /Task not serializable: map: captured value 'b': Attempted to use Broadcast\(\d+\) after it was destroyed/);
  });

  it("a task reading a broadcast destroyed after its RDD was made fails the job", async () => {
    const b = sc.broadcast(5);
    const rdd = sc.parallelize([1], 1).map((x) => x + b.value, { b });
    b.destroy();
    await assert.rejects(rdd.collect(), /Broadcast\(\d+\) was destroyed/);
  });

  it("long, double and collection accumulators gather what tasks add", async () => {
    const sum = sc.longAccumulator("sum");
    const half = sc.doubleAccumulator("half");
    const odd = sc.collectionAccumulator<number>("odd");
    await sc.range(0, 10, 1, 3).foreach((x) => {
      sum.add(x);
      half.add(x / 2);
      if (x % 2 === 1) odd.add(x);
    }, { sum, half, odd });
    assert.equal(sum.value, 45);
    assert.equal(sum.count, 10);
    assert.equal(half.value, 22.5);
    assert.deepEqual(odd.value.sort((a, b) => a - b), [1, 3, 5, 7, 9]);
  });

  it("a result task's accumulator updates count once, though a failed attempt added too", async () => {
    const seen = sc.longAccumulator("seen");
    await sc.range(0, 20, 1, 4).foreach((x) => {
      seen.add(1);
      if (x === 7 && TaskContext.get()!.attemptNumber === 0) throw new Error("fail the first attempt after adding");
    }, { seen, TaskContext });
    assert.equal(seen.value, 20);
  });

  it("one accumulator captured by two functions of one task counts in both", async () => {
    const n = sc.longAccumulator();
    await sc.range(0, 5, 1, 1).map((x) => (n.add(1), x), { n }).foreach(() => n.add(10), { n });
    assert.equal(n.value, 55);
  });
});
