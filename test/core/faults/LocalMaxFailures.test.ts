import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { SparkConf, SparkContext } from "../../../src/index.js";

/** local[N,F]: F, not spark.task.maxFailures, is how many times a task may fail, as in Spark. */
describe("local[N,F]", () => {
  let sc: SparkContext;
  before(() => {
    sc = new SparkContext(new SparkConf().setMaster("local[2,2]").setAppName("LocalMaxFailures").set("spark.task.maxFailures", 5));
  });
  after(() => sc.stop());

  it("runs N task slots and lets a task fail F times", async () => {
    assert.equal(sc.defaultParallelism, 2);
    let attempts = 0;
    sc.addSparkListener({ onTaskEnd: (e) => void (e.reason.kind === "ExceptionFailure" && attempts++) });
    await assert.rejects(sc.parallelize([1], 1).foreach(() => {
      throw new Error("always");
    }), /failed 2 times, most recent failure: Lost task 0\.1 .*Error: always/s);
    await sc.env.listenerBus.waitUntilEmpty();
    assert.equal(attempts, 2);
  });
});
