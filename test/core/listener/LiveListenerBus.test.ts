import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { SparkConf, SparkContext } from "../../../src/index.js";
import type { SparkListener, SparkListenerEvent } from "../../../src/index.js";
import { LiveListenerBus } from "../../../src/core/scheduler/LiveListenerBus.js";

/** Records the job events it is given, as "JobStart 0", "JobEnd 0". */
class JobRecorder implements SparkListener {
  readonly seen: string[] = [];
  onJobStart(e: { jobId: number }): void {
    this.seen.push(`JobStart ${e.jobId}`);
  }
  onJobEnd(e: { jobId: number }): void {
    this.seen.push(`JobEnd ${e.jobId}`);
  }
}

let sc: SparkContext;

before(() => {
  sc = new SparkContext(new SparkConf().setMaster("local[2]").setAppName("listener-bus").set("spark.ui.showConsoleProgress", false));
});

after(() => sc.stop());

/** Runs a small job and returns its id, read from the event that started it. */
async function runJob(): Promise<number> {
  let jobId = -1;
  const idOf: SparkListener = { onJobStart: (e) => void (jobId = e.jobId) };
  sc.addSparkListener(idOf);
  assert.equal(await sc.parallelize([1, 2, 3], 2).count(), 3);
  await sc.env.listenerBus.waitUntilEmpty();
  sc.removeSparkListener(idOf);
  return jobId;
}

test("waitUntilEmpty resolves only once the events posted so far have been delivered", async () => {
  const recorder = new JobRecorder();
  sc.addSparkListener(recorder);
  assert.equal(await sc.parallelize([1, 2, 3], 2).count(), 3);
  // The job's end is posted before its action resolves, and delivered on a later turn.
  await sc.env.listenerBus.waitUntilEmpty();
  sc.removeSparkListener(recorder);
  assert.deepEqual(recorder.seen.map((s) => s.split(" ")[0]), ["JobStart", "JobEnd"]);
});

test("a listener that throws is reported and does not stop delivery, to itself or to others", async (t) => {
  const reported = t.mock.method(console, "error", () => {});
  let thrown = 0;
  class FailingListener implements SparkListener {
    onJobStart(): void {
      thrown++;
      throw new Error("listener bug");
    }
    onJobEnd(): void {
      thrown++;
      throw new Error("listener bug");
    }
  }
  const failing = new FailingListener();
  const recorder = new JobRecorder();
  sc.addSparkListener(failing);
  sc.addSparkListener(recorder);
  const first = await runJob();
  const second = await runJob();
  sc.removeSparkListener(failing);
  sc.removeSparkListener(recorder);
  assert.deepEqual(recorder.seen, [`JobStart ${first}`, `JobEnd ${first}`, `JobStart ${second}`, `JobEnd ${second}`]);
  assert.equal(thrown, 4);
  const messages = reported.mock.calls.map((c) => String(c.arguments[0]));
  assert.deepEqual(messages, [
    "Listener FailingListener threw an exception on SparkListenerJobStart",
    "Listener FailingListener threw an exception on SparkListenerJobEnd",
    "Listener FailingListener threw an exception on SparkListenerJobStart",
    "Listener FailingListener threw an exception on SparkListenerJobEnd",
  ]);
  assert.match(String(reported.mock.calls[0]!.arguments[1]), /listener bug/);
});

test("removeSparkListener stops delivery to that listener only", async () => {
  const removed = new JobRecorder();
  const kept = new JobRecorder();
  sc.addSparkListener(removed);
  sc.addSparkListener(kept);
  const first = await runJob();
  sc.removeSparkListener(removed);
  const second = await runJob();
  sc.removeSparkListener(kept);
  assert.deepEqual(removed.seen, [`JobStart ${first}`, `JobEnd ${first}`]);
  assert.deepEqual(kept.seen, [`JobStart ${first}`, `JobEnd ${first}`, `JobStart ${second}`, `JobEnd ${second}`]);
});

test("events are delivered after the poster moves on, in order, and events of other layers reach onOtherEvent", async () => {
  const bus = new LiveListenerBus();
  const seen: string[] = [];
  bus.addListener({
    onApplicationEnd: (e) => void seen.push(`${e.event} ${e.time}`),
    onOtherEvent: (e) => void seen.push(e.event),
  });
  const events: SparkListenerEvent[] = [
    { event: "StreamingQueryListener.QueryStartedEvent", id: "q" },
    { event: "SparkListenerApplicationEnd", time: 7 },
  ];
  for (const e of events) bus.post(e);
  assert.deepEqual(seen, [], "posting never runs listeners inside the poster");
  await bus.waitUntilEmpty();
  assert.deepEqual(seen, ["StreamingQueryListener.QueryStartedEvent", "SparkListenerApplicationEnd 7"]);
  await bus.waitUntilEmpty(); // an idle bus is empty at once
});
