import { beforeEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import type { DirectTaskResult, Task } from "../../../src/core/scheduler/Task.js";
import type { TaskEndReason } from "../../../src/core/scheduler/TaskEndReason.js";
import type { TaskInfo } from "../../../src/core/scheduler/SparkListenerEvent.js";
import type { TaskLocality } from "../../../src/core/scheduler/TaskLocality.js";
import type { TaskSetManagerContext } from "../../../src/core/scheduler/TaskSetManager.js";
import { TaskSetManager } from "../../../src/core/scheduler/TaskSetManager.js";
import { emptyTaskMetrics } from "../../../src/core/scheduler/TaskMetrics.js";
import { ManualClock } from "../../../src/util/Clock.js";

const LOCALITY_WAIT = 3000;

/** Stands in for TaskSchedulerImpl: a fixed set of live executors, and a record of what the manager reports. */
class FakeScheduler implements TaskSetManagerContext {
  readonly clock = new ManualClock();
  readonly maxTaskFailures = 4;
  readonly cpusPerTask = 1;
  readonly executors = new Map([["execA", "hostA"], ["execB", "hostB"], ["execC", "hostC"]]);
  readonly ended: { index: number; reason: TaskEndReason["kind"] }[] = [];
  readonly failed: { reason: string; cause: Error | undefined }[] = [];
  readonly killed: number[] = [];
  private nextTaskId = 0;

  localityWait(level: TaskLocality): number {
    // As Spark's getLocalityWait: only the data-local levels wait.
    return level === "PROCESS_LOCAL" || level === "NODE_LOCAL" || level === "RACK_LOCAL" ? LOCALITY_WAIT : 0;
  }

  isExecutorAlive(executorId: string): boolean {
    return this.executors.has(executorId);
  }

  hasExecutorsAliveOnHost(host: string): boolean {
    return [...this.executors.values()].includes(host);
  }

  hostOfExecutor(executorId: string): string | undefined {
    return this.executors.get(executorId);
  }

  newTaskId(): number {
    return this.nextTaskId++;
  }

  taskStarted(): void {}

  taskEnded(_tsm: TaskSetManager, index: number, _info: TaskInfo, reason: TaskEndReason): void {
    this.ended.push({ index, reason: reason.kind });
  }

  taskSetFailed(_tsm: TaskSetManager, reason: string, cause: Error | undefined): void {
    this.failed.push({ reason, cause });
  }

  killTask(taskId: number): void {
    this.killed.push(taskId);
  }
}

/** A task set of stage 0 attempt 0 whose task i prefers the locations `prefs[i]`. */
function taskSetManager(sched: FakeScheduler, prefs: readonly (readonly string[])[], kind: Task["kind"] = "ResultTask"): TaskSetManager {
  const tasks: Task[] = prefs.map((preferredLocations, i) => ({
    stageId: 0, stageAttemptId: 0, jobId: 0, partition: { index: i }, outputId: i, kind, preferredLocations,
    binary: Buffer.alloc(0), localProperties: {}, epoch: 0,
  }));
  return new TaskSetManager({ tasks, stageId: 0, stageAttemptId: 0, priority: 0, properties: {} }, sched);
}

/** Offers one slot of `executorId` at the loosest level, as TaskSchedulerImpl's last round does. */
function offer(tsm: TaskSetManager, sched: FakeScheduler, executorId: string): { taskId: number; index: number; locality: string } | undefined {
  const task = tsm.resourceOffer(executorId, sched.hostOfExecutor(executorId)!, "ANY");
  if (!task) return undefined;
  const info = tsm.runningTasks.get(task.taskId)!;
  return { taskId: task.taskId, index: info.index, locality: info.taskLocality };
}

function success(kind: Task["kind"], host = "hostA"): DirectTaskResult {
  return {
    value: kind === "ResultTask" ? Buffer.alloc(1) : undefined,
    mapStatus: kind === "ShuffleMapTask" ? { location: { executorId: `exec${host.slice(-1)}`, host, port: 7337, shuffleDir: "/tmp" }, mapId: 0, sizes: [1] } : undefined,
    accumUpdates: [],
    metrics: emptyTaskMetrics(),
  };
}

const boom: TaskEndReason = { kind: "ExceptionFailure", className: "TypeError", description: "boom", stackTrace: "TypeError: boom\n    at udf (job.js:3:9)" };

describe("TaskSetManager", () => {
  let sched: FakeScheduler;
  beforeEach(() => {
    sched = new FakeScheduler();
  });

  describe("locality and delay scheduling", () => {
    it("launches a task on the executor or host that holds its data at once", () => {
      const tsm = taskSetManager(sched, [["executor_execB"], ["hostA"], []]);
      assert.deepEqual(offer(tsm, sched, "execB"), { taskId: 0, index: 0, locality: "PROCESS_LOCAL" });
      assert.deepEqual(offer(tsm, sched, "execA"), { taskId: 1, index: 1, locality: "NODE_LOCAL" });
      assert.deepEqual(offer(tsm, sched, "execC"), { taskId: 2, index: 2, locality: "NO_PREF" });
    });

    it("keeps a task that prefers another host waiting spark.locality.wait before running it anywhere", () => {
      const tsm = taskSetManager(sched, [["hostA"], ["hostA"]]);
      assert.equal(offer(tsm, sched, "execA")?.locality, "NODE_LOCAL");
      assert.equal(offer(tsm, sched, "execB"), undefined);
      sched.clock.advance(LOCALITY_WAIT - 1);
      assert.equal(offer(tsm, sched, "execB"), undefined);
      sched.clock.advance(1);
      assert.deepEqual(offer(tsm, sched, "execB"), { taskId: 1, index: 1, locality: "ANY" });
    });

    it("waits at each level in turn: a task preferring an executor waits for it, then for its host", () => {
      const tsm = taskSetManager(sched, [["executor_execA"]]);
      assert.equal(offer(tsm, sched, "execB"), undefined);
      sched.clock.advance(LOCALITY_WAIT);
      assert.equal(offer(tsm, sched, "execB"), undefined, "process-local wait over; node-local wait begins");
      sched.clock.advance(LOCALITY_WAIT);
      assert.equal(offer(tsm, sched, "execB")?.locality, "ANY");
    });

    it("starts the wait of the next level afresh when a level has no tasks left (SPARK-4939)", () => {
      const tsm = taskSetManager(sched, [["executor_execA"], ["hostB"]]);
      assert.equal(offer(tsm, sched, "execA")?.locality, "PROCESS_LOCAL");
      sched.clock.advance(2000);
      assert.equal(offer(tsm, sched, "execC"), undefined, "no process-local task left, so the node-local wait starts now");
      sched.clock.advance(LOCALITY_WAIT - 1);
      assert.equal(offer(tsm, sched, "execC"), undefined);
      sched.clock.advance(1);
      assert.equal(offer(tsm, sched, "execC")?.locality, "ANY");
    });

    it("keeps waiting at the same level when a lost executor removes a more local one", () => {
      const tsm = taskSetManager(sched, [["executor_execA"], ["hostB"]]);
      assert.equal(offer(tsm, sched, "execA")?.locality, "PROCESS_LOCAL");
      assert.equal(offer(tsm, sched, "execC"), undefined, "now waiting at NODE_LOCAL for hostB");
      sched.executors.delete("execA");
      tsm.executorLost("execA", false, "worker lost");
      assert.equal(offer(tsm, sched, "execC"), undefined, "still waiting at NODE_LOCAL");
      sched.clock.advance(LOCALITY_WAIT);
      assert.equal(offer(tsm, sched, "execC")?.locality, "ANY");
    });

    it("launches at once a task whose preferred host has no live executor", () => {
      const tsm = taskSetManager(sched, [["hostZ"]]);
      assert.equal(offer(tsm, sched, "execA")?.locality, "ANY");
    });
  });

  describe("failures", () => {
    it("retries a failing task up to spark.task.maxFailures, then aborts with its last error as the cause", () => {
      const tsm = taskSetManager(sched, [[]]);
      for (let attempt = 0; attempt < 4; attempt++) {
        assert.equal(sched.failed.length, 0);
        const launched = offer(tsm, sched, "execA")!;
        assert.equal(launched.index, 0);
        tsm.handleFailedTask(launched.taskId, boom, []);
      }
      assert.equal(sched.failed.length, 1);
      const { reason, cause } = sched.failed[0]!;
      assert.equal(reason, "Task 0 in stage 0.0 failed 4 times, most recent failure: Lost task 0.3 in stage 0.0 (TID 3) " +
        "(hostA executor execA): TypeError: boom\n    at udf (job.js:3:9)");
      assert.equal(cause?.name, "TypeError");
      assert.equal(cause?.message, "boom");
      assert.equal(cause?.stack, "TypeError: boom\n    at udf (job.js:3:9)");
      assert.equal(tsm.isZombie, true);
      assert.equal(offer(tsm, sched, "execA"), undefined);
    });

    it("does not count killed tasks or executors lost for reasons other than the task", () => {
      const tsm = taskSetManager(sched, [[]]);
      const notCounted: TaskEndReason[] = [
        { kind: "TaskKilled", reason: "another attempt succeeded" },
        { kind: "ExecutorLostFailure", executorId: "execA", exitCausedByApp: false, reason: "node went away" },
      ];
      for (let i = 0; i < 10; i++) tsm.handleFailedTask(offer(tsm, sched, "execA")!.taskId, notCounted[i % 2]!, []);
      for (let i = 0; i < 3; i++) tsm.handleFailedTask(offer(tsm, sched, "execA")!.taskId, boom, []);
      assert.equal(sched.failed.length, 0);
      tsm.handleFailedTask(offer(tsm, sched, "execA")!.taskId, { kind: "ExecutorLostFailure", executorId: "execA", exitCausedByApp: true, reason: "OOM" }, []);
      assert.equal(sched.failed.length, 1, "an executor that the task itself brought down counts");
    });

    it("stops launching after a fetch failure: the map stage must run again first", () => {
      const tsm = taskSetManager(sched, [[], [], []]);
      const first = offer(tsm, sched, "execA")!;
      const second = offer(tsm, sched, "execB")!;
      tsm.handleFailedTask(first.taskId, { kind: "FetchFailed", location: undefined, shuffleId: 0, mapId: 1, reduceId: 0, message: "missing" }, []);
      assert.equal(tsm.isZombie, true);
      assert.equal(offer(tsm, sched, "execC"), undefined);
      assert.deepEqual(sched.ended, [{ index: 0, reason: "FetchFailed" }]);
      assert.equal(tsm.isFinished, false, "a task is still running");
      tsm.handleSuccessfulTask(second.taskId, success("ResultTask"));
      assert.equal(tsm.isFinished, true);
      assert.equal(sched.failed.length, 0);
    });
  });

  describe("lost executors", () => {
    it("runs again the map tasks whose output was on a lost executor, telling the DAGScheduler they were resubmitted", () => {
      const tsm = taskSetManager(sched, [[], [], []], "ShuffleMapTask");
      const onA = offer(tsm, sched, "execA")!;
      const onB = offer(tsm, sched, "execB")!;
      const running = offer(tsm, sched, "execA")!;
      tsm.handleSuccessfulTask(onA.taskId, success("ShuffleMapTask", "hostA"));
      tsm.handleSuccessfulTask(onB.taskId, success("ShuffleMapTask", "hostB"));
      sched.executors.delete("execA");
      tsm.executorLost("execA", false, "worker lost");
      assert.deepEqual(sched.ended.slice(2), [{ index: onA.index, reason: "Resubmitted" }, { index: running.index, reason: "ExecutorLostFailure" }]);
      const again = [offer(tsm, sched, "execC")!.index, offer(tsm, sched, "execC")!.index].sort();
      assert.deepEqual(again, [onA.index, running.index].sort());
      assert.equal(offer(tsm, sched, "execC"), undefined, "the output on execB is still there");
    });

    it("does not resubmit a map task whose only attempt on the lost executor had failed", () => {
      const tsm = taskSetManager(sched, [[], []], "ShuffleMapTask");
      tsm.handleFailedTask(offer(tsm, sched, "execA")!.taskId, boom, []);
      tsm.handleSuccessfulTask(offer(tsm, sched, "execB")!.taskId, success("ShuffleMapTask", "hostB"));
      sched.executors.delete("execA");
      tsm.executorLost("execA", false, "worker lost");
      assert.ok(!sched.ended.some((e) => e.reason === "Resubmitted"));
    });

    it("does not resubmit result tasks: their results are already on the driver", () => {
      const tsm = taskSetManager(sched, [[], []]);
      tsm.handleSuccessfulTask(offer(tsm, sched, "execA")!.taskId, success("ResultTask"));
      sched.executors.delete("execA");
      tsm.executorLost("execA", false, "worker lost");
      assert.ok(!sched.ended.some((e) => e.reason === "Resubmitted"));
      assert.equal(offer(tsm, sched, "execB")?.index, 1);
      assert.equal(offer(tsm, sched, "execB"), undefined);
    });
  });

  it("finishes a partition that another attempt of the stage completed, without running it", () => {
    const tsm = taskSetManager(sched, [[], []]);
    tsm.markPartitionCompleted(0);
    assert.equal(offer(tsm, sched, "execA")?.index, 1);
    assert.equal(offer(tsm, sched, "execA"), undefined);
    tsm.markPartitionCompleted(1);
    assert.equal(tsm.isZombie, true);
  });
});
