import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { SparkConf, SparkContext } from "../../../src/index.js";
import type { SparkListener, SparkListenerEvent, TaskMetrics } from "../../../src/index.js";

type EventOf<N extends string> = Extract<SparkListenerEvent, { readonly event: N }>;

/** Every event, in the order delivered: the bus calls each on* method with the event it names. */
class RecordingListener implements SparkListener {
  readonly events: SparkListenerEvent[] = [];
  onApplicationStart = (e: SparkListenerEvent): void => void this.events.push(e);
  onJobStart = (e: SparkListenerEvent): void => void this.events.push(e);
  onStageSubmitted = (e: SparkListenerEvent): void => void this.events.push(e);
  onTaskStart = (e: SparkListenerEvent): void => void this.events.push(e);
  onTaskEnd = (e: SparkListenerEvent): void => void this.events.push(e);
  onStageCompleted = (e: SparkListenerEvent): void => void this.events.push(e);
  onJobEnd = (e: SparkListenerEvent): void => void this.events.push(e);
}

const RECORDS = 100;
const MAP_TASKS = 4;
const KEYS = 3;
let sc: SparkContext;
const listener = new RecordingListener();
let result: [number, number][];

before(async () => {
  sc = new SparkContext(new SparkConf().setMaster("local[2]").setAppName("listener-events").set("spark.ui.showConsoleProgress", false));
  sc.addSparkListener(listener);
  result = await sc
    .range(0, RECORDS, 1, MAP_TASKS)
    .map((i) => [i % KEYS, 1] as [number, number], { KEYS })
    .reduceByKey((a, b) => a + b, undefined, 2)
    .collect();
  await sc.env.listenerBus.waitUntilEmpty();
});

after(() => sc.stop());

/** The events of one kind, each with its place in the delivery order. */
function delivered<N extends string>(name: N, match: (e: EventOf<N>) => boolean = () => true): { at: number; e: EventOf<N> }[] {
  return listener.events.flatMap((e, at) => (e.event === name && match(e as EventOf<N>) ? [{ at, e: e as EventOf<N> }] : []));
}

const stageIds = (): number[] => delivered("SparkListenerStageSubmitted").map(({ e }) => e.stageInfo.stageId);
const taskMetrics = (stageId: number): TaskMetrics[] =>
  delivered("SparkListenerTaskEnd", (e) => e.stageId === stageId).map(({ e }) => e.taskMetrics!);
const sum = (metrics: TaskMetrics[], f: (m: TaskMetrics) => number): number => metrics.reduce((s, m) => s + f(m), 0);

test("a shuffle job's events arrive in a valid order, from application start to job end", () => {
  assert.deepEqual(result.sort((a, b) => a[0] - b[0]), [[0, 34], [1, 33], [2, 33]]);
  const events = listener.events.map((e) => e.event);
  assert.deepEqual([events[0], events[1], events.at(-1)], ["SparkListenerApplicationStart", "SparkListenerJobStart", "SparkListenerJobEnd"]);
  const [{ e: jobStart }] = delivered("SparkListenerJobStart");
  const [{ e: jobEnd }] = delivered("SparkListenerJobEnd");
  assert.deepEqual(jobStart!.stageInfos.map((s) => s.numTasks).sort(), [2, MAP_TASKS]);
  assert.deepEqual([jobEnd!.jobId, jobEnd!.jobResult], [jobStart!.jobId, { result: "JobSucceeded" }]);

  // Each stage: submitted, then its tasks (each started before it ends), then completed; the map stage first.
  const stages = delivered("SparkListenerStageSubmitted");
  assert.deepEqual(stages.map(({ e }) => e.stageInfo.numTasks), [MAP_TASKS, 2]);
  for (const { at: submittedAt, e: { stageInfo } } of stages) {
    const id = stageInfo.stageId;
    const [completed] = delivered("SparkListenerStageCompleted", (e) => e.stageInfo.stageId === id);
    const starts = delivered("SparkListenerTaskStart", (e) => e.stageId === id);
    const ends = delivered("SparkListenerTaskEnd", (e) => e.stageId === id);
    assert.equal(starts.length, stageInfo.numTasks, `task starts of stage ${id}`);
    assert.equal(ends.length, stageInfo.numTasks, `task ends of stage ${id}`);
    for (const { at } of [...starts, ...ends]) {
      assert.ok(submittedAt < at && at < completed!.at, `stage ${id}'s task event at ${at} lies between its submission at ${submittedAt} and its completion at ${completed?.at}`);
    }
    for (const end of ends) {
      const start = starts.find(({ e }) => e.taskInfo.taskId === end.e.taskInfo.taskId);
      assert.ok(start && start.at < end.at, `task ${end.e.taskInfo.taskId} starts before it ends`);
    }
  }
  const [mapCompleted] = delivered("SparkListenerStageCompleted");
  assert.ok(mapCompleted!.at < stages[1]!.at, "the map stage completes before the reduce stage is submitted");
});

test("map tasks report their input records and shuffle write, as ShuffleMapTasks", () => {
  const [mapStageId] = stageIds();
  const ends = delivered("SparkListenerTaskEnd", (e) => e.stageId === mapStageId).map(({ e }) => e);
  assert.ok(ends.every((e) => e.taskType === "ShuffleMapTask" && e.reason.kind === "Success"));
  const metrics = taskMetrics(mapStageId!);
  assert.deepEqual(metrics.map((m) => m.inputMetrics.recordsRead), Array(MAP_TASKS).fill(RECORDS / MAP_TASKS));
  assert.ok(metrics.every((m) => m.shuffleWriteMetrics.bytesWritten > 0), "every map task wrote shuffle bytes");
  assert.ok(metrics.every((m) => m.shuffleWriteMetrics.recordsWritten > 0), "every map task wrote shuffle records");
  assert.ok(metrics.every((m) => Number.isInteger(m.executorRunTime) && m.executorRunTime >= 0), "run times are whole milliseconds");
  assert.equal(sum(metrics, (m) => m.shuffleReadMetrics.recordsRead), 0, "map tasks read no shuffle");
});

test("reduce tasks report the shuffle records they read and the size of their result, as ResultTasks", () => {
  const [, reduceStageId] = stageIds();
  const ends = delivered("SparkListenerTaskEnd", (e) => e.stageId === reduceStageId).map(({ e }) => e);
  assert.ok(ends.every((e) => e.taskType === "ResultTask" && e.reason.kind === "Success"));
  const metrics = taskMetrics(reduceStageId!);
  // Combined on the map side: each map task sends one record per key it saw.
  assert.equal(sum(metrics, (m) => m.shuffleReadMetrics.recordsRead), MAP_TASKS * KEYS);
  assert.ok(metrics.every((m) => m.shuffleReadMetrics.localBytesRead > 0), "every reduce task read shuffle bytes");
  assert.ok(metrics.every((m) => m.resultSize > 0), "every result task sent back a result");
  assert.equal(sum(metrics, (m) => m.inputMetrics.recordsRead), 0, "shuffle records are not input records");
});

test("the shuffle records map tasks write are the records reduce tasks read", () => {
  const [mapStageId, reduceStageId] = stageIds();
  const written = sum(taskMetrics(mapStageId!), (m) => m.shuffleWriteMetrics.recordsWritten);
  assert.equal(written, sum(taskMetrics(reduceStageId!), (m) => m.shuffleReadMetrics.recordsRead));
});
