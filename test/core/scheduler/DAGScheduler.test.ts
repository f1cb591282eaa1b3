import { beforeEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import { serialize } from "node:v8";
import type { Dependency } from "../../../src/core/rdd/Dependency.js";
import type { Partition } from "../../../src/core/rdd/Partition.js";
import type { JobListener } from "../../../src/core/scheduler/JobWaiter.js";
import type { MapStatus } from "../../../src/core/scheduler/MapStatus.js";
import type { SparkListenerEvent, TaskInfo } from "../../../src/core/scheduler/SparkListenerEvent.js";
import type { Task } from "../../../src/core/scheduler/Task.js";
import type { TaskEndReason } from "../../../src/core/scheduler/TaskEndReason.js";
import type { TaskScheduler, TaskSet } from "../../../src/core/scheduler/TaskScheduler.js";
import { RDD } from "../../../src/core/rdd/RDD.js";
import { ShuffleDependency } from "../../../src/core/rdd/Dependency.js";
import { UserFunction } from "../../../src/core/closure/SerializedFunction.js";
import { hashPartitioner } from "../../../src/core/Partitioner.js";
import { MapOutputTrackerMaster } from "../../../src/core/MapOutputTracker.js";
import { BlockManagerMaster } from "../../../src/core/storage/BlockManagerMaster.js";
import { LiveListenerBus } from "../../../src/core/scheduler/LiveListenerBus.js";
import { DAGScheduler } from "../../../src/core/scheduler/DAGScheduler.js";
import { emptyTaskMetrics } from "../../../src/core/scheduler/TaskMetrics.js";
import { ManualClock } from "../../../src/util/Clock.js";

/** An RDD that is only ever scheduled: N partitions, given dependencies, optional preferred hosts. */
class MyRDD extends RDD<unknown> {
  constructor(id: number, private readonly numPartitions: number, deps: Dependency[]) {
    super(undefined, deps, id);
  }

  get kind(): string {
    return "MyRDD";
  }

  serialize(): unknown {
    return null;
  }

  protected getPartitions(): Partition[] {
    return Array.from({ length: this.numPartitions }, (_, index) => ({ index }));
  }

  compute(): IterableIterator<unknown> {
    throw new Error("MyRDD is scheduled by these tests, never computed");
  }
}

/** Records what a job's listener is told, so a test can check it right after draining the event loop. */
class RecordingListener implements JobListener {
  readonly results = new Map<number, unknown>();
  failure: Error | undefined;

  taskSucceeded(index: number, result: unknown): void {
    this.results.set(index, result);
  }

  jobFailed(error: Error): void {
    this.failure = error;
  }
}

/** Stands in for TaskSchedulerImpl: keeps the submitted task sets and the cancelled stages. */
class FakeTaskScheduler implements TaskScheduler {
  readonly taskSets: TaskSet[] = [];
  readonly cancelledStages: number[] = [];

  submitTasks(taskSet: TaskSet): void {
    this.taskSets.push(taskSet);
  }

  cancelTasks(stageId: number): void {
    this.cancelledStages.push(stageId);
  }

  defaultParallelism(): number {
    return 2;
  }
}

type Outcome = TaskEndReason | { readonly kind: "Success"; readonly value?: unknown; readonly host?: string };

/**
 * A DAGScheduler wired to fakes, as Spark's DAGSchedulerSuite wires it: every call is followed by draining the
 * event loop, so the scheduler's state can be checked at once, with no waiting.
 */
class Harness {
  readonly clock = new ManualClock();
  readonly tracker = new MapOutputTrackerMaster();
  readonly bus = new LiveListenerBus();
  readonly taskScheduler = new FakeTaskScheduler();
  readonly dag: DAGScheduler;
  private nextRddId = 0;
  private nextShuffleId = 0;
  private nextTaskId = 0;

  constructor(options: { maxResultSize?: number } = {}) {
    this.dag = new DAGScheduler({
      taskScheduler: this.taskScheduler,
      mapOutputTracker: this.tracker,
      blockManagerMaster: new BlockManagerMaster(),
      listenerBus: this.bus,
      clock: this.clock,
      maxConsecutiveStageAttempts: 4,
      mergeAccumulators: () => {},
      maxResultSize: options.maxResultSize ?? 0,
      resubmitTimeoutMs: 0,
    });
  }

  get taskSets(): TaskSet[] {
    return this.taskScheduler.taskSets;
  }

  rdd(numPartitions: number, deps: Dependency[] = []): MyRDD {
    return new MyRDD(this.nextRddId++, numPartitions, deps);
  }

  shuffle(mapSide: RDD<unknown>, numReduces: number): ShuffleDependency {
    return new ShuffleDependency(mapSide as RDD<[unknown, unknown]>, {
      shuffleId: this.nextShuffleId++,
      numMaps: mapSide.getNumPartitions(),
      partitioner: hashPartitioner(numReduces),
      aggregator: undefined,
      mapSideCombine: false,
      keyOrdering: undefined,
    });
  }

  submit(rdd: RDD<unknown>, options: { partitions?: number[]; properties?: Record<string, string> } = {}): { jobId: number; listener: RecordingListener } {
    const listener = new RecordingListener();
    const partitions = options.partitions ?? rdd.partitions.map((p) => p.index);
    const func = new UserFunction({ expression: "(ctx, it) => [...it]", env: {} });
    const jobId = this.dag.submitJob(rdd, func, partitions, "test", () => listener, options.properties ?? {});
    this.drain();
    return { jobId, listener };
  }

  /** Ends task `index` of a task set; a Success carries a map status on `host` or a result value. */
  end(taskSet: TaskSet, index: number, outcome: Outcome): void {
    const task = taskSet.tasks[index]!;
    const host = "host" in outcome && outcome.host ? outcome.host : "hostA";
    const success = outcome.kind === "Success";
    this.dag.taskEnded({
      task,
      taskInfo: this.taskInfo(task, host),
      reason: success ? { kind: "Success" } : outcome,
      result: success
        ? {
            value: task.kind === "ResultTask" ? serialize("value" in outcome ? outcome.value : null) : undefined,
            mapStatus: task.kind === "ShuffleMapTask" ? mapStatus(host, task.outputId, 2) : undefined,
            accumUpdates: [],
            metrics: emptyTaskMetrics(),
          }
        : undefined,
      accumUpdates: [],
    });
    this.drain();
  }

  /** Succeeds every task of a set: map tasks on the given hosts in turn, result tasks with the given values. */
  complete(taskSet: TaskSet, outputs: readonly (string | number)[]): void {
    outputs.forEach((o, i) => this.end(taskSet, i, typeof o === "string" ? { kind: "Success", host: o } : { kind: "Success", value: o }));
  }

  drain(): void {
    this.dag.eventLoop.drain();
  }

  private taskInfo(task: Task, host: string): TaskInfo {
    return {
      taskId: this.nextTaskId++, index: task.outputId, attemptNumber: 0, partitionId: task.partition.index, launchTime: 0,
      executorId: `${host}-exec`, host, taskLocality: "ANY", speculative: false, finishTime: 0, failed: false, killed: false,
    };
  }
}

function mapStatus(host: string, mapId: number, numReduces: number): MapStatus {
  return { location: { executorId: `${host}-exec`, host, port: 7337, shuffleDir: `/tmp/${host}` }, mapId, sizes: new Array(numReduces).fill(1) };
}

function fetchFailed(host: string, shuffleId: number, mapId: number, reduceId: number): TaskEndReason {
  return {
    kind: "FetchFailed",
    location: { executorId: `${host}-exec`, host, port: 7337, shuffleDir: `/tmp/${host}` },
    shuffleId, mapId, reduceId,
    message: "ignored",
  };
}

function shape(taskSet: TaskSet): { stageId: number; attempt: number; outputs: number[] } {
  return { stageId: taskSet.stageId, attempt: taskSet.stageAttemptId, outputs: taskSet.tasks.map((t) => t.outputId) };
}

describe("DAGScheduler", () => {
  let h: Harness;
  beforeEach(() => {
    h = new Harness();
  });

  it("runs a single-stage job as one task per partition and hands each result to the job's listener", () => {
    const { listener } = h.submit(h.rdd(2));
    assert.equal(h.taskSets.length, 1);
    assert.deepEqual(shape(h.taskSets[0]!), { stageId: 0, attempt: 0, outputs: [0, 1] });
    assert.ok(h.taskSets[0]!.tasks.every((t) => t.kind === "ResultTask"));
    h.complete(h.taskSets[0]!, [42, 43]);
    assert.deepEqual([...listener.results], [[0, 42], [1, 43]]);
    assert.equal(listener.failure, undefined);
    assert.deepEqual(h.dag.activeJobIds, []);
  });

  it("runs only the requested partitions of a job, and finishes a job of no partitions at once", () => {
    const rdd = h.rdd(4);
    const { listener } = h.submit(rdd, { partitions: [1, 3] });
    assert.deepEqual(h.taskSets[0]!.tasks.map((t) => t.partition.index), [1, 3]);
    h.complete(h.taskSets[0]!, [11, 13]);
    assert.deepEqual([...listener.results], [[0, 11], [1, 13]]);
    h.submit(rdd, { partitions: [] });
    assert.equal(h.taskSets.length, 1);
    assert.deepEqual(h.dag.activeJobIds, []);
  });

  it("refuses a partition the RDD does not have, before any event is posted", () => {
    assert.throws(() => h.submit(h.rdd(2), { partitions: [2] }), /Attempting to access a non-existent partition: 2\. Total number of partitions: 2/);
  });

  it("submits the result stage of a shuffle only once every map output exists", () => {
    const dep = h.shuffle(h.rdd(2), 2);
    const { listener } = h.submit(h.rdd(2, [dep]));
    assert.equal(h.taskSets.length, 1);
    assert.ok(h.taskSets[0]!.tasks.every((t) => t.kind === "ShuffleMapTask"));
    h.end(h.taskSets[0]!, 0, { kind: "Success", host: "hostA" });
    assert.equal(h.taskSets.length, 1, "one map output is still missing");
    h.end(h.taskSets[0]!, 1, { kind: "Success", host: "hostB" });
    assert.equal(h.taskSets.length, 2);
    assert.deepEqual(h.tracker.getStatuses(dep.shuffleId).map((s) => s?.location.host), ["hostA", "hostB"]);
    assert.ok(h.taskSets[1]!.tasks.every((t) => t.kind === "ResultTask"));
    h.complete(h.taskSets[1]!, [1, 2]);
    assert.deepEqual([...listener.results.values()], [1, 2]);
  });

  it("reuses a shuffle's outputs for a later job instead of running its map stage again", () => {
    const dep = h.shuffle(h.rdd(2), 1);
    const reduce = h.rdd(1, [dep]);
    h.submit(reduce);
    h.complete(h.taskSets[0]!, ["hostA", "hostB"]);
    h.complete(h.taskSets[1]!, [1]);
    const { listener } = h.submit(h.rdd(1, [dep]));
    assert.equal(h.taskSets.length, 3);
    assert.equal(h.taskSets[2]!.tasks[0]!.kind, "ResultTask");
    h.complete(h.taskSets[2]!, [7]);
    assert.deepEqual([...listener.results], [[0, 7]]);
  });

  it("runs a map stage that two running jobs share once, then both jobs' result stages", () => {
    const dep = h.shuffle(h.rdd(2), 1);
    const first = h.submit(h.rdd(1, [dep]));
    const second = h.submit(h.rdd(1, [dep]));
    assert.equal(h.taskSets.length, 1, "the second job waits on the first job's map stage");
    h.complete(h.taskSets[0]!, ["hostA", "hostB"]);
    assert.deepEqual(h.taskSets.slice(1).map((ts) => ts.tasks[0]!.jobId), [first.jobId, second.jobId]);
    h.complete(h.taskSets[1]!, [1]);
    h.complete(h.taskSets[2]!, [2]);
    assert.deepEqual([first.listener.results.get(0), second.listener.results.get(0)], [1, 2]);
  });

  it("after a fetch failure unregisters the lost output and re-runs only the missing map and result partitions", () => {
    const dep = h.shuffle(h.rdd(2), 2);
    const { listener } = h.submit(h.rdd(2, [dep]));
    h.complete(h.taskSets[0]!, ["hostA", "hostB"]);
    const result0 = h.taskSets[1]!;
    h.end(result0, 1, { kind: "Success", value: 43 });
    h.end(result0, 0, fetchFailed("hostA", dep.shuffleId, 0, 0));
    assert.deepEqual(h.tracker.findMissingPartitions(dep.shuffleId), [0]);
    assert.equal(h.taskSets.length, 3);
    assert.deepEqual(shape(h.taskSets[2]!), { stageId: h.taskSets[0]!.stageId, attempt: 1, outputs: [0] });
    h.complete(h.taskSets[2]!, ["hostC"]);
    assert.deepEqual(shape(h.taskSets[3]!), { stageId: result0.stageId, attempt: 1, outputs: [0] });
    h.complete(h.taskSets[3]!, [42]);
    assert.deepEqual([...listener.results].sort(), [[0, 42], [1, 43]]);
    assert.equal(listener.failure, undefined);
  });

  it("ignores a fetch failure from an attempt that is no longer the stage's latest", () => {
    const dep = h.shuffle(h.rdd(2), 2);
    h.submit(h.rdd(2, [dep]));
    h.complete(h.taskSets[0]!, ["hostA", "hostB"]);
    const result0 = h.taskSets[1]!;
    h.end(result0, 0, fetchFailed("hostA", dep.shuffleId, 0, 0));
    h.complete(h.taskSets[2]!, ["hostC"]);
    const submitted = h.taskSets.length;
    h.end(result0, 1, fetchFailed("hostB", dep.shuffleId, 1, 1));
    assert.equal(h.taskSets.length, submitted);
    assert.deepEqual(h.tracker.findMissingPartitions(dep.shuffleId), []);
  });

  it("fails the job once a stage has failed spark.stage.maxConsecutiveAttempts times in a row", () => {
    const dep = h.shuffle(h.rdd(1), 1);
    const { listener } = h.submit(h.rdd(1, [dep]));
    h.complete(h.taskSets[0]!, ["hostA"]);
    for (let attempt = 0; attempt < 4; attempt++) {
      assert.equal(listener.failure, undefined, `attempt ${attempt} may still be retried`);
      const resultSet = h.taskSets.at(-1)!;
      assert.equal(resultSet.stageAttemptId, attempt);
      h.end(resultSet, 0, fetchFailed("hostA", dep.shuffleId, 0, 0));
      if (attempt < 3) h.complete(h.taskSets.at(-1)!, ["hostA"]);
    }
    assert.match(listener.failure!.message,
      /^Job aborted due to stage failure: ResultStage 1 \(test\) has failed the maximum allowable number of times: 4\. Most recent failure reason:\nFetchFailed\(BlockManagerId\(hostA-exec, hostA, 7337\), shuffleId=0, mapId=0, reduceId=0/);
    assert.deepEqual(h.dag.activeJobIds, []);
  });

  it("counts only consecutive failed attempts: a stage that succeeds starts counting again", () => {
    const dep = h.shuffle(h.rdd(1), 1);
    const mid = h.shuffle(h.rdd(1, [dep]), 1);
    const { listener } = h.submit(h.rdd(1, [mid]));
    h.complete(h.taskSets[0]!, ["hostA"]);
    for (let round = 0; round < 3; round++) {
      // The middle map stage fails three times, succeeds, then its child loses its output three times.
      for (let i = 0; i < 3; i++) {
        h.end(h.taskSets.at(-1)!, 0, fetchFailed("hostA", dep.shuffleId, 0, 0));
        h.complete(h.taskSets.at(-1)!, ["hostA"]);
      }
      h.complete(h.taskSets.at(-1)!, ["hostB"]);
      h.end(h.taskSets.at(-1)!, 0, fetchFailed("hostB", mid.shuffleId, 0, 0));
    }
    assert.equal(listener.failure, undefined);
  });

  it("aborts the job when a task set fails, with Spark's message and the task's error as cause", () => {
    const dep = h.shuffle(h.rdd(2), 1);
    const { listener } = h.submit(h.rdd(1, [dep]));
    const cause = new TypeError("boom");
    h.dag.taskSetFailed(0, 0, "Task 1 in stage 0.0 failed 4 times, most recent failure: Lost task 1.3", cause);
    h.drain();
    assert.equal(listener.failure!.message, "Job aborted due to stage failure: Task 1 in stage 0.0 failed 4 times, most recent failure: Lost task 1.3");
    assert.equal(listener.failure!.cause, cause);
    assert.deepEqual(h.taskScheduler.cancelledStages, [0]);
    assert.deepEqual(h.dag.activeJobIds, []);
  });

  it("cancelJob fails the job and kills the tasks of its running stage", () => {
    const dep = h.shuffle(h.rdd(2), 1);
    const { jobId, listener } = h.submit(h.rdd(1, [dep]));
    h.dag.cancelJob(jobId);
    h.drain();
    assert.equal(listener.failure!.message, `Job ${jobId} cancelled`);
    assert.deepEqual(h.taskScheduler.cancelledStages, [h.taskSets[0]!.stageId]);
    h.complete(h.taskSets[0]!, ["hostA", "hostB"]);
    assert.equal(h.taskSets.length, 1, "nothing runs for a cancelled job");
  });

  it("cancelJob puts the reason given after Spark's 'Job N cancelled'", () => {
    const { jobId, listener } = h.submit(h.rdd(1));
    h.dag.cancelJob(jobId, "because the user pressed stop");
    h.drain();
    assert.equal(listener.failure!.message, `Job ${jobId} cancelled because the user pressed stop`);
  });

  it("cancelling one job leaves running a stage that another active job still needs", () => {
    const dep = h.shuffle(h.rdd(2), 1);
    const first = h.submit(h.rdd(1, [dep]));
    const second = h.submit(h.rdd(1, [dep]));
    h.dag.cancelJob(first.jobId);
    h.drain();
    assert.ok(first.listener.failure);
    assert.deepEqual(h.taskScheduler.cancelledStages, []);
    h.complete(h.taskSets[0]!, ["hostA", "hostB"]);
    h.complete(h.taskSets[1]!, [5]);
    assert.deepEqual([...second.listener.results], [[0, 5]]);
  });

  it("cancelJobGroup cancels only the jobs whose spark.jobGroup.id is the group", () => {
    const inGroup = h.submit(h.rdd(1), { properties: { "spark.jobGroup.id": "nightly" } });
    const other = h.submit(h.rdd(1), { properties: { "spark.jobGroup.id": "adhoc" } });
    h.dag.cancelJobGroup("nightly");
    h.drain();
    assert.equal(inGroup.listener.failure!.message, `Job ${inGroup.jobId} cancelled part of cancelled job group nightly`);
    assert.equal(other.listener.failure, undefined);
    assert.deepEqual(h.taskScheduler.cancelledStages, [h.taskSets[0]!.stageId]);
    assert.deepEqual(h.dag.activeJobIds, [other.jobId]);
  });

  it("cancelAllJobs cancels every active job", () => {
    const jobs = [h.submit(h.rdd(1)), h.submit(h.rdd(1))];
    h.dag.cancelAllJobs();
    h.drain();
    assert.deepEqual(jobs.map((j) => j.listener.failure?.message), jobs.map((j) => `Job ${j.jobId} cancelled as part of cancellation of all jobs`));
    assert.deepEqual(h.taskScheduler.cancelledStages, h.taskSets.map((ts) => ts.stageId));
  });

  it("ignores map outputs from a lost executor made before the loss, and accepts those made after", () => {
    const dep = h.shuffle(h.rdd(2), 1);
    const { listener } = h.submit(h.rdd(1, [dep]));
    const epochBefore = h.tracker.epoch;
    h.dag.executorLost("hostA-exec", "killed");
    h.drain();
    assert.ok(h.tracker.epoch > epochBefore);
    const maps = h.taskSets[0]!;
    h.end(maps, 0, { kind: "Success", host: "hostA" });
    assert.deepEqual(h.tracker.findMissingPartitions(dep.shuffleId), [0, 1], "an output from the lost executor is ignored");
    h.end(maps, 0, { kind: "Success", host: "hostB" });
    assert.deepEqual(h.tracker.findMissingPartitions(dep.shuffleId), [1]);
    const newer = { ...maps, tasks: maps.tasks.map((t) => ({ ...t, epoch: h.tracker.epoch })) };
    h.end(newer, 1, { kind: "Success", host: "hostA" });
    assert.deepEqual(h.tracker.getStatuses(dep.shuffleId).map((s) => s?.location.host), ["hostB", "hostA"]);
    h.complete(h.taskSets[1]!, [9]);
    assert.deepEqual([...listener.results], [[0, 9]]);
  });

  it("re-runs the map partitions lost with an executor before the child stage starts", () => {
    const dep = h.shuffle(h.rdd(2), 1);
    h.submit(h.rdd(1, [dep]));
    h.end(h.taskSets[0]!, 0, { kind: "Success", host: "hostA" });
    h.dag.executorLost("hostA-exec", "killed");
    h.drain();
    h.end(h.taskSets[0]!, 1, { kind: "Success", host: "hostB" });
    assert.deepEqual(shape(h.taskSets[1]!), { stageId: h.taskSets[0]!.stageId, attempt: 1, outputs: [0] });
    h.complete(h.taskSets[1]!, ["hostC"]);
    assert.equal(h.taskSets[2]!.tasks[0]!.kind, "ResultTask");
  });

  it("puts a map partition back among the stage's pending ones when its task is resubmitted", () => {
    const dep = h.shuffle(h.rdd(2), 1);
    h.submit(h.rdd(1, [dep]));
    const maps = h.taskSets[0]!;
    h.end(maps, 0, { kind: "Success", host: "hostA" });
    h.dag.executorLost("hostA-exec", "killed");
    h.end(maps, 0, { kind: "Resubmitted" });
    h.end(maps, 1, { kind: "Success", host: "hostB" });
    assert.equal(h.taskSets.length, 1, "the stage waits for its resubmitted task");
    const newer = { ...maps, tasks: maps.tasks.map((t) => ({ ...t, epoch: h.tracker.epoch })) };
    h.end(newer, 0, { kind: "Success", host: "hostC" });
    assert.equal(h.taskSets[1]!.tasks[0]!.kind, "ResultTask");
  });

  it("counts a late result from an older attempt of the result stage", () => {
    const dep = h.shuffle(h.rdd(2), 2);
    const { listener } = h.submit(h.rdd(2, [dep]));
    h.complete(h.taskSets[0]!, ["hostA", "hostB"]);
    const result0 = h.taskSets[1]!;
    h.end(result0, 0, fetchFailed("hostA", dep.shuffleId, 0, 0));
    h.complete(h.taskSets[2]!, ["hostC"]);
    assert.deepEqual(shape(h.taskSets[3]!).outputs, [0, 1]);
    h.end(result0, 1, { kind: "Success", value: 43 });
    h.end(h.taskSets[3]!, 0, { kind: "Success", value: 42 });
    assert.deepEqual([...listener.results].sort(), [[0, 42], [1, 43]]);
    assert.deepEqual(h.dag.activeJobIds, []);
  });

  it("kills a stage that re-runs for a finished job once a late result has finished it", () => {
    const dep = h.shuffle(h.rdd(2), 2);
    const { listener } = h.submit(h.rdd(2, [dep]));
    h.complete(h.taskSets[0]!, ["hostA", "hostB"]);
    const result0 = h.taskSets[1]!;
    h.end(result0, 0, fetchFailed("hostA", dep.shuffleId, 0, 0));
    h.complete(h.taskSets[2]!, ["hostC"]);
    const result1 = h.taskSets[3]!;
    h.end(result1, 0, { kind: "Success", value: 42 });
    h.end(result1, 1, fetchFailed("hostB", dep.shuffleId, 1, 1));
    assert.deepEqual(shape(h.taskSets[4]!), { stageId: h.taskSets[0]!.stageId, attempt: 2, outputs: [1] });
    const cancelledBefore = h.taskScheduler.cancelledStages.length;
    h.end(result0, 1, { kind: "Success", value: 43 });
    assert.deepEqual([...listener.results].sort(), [[0, 42], [1, 43]]);
    assert.deepEqual(h.taskScheduler.cancelledStages.slice(cancelledBefore), [h.taskSets[0]!.stageId]);
  });

  it("counts a late map output from an older attempt towards the map stage's running attempt", () => {
    const first = h.shuffle(h.rdd(2), 2);
    const second = h.shuffle(h.rdd(2, [first]), 1);
    const { listener } = h.submit(h.rdd(1, [second]));
    h.complete(h.taskSets[0]!, ["hostA", "hostB"]);
    const mid0 = h.taskSets[1]!;
    h.end(mid0, 0, fetchFailed("hostA", first.shuffleId, 0, 0));
    h.complete(h.taskSets[2]!, ["hostC"]);
    const mid1 = h.taskSets[3]!;
    assert.deepEqual(shape(mid1), { stageId: mid0.stageId, attempt: 1, outputs: [0, 1] });
    h.end(mid0, 1, { kind: "Success", host: "hostB" });
    h.end(mid1, 0, { kind: "Success", host: "hostC" });
    assert.equal(h.taskSets.length, 5, "both outputs exist, so the result stage runs");
    h.complete(h.taskSets[4]!, [1]);
    assert.deepEqual([...listener.results], [[0, 1]]);
  });

  it("posts job and stage events to the listener bus in order", async () => {
    const events: string[] = [];
    h.bus.addListener({
      onJobStart: (e) => events.push(`JobStart ${e.jobId} stages ${e.stageInfos.map((s) => s.stageId).sort().join(",")}`),
      onStageSubmitted: (e) => events.push(`StageSubmitted ${e.stageInfo.stageId}`),
      onStageCompleted: (e) => events.push(`StageCompleted ${e.stageInfo.stageId}${e.stageInfo.failureReason ? " failed" : ""}`),
      onJobEnd: (e) => events.push(`JobEnd ${e.jobId} ${e.jobResult.result}`),
    });
    const dep = h.shuffle(h.rdd(2), 1);
    h.submit(h.rdd(1, [dep]));
    h.complete(h.taskSets[0]!, ["hostA", "hostB"]);
    h.complete(h.taskSets[1]!, [1]);
    await h.bus.waitUntilEmpty();
    assert.deepEqual(events, [
      "JobStart 0 stages 0,1",
      "StageSubmitted 0",
      "StageCompleted 0",
      "StageSubmitted 1",
      "StageCompleted 1",
      "JobEnd 0 JobSucceeded",
    ]);
  });

  it("posts a failed job's end with the failure", async () => {
    const ends: Extract<SparkListenerEvent, { event: "SparkListenerJobEnd" }>[] = [];
    h.bus.addListener({ onJobEnd: (e) => ends.push(e) });
    const { jobId } = h.submit(h.rdd(1));
    h.dag.cancelJob(jobId);
    h.drain();
    await h.bus.waitUntilEmpty();
    assert.deepEqual(ends.map((e) => e.jobResult), [{ result: "JobFailed", exception: `Job ${jobId} cancelled` }]);
  });

  it("fails the job when its results exceed spark.driver.maxResultSize", () => {
    h = new Harness({ maxResultSize: 1024 });
    const { listener } = h.submit(h.rdd(2));
    const big = "x".repeat(1000);
    h.end(h.taskSets[0]!, 0, { kind: "Success", value: big });
    assert.equal(listener.failure, undefined);
    h.end(h.taskSets[0]!, 1, { kind: "Success", value: big });
    assert.match(listener.failure!.message,
      /^Job aborted due to stage failure: Total size of serialized results of 2 tasks \(\d+\.\d B\) is bigger than spark\.driver\.maxResultSize \(1024\.0 B\)$/);
    assert.deepEqual(h.taskScheduler.cancelledStages, [0]);
  });
});
