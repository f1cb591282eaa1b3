import type { Clock } from "../../util/Clock.js";
import type { DAGScheduler } from "./DAGScheduler.js";
import type { SchedulerBackend } from "./SchedulerBackend.js";
import type { TaskOutcome } from "./TaskRunner.js";
import type { TaskDescription } from "./Task.js";
import type { TaskScheduler, TaskSet } from "./TaskScheduler.js";
import type { TaskLocality } from "./TaskLocality.js";
import { TASK_LOCALITIES } from "./TaskLocality.js";
import { TaskSetManager } from "./TaskSetManager.js";

/** Free cores on one executor, offered to the scheduler. */
export interface WorkerOffer {
  readonly executorId: string;
  readonly host: string;
  readonly cores: number;
}

export interface TaskSchedulerOptions {
  readonly clock: Clock;
  readonly maxTaskFailures: number;
  readonly cpusPerTask: number;
  readonly localityWaits: Readonly<Record<TaskLocality, number>>;
}

/**
 * Places tasks of the submitted task sets onto executors' free cores, earliest job first, and routes task
 * ends back to their TaskSetManagers and the DAGScheduler. Backends call `resourceOffers` and `statusUpdate`.
 */
export class TaskSchedulerImpl implements TaskScheduler {
  private dag!: DAGScheduler;
  private backend!: SchedulerBackend;
  private readonly managers: TaskSetManager[] = [];
  private readonly taskIdToManager = new Map<number, TaskSetManager>();
  private readonly taskIdToExecutor = new Map<number, string>();
  private readonly executorHosts = new Map<string, string>();
  private nextTaskId = 0;
  private reviveTimer: NodeJS.Timeout | undefined;

  constructor(private readonly o: TaskSchedulerOptions) {}

  initialize(dag: DAGScheduler, backend: SchedulerBackend): void {
    this.dag = dag;
    this.backend = backend;
  }

  defaultParallelism(): number {
    return this.backend.defaultParallelism();
  }

  submitTasks(taskSet: TaskSet): void {
    // Any older attempt of the same stage stops launching; its running tasks may still finish and count.
    for (const m of this.managers) if (m.taskSet.stageId === taskSet.stageId) m.isZombie = true;
    const manager = new TaskSetManager(taskSet, {
      clock: this.o.clock,
      maxTaskFailures: this.o.maxTaskFailures,
      cpusPerTask: this.o.cpusPerTask,
      localityWait: (level) => this.o.localityWaits[level],
      isExecutorAlive: (e) => this.executorHosts.has(e),
      hasExecutorsAliveOnHost: (h) => [...this.executorHosts.values()].includes(h),
      hostOfExecutor: (e) => this.executorHosts.get(e),
      newTaskId: () => this.nextTaskId++,
      taskStarted: (tsm, index, info) => this.dag.taskStarted(tsm.taskSet.tasks[index]!, info),
      taskEnded: (tsm, index, info, reason, result, accumUpdates) =>
        this.dag.taskEnded({ task: tsm.taskSet.tasks[index]!, taskInfo: info, reason, result, accumUpdates }),
      taskSetFailed: (tsm, reason, cause) => this.dag.taskSetFailed(tsm.taskSet.stageId, tsm.taskSet.stageAttemptId, reason, cause),
      killTask: (taskId, executorId, reason) => this.backend.killTask(taskId, executorId, reason),
    });
    this.managers.push(manager);
    this.managers.sort((a, b) => a.taskSet.priority - b.taskSet.priority || a.taskSet.stageId - b.taskSet.stageId);
    this.backend.reviveOffers();
  }

  cancelTasks(stageId: number, reason: string): void {
    for (const m of this.managers) if (m.taskSet.stageId === stageId) m.kill(reason);
    this.removeFinishedManagers();
  }

  executorAdded(executorId: string, host: string): void {
    this.executorHosts.set(executorId, host);
    for (const m of this.managers) m.recomputeLocality();
    this.dag.executorAdded(executorId, host);
  }

  executorLost(executorId: string, reason: string, exitCausedByApp = false): void {
    if (!this.executorHosts.delete(executorId)) return;
    for (const m of this.managers) m.executorLost(executorId, exitCausedByApp, reason);
    this.dag.executorLost(executorId, reason);
    this.removeFinishedManagers();
    this.backend.reviveOffers();
  }

  /** Places tasks onto the offered cores: for each task set in order, at each locality level in turn. */
  resourceOffers(offers: readonly WorkerOffer[]): TaskDescription[] {
    for (const o of offers) if (!this.executorHosts.has(o.executorId)) this.executorAdded(o.executorId, o.host);
    const free = offers.map((o) => o.cores);
    const launched: TaskDescription[] = [];
    for (const manager of this.managers) {
      for (const level of TASK_LOCALITIES) {
        let launchedAny = true;
        while (launchedAny) {
          launchedAny = false;
          offers.forEach((offer, i) => {
            if (free[i]! < this.o.cpusPerTask) return;
            const task = manager.resourceOffer(offer.executorId, offer.host, level);
            if (!task) return;
            free[i]! -= this.o.cpusPerTask;
            this.taskIdToManager.set(task.taskId, manager);
            this.taskIdToExecutor.set(task.taskId, offer.executorId);
            launched.push(task);
            launchedAny = true;
          });
        }
      }
    }
    this.scheduleReviveForLocalityWait(free.some((f) => f >= this.o.cpusPerTask));
    return launched;
  }

  /** A task attempt ended on its executor. */
  statusUpdate(taskId: number, outcome: TaskOutcome): void {
    const manager = this.taskIdToManager.get(taskId);
    this.taskIdToManager.delete(taskId);
    this.taskIdToExecutor.delete(taskId);
    if (!manager) return;
    if (outcome.state === "FINISHED") {
      const info = manager.runningTasks.get(taskId);
      manager.handleSuccessfulTask(taskId, outcome.result);
      if (info) this.markPartitionCompletedInOtherAttempts(manager, manager.taskSet.tasks[info.index]!.outputId);
    } else {
      manager.handleFailedTask(taskId, outcome.reason, outcome.accumUpdates);
    }
    this.removeFinishedManagers();
  }

  runningTasksOn(executorId: string): number[] {
    return [...this.taskIdToExecutor].filter(([, e]) => e === executorId).map(([t]) => t);
  }

  stop(): void {
    if (this.reviveTimer) clearTimeout(this.reviveTimer);
    for (const m of this.managers) m.isZombie = true;
  }

  /** The DAGScheduler counts a partition done from any attempt of its stage; so must every attempt's manager. */
  private markPartitionCompletedInOtherAttempts(done: TaskSetManager, outputId: number): void {
    for (const m of this.managers) {
      if (m !== done && m.taskSet.stageId === done.taskSet.stageId) m.markPartitionCompleted(outputId);
    }
  }

  private removeFinishedManagers(): void {
    for (let i = this.managers.length - 1; i >= 0; i--) if (this.managers[i]!.isFinished) this.managers.splice(i, 1);
  }

  /** Delay scheduling held tasks back for locality: offer again when the wait for a looser level ends. */
  private scheduleReviveForLocalityWait(hasFreeCores: boolean): void {
    if (!hasFreeCores || this.reviveTimer) return;
    const now = this.o.clock.getTimeMillis();
    const waits = this.managers.map((m) => m.timeUntilNextLevel(now)).filter((w): w is number => w !== undefined);
    if (waits.length === 0) return;
    this.reviveTimer = setTimeout(() => {
      this.reviveTimer = undefined;
      this.backend.reviveOffers();
    }, Math.min(...waits) + 1);
    this.reviveTimer.unref();
  }
}
