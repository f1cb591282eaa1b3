import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { SparkConf, SparkContext, SparkException, TaskContext } from "../../../src/index.js";
import type { SparkListener, TaskEndReason } from "../../../src/index.js";

/**
 * Failing tasks on real worker threads: a function that throws is retried up to spark.task.maxFailures (4 by
 * default) times and then fails its job with the task's own error; a task thread that dies loses no job.
 */
describe("task failures", () => {
  let sc: SparkContext;
  before(() => {
    sc = new SparkContext(new SparkConf().setMaster("local[2]").setAppName("TaskFailures"));
  });
  after(() => sc.stop());

  /**
   * Runs a job and returns how it ended, with the end reason of each of its failed task attempts. Only the
   * job's own stages count: a task of an earlier, aborted job may report being killed while this one runs.
   */
  async function attempts<R>(job: () => Promise<R>): Promise<{ outcome: PromiseSettledResult<R>; failures: TaskEndReason[] }> {
    const stages = new Set<number>();
    const failures: TaskEndReason[] = [];
    const listener: SparkListener = {
      onJobStart: (e) => e.stageInfos.forEach((s) => stages.add(s.stageId)),
      onTaskEnd: (e) => void (stages.has(e.stageId) && e.reason.kind !== "Success" && failures.push(e.reason)),
    };
    sc.addSparkListener(listener);
    const [outcome] = await Promise.allSettled([job()]);
    await sc.env.listenerBus.waitUntilEmpty();
    sc.removeSparkListener(listener);
    return { outcome: outcome!, failures };
  }

  it("a function that always throws is tried 4 times, then fails the job with the task's own error as its cause", async () => {
    const { outcome, failures } = await attempts(() => sc.range(0, 10, 1, 2).map((x) => {
      if (x === 7) throw new RangeError(`bad record ${x}`);
      return x;
    }).collect());
    assert.equal(outcome.status, "rejected");
    const e = (outcome as PromiseRejectedResult).reason as Error;
    assert.ok(e instanceof SparkException, `a SparkException, not ${e}`);
    assert.match(e.message, /^Job aborted due to stage failure: Task 1 in stage \d+\.0 failed 4 times, most recent failure: Lost task 1\.3 in stage/);
    assert.match(e.message, /RangeError: bad record 7/);
    const cause = e.cause as Error;
    assert.equal(cause.name, "RangeError");
    assert.equal(cause.message, "bad record 7");
    assert.match(cause.stack ?? "", /RangeError: bad record 7\n\s+at /, "the cause carries the task's own stack");
    assert.equal(failures.length, 4);
    for (const f of failures) assert.equal(f.kind, "ExceptionFailure");
  });

  it("something thrown that is not an Error still reaches the driver as the cause", async () => {
    const { outcome } = await attempts(() => sc.parallelize([1], 1).foreach(() => {
      throw "a plain string"; // eslint-disable-line no-throw-literal
    }));
    const e = (outcome as PromiseRejectedResult).reason as Error;
    assert.match(e.message, /a plain string/);
    assert.equal((e.cause as Error).message, "a plain string");
  });

  it("a function that fails only on its first attempt makes the job succeed on the retry", async () => {
    const { outcome, failures } = await attempts(() => sc.range(0, 10, 1, 2).map((x) => {
      if (x === 3 && TaskContext.get()!.attemptNumber === 0) throw new Error("transient");
      return x * 2;
    }, { TaskContext }).collect());
    assert.deepEqual(outcome, { status: "fulfilled", value: [0, 2, 4, 6, 8, 10, 12, 14, 16, 18] });
    assert.equal(failures.length, 1);
  });

  it("a failing map-side task of a shuffle is retried too", async () => {
    const { outcome, failures } = await attempts(() => sc.range(0, 100, 1, 4).map((x) => {
      if (x === 50 && TaskContext.get()!.attemptNumber < 2) throw new Error("map side fails twice");
      return [x % 3, 1] as [number, number];
    }, { TaskContext }).reduceByKey((a, b) => a + b).collectAsMap());
    assert.deepEqual(outcome, { status: "fulfilled", value: new Map([[0, 34], [1, 33], [2, 33]]) });
    assert.equal(failures.length, 2);
  });

  it("a task whose worker thread dies mid-task is retried on a fresh thread; the job's answer is whole", async () => {
    const { outcome, failures } = await attempts(() => sc.range(0, 1000, 1, 4).map((x) => {
      // process.exit in a worker thread ends that thread only: the task dies with it, half done.
      if (x % 250 === 100 && TaskContext.get()!.attemptNumber === 0) globalThis.process.exit(1);
      return x;
    }, { TaskContext }).reduce((a, b) => a + b));
    assert.deepEqual(outcome, { status: "fulfilled", value: 499_500 });
    assert.equal(failures.length, 4, "each of the 4 tasks lost its thread once");
    for (const f of failures) {
      assert.equal(f.kind, "ExceptionFailure");
      assert.match((f as Extract<TaskEndReason, { kind: "ExceptionFailure" }>).description, /the worker thread running task \d+ exited with code 1/);
    }
    assert.equal(await sc.range(0, 100, 1, 4).count(), 100, "the executor still has working task slots");
  });

  it("a thread that keeps dying fails the job, saying the thread died", async () => {
    const { outcome, failures } = await attempts(() => sc.parallelize([1], 1).foreach(() => globalThis.process.exit(3)));
    assert.equal(outcome.status, "rejected");
    assert.match(((outcome as PromiseRejectedResult).reason as Error).message, /failed 4 times.*the worker thread running task \d+ exited with code 3/s);
    assert.equal(failures.length, 4);
  });
});
