import { afterEach, beforeEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import type { SchedulerBackend } from "../../../src/core/scheduler/SchedulerBackend.js";
import type { Task } from "../../../src/core/scheduler/Task.js";
import type { TaskSet } from "../../../src/core/scheduler/TaskScheduler.js";
import { DAGScheduler } from "../../../src/core/scheduler/DAGScheduler.js";
import { TaskSchedulerImpl } from "../../../src/core/scheduler/TaskSchedulerImpl.js";
import { LiveListenerBus } from "../../../src/core/scheduler/LiveListenerBus.js";
import { emptyTaskMetrics } from "../../../src/core/scheduler/TaskMetrics.js";
import { MapOutputTrackerMaster } from "../../../src/core/MapOutputTracker.js";
import { BlockManagerMaster } from "../../../src/core/storage/BlockManagerMaster.js";
import { ManualClock } from "../../../src/util/Clock.js";

/** A backend with no executors of its own: the test makes the offers. */
class FakeBackend implements SchedulerBackend {
  readonly applicationId = "app-test";
  readonly killed: number[] = [];
  start(): void {}
  async stop(): Promise<void> {}
  reviveOffers(): void {}
  killTask(taskId: number): void {
    this.killed.push(taskId);
  }
  async removeRdd(): Promise<void> {}
  removeBroadcast(): void {}
  defaultParallelism(): number {
    return 2;
  }
}

function taskSet(stageId: number, stageAttemptId: number, outputIds: readonly number[], priority = 0): TaskSet {
  const tasks: Task[] = outputIds.map((outputId) => ({
    stageId, stageAttemptId, jobId: priority, partition: { index: outputId }, outputId, kind: "ResultTask", preferredLocations: [],
    binary: Buffer.alloc(0), localProperties: {}, epoch: 0,
  }));
  return { tasks, stageId, stageAttemptId, priority, properties: {} };
}

const finished = { state: "FINISHED", result: { value: Buffer.alloc(1), mapStatus: undefined, accumUpdates: [], metrics: emptyTaskMetrics() } } as const;

describe("TaskSchedulerImpl", () => {
  let scheduler: TaskSchedulerImpl;
  let dag: DAGScheduler;
  beforeEach(() => {
    const clock = new ManualClock();
    scheduler = new TaskSchedulerImpl({ clock, maxTaskFailures: 4, cpusPerTask: 1, localityWaits: { PROCESS_LOCAL: 0, NODE_LOCAL: 0, NO_PREF: 0, RACK_LOCAL: 0, ANY: 0 } });
    // The DAGScheduler only receives the task ends here; it knows none of these stages, so it ignores them.
    dag = new DAGScheduler({
      taskScheduler: scheduler, mapOutputTracker: new MapOutputTrackerMaster(), blockManagerMaster: new BlockManagerMaster(),
      listenerBus: new LiveListenerBus(), clock, maxConsecutiveStageAttempts: 4, mergeAccumulators: () => {}, maxResultSize: 0,
    });
    scheduler.initialize(dag, new FakeBackend());
  });
  afterEach(() => dag.stop());

  it("offers cores to the earliest job's task set first", () => {
    scheduler.submitTasks(taskSet(1, 0, [0, 1], 1));
    scheduler.submitTasks(taskSet(0, 0, [0, 1], 0));
    const launched = scheduler.resourceOffers([{ executorId: "execA", host: "hostA", cores: 3 }]);
    assert.deepEqual(launched.map((t) => t.stageId), [0, 0, 1]);
  });

  it("does not run in a newer attempt a partition that an older attempt of the stage has finished", () => {
    scheduler.submitTasks(taskSet(0, 0, [0, 1]));
    const old = scheduler.resourceOffers([{ executorId: "execA", host: "hostA", cores: 2 }]);
    assert.equal(old.length, 2);
    scheduler.submitTasks(taskSet(0, 1, [0, 1]));
    scheduler.statusUpdate(old.find((t) => t.outputId === 1)!.taskId, finished);
    const launched = scheduler.resourceOffers([{ executorId: "execB", host: "hostB", cores: 2 }]);
    assert.deepEqual(launched.map((t) => [t.stageAttemptId, t.outputId]), [[1, 0]]);
  });
});
