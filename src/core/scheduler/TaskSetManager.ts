import type { Clock } from "../../util/Clock.js";
import type { DirectTaskResult, TaskDescription } from "./Task.js";
import type { TaskSet } from "./TaskScheduler.js";
import type { TaskEndReason } from "./TaskEndReason.js";
import type { TaskInfo } from "./SparkListenerEvent.js";
import type { TaskLocality } from "./TaskLocality.js";
import { describeFailure } from "./TaskEndReason.js";
import { executorOfLocation, localityRank } from "./TaskLocality.js";

/** What a TaskSetManager needs from its scheduler. */
export interface TaskSetManagerContext {
  readonly clock: Clock;
  readonly maxTaskFailures: number;
  readonly cpusPerTask: number;
  /** spark.locality.wait per level, in milliseconds. */
  localityWait(level: TaskLocality): number;
  isExecutorAlive(executorId: string): boolean;
  hasExecutorsAliveOnHost(host: string): boolean;
  hostOfExecutor(executorId: string): string | undefined;
  newTaskId(): number;
  taskStarted(tsm: TaskSetManager, index: number, info: TaskInfo): void;
  taskEnded(tsm: TaskSetManager, index: number, info: TaskInfo, reason: TaskEndReason, result: DirectTaskResult | undefined, accumUpdates: readonly [number, unknown][]): void;
  taskSetFailed(tsm: TaskSetManager, reason: string, cause: Error | undefined): void;
  killTask(taskId: number, executorId: string, reason: string): void;
}

/**
 * Schedules the tasks of one stage attempt: hands them to offered slots with delay scheduling by locality,
 * retries failed tasks up to spark.task.maxFailures, and aborts the stage with the last failure's cause.
 */
export class TaskSetManager {
  private readonly numFailures: number[];
  private readonly successful: boolean[];
  private readonly copiesRunning: number[];
  private tasksSuccessful = 0;
  readonly runningTasks = new Map<number, TaskInfo>();
  private readonly attempts: TaskInfo[][];
  private readonly pendingForExecutor = new Map<string, number[]>();
  private readonly pendingForHost = new Map<string, number[]>();
  private readonly pendingNoPrefs: number[] = [];
  private readonly pendingAll: number[] = [];
  private myLocalityLevels: TaskLocality[] = [];
  private currentLocalityIndex = 0;
  private lastLaunchTime: number;
  isZombie = false;

  constructor(readonly taskSet: TaskSet, private readonly ctx: TaskSetManagerContext) {
    const n = taskSet.tasks.length;
    this.numFailures = new Array(n).fill(0);
    this.successful = new Array(n).fill(false);
    this.copiesRunning = new Array(n).fill(0);
    this.attempts = Array.from({ length: n }, () => []);
    for (let i = n - 1; i >= 0; i--) this.addPendingTask(i);
    this.recomputeLocality();
    this.lastLaunchTime = ctx.clock.getTimeMillis();
  }

  get name(): string {
    return `TaskSet_${this.taskSet.stageId}.${this.taskSet.stageAttemptId}`;
  }

  get isFinished(): boolean {
    return this.isZombie && this.runningTasks.size === 0;
  }

  /** Levels this set can use now; recomputed when executors come and go. */
  recomputeLocality(): void {
    const levels: TaskLocality[] = [];
    if ([...this.pendingForExecutor.keys()].some((e) => this.ctx.isExecutorAlive(e))) levels.push("PROCESS_LOCAL");
    if ([...this.pendingForHost.keys()].some((h) => this.ctx.hasExecutorsAliveOnHost(h))) levels.push("NODE_LOCAL");
    if (this.pendingNoPrefs.length > 0) levels.push("NO_PREF");
    levels.push("ANY");
    const previousLevels = this.myLocalityLevels;
    const previous = previousLevels[this.currentLocalityIndex];
    this.myLocalityLevels = levels;
    if (previous === undefined) return; // the first computation: start at the most local level
    // Stay at the same level, wherever it now sits in the list (an index alone would shift with the list),
    // or at the first looser one if it is gone; if a more local level appeared, start at it (SPARK-31837).
    const index = levels.findIndex((l) => localityRank(l) >= localityRank(previous));
    const added = levels.find((l) => !previousLevels.includes(l));
    this.currentLocalityIndex = index > this.currentLocalityIndex && added !== undefined ? levels.indexOf(added) : index;
  }

  /** Milliseconds until delay scheduling would allow a less local level; undefined if already at ANY. */
  timeUntilNextLevel(now: number): number | undefined {
    if (this.currentLocalityIndex >= this.myLocalityLevels.length - 1) return undefined;
    return Math.max(0, this.lastLaunchTime + this.ctx.localityWait(this.myLocalityLevels[this.currentLocalityIndex]!) - now);
  }

  /** Offers one slot: returns a task to launch there, if any may run there now. */
  resourceOffer(executorId: string, host: string, maxLocality: TaskLocality): TaskDescription | undefined {
    if (this.isZombie) return undefined;
    const now = this.ctx.clock.getTimeMillis();
    let allowed = maxLocality;
    if (maxLocality !== "NO_PREF") {
      const level = this.allowedLocalityLevel(now);
      if (localityRank(level) < localityRank(allowed)) allowed = level;
    }
    const found = this.dequeueTask(executorId, host, allowed);
    if (!found) return undefined;
    const [index, locality] = found;
    const task = this.taskSet.tasks[index]!;
    const taskId = this.ctx.newTaskId();
    const attemptNumber = this.attempts[index]!.length;
    const info: TaskInfo = {
      taskId, index, attemptNumber, partitionId: task.partition.index, launchTime: now, executorId, host,
      taskLocality: locality, speculative: false, finishTime: 0, failed: false, killed: false,
    };
    this.attempts[index]!.push(info);
    this.runningTasks.set(taskId, info);
    this.copiesRunning[index]!++;
    if (maxLocality !== "NO_PREF") {
      this.currentLocalityIndex = this.myLocalityLevels.indexOf(locality) >= 0 ? this.myLocalityLevels.indexOf(locality) : this.currentLocalityIndex;
      this.lastLaunchTime = now;
    }
    this.ctx.taskStarted(this, index, info);
    return {
      taskId,
      attemptNumber,
      executorId,
      name: `task ${index}.${attemptNumber} in stage ${this.taskSet.stageId}.${this.taskSet.stageAttemptId} (TID ${taskId})`,
      stageId: task.stageId,
      stageAttemptId: task.stageAttemptId,
      partition: task.partition,
      outputId: task.outputId,
      binary: task.binary,
      localProperties: task.localProperties,
      epoch: task.epoch,
      cpus: this.ctx.cpusPerTask,
    };
  }

  handleSuccessfulTask(taskId: number, result: DirectTaskResult): void {
    const info = this.runningTasks.get(taskId);
    if (!info) return;
    this.finish(info);
    const index = info.index;
    if (!this.successful[index]) {
      this.successful[index] = true;
      this.tasksSuccessful++;
    }
    // Other attempts of this task are no longer needed.
    for (const other of this.attempts[index]!) {
      if (other.taskId !== taskId && this.runningTasks.has(other.taskId)) this.ctx.killTask(other.taskId, other.executorId, "another attempt succeeded");
    }
    this.ctx.taskEnded(this, index, info, { kind: "Success" }, result, result.accumUpdates);
    if (this.tasksSuccessful === this.taskSet.tasks.length) this.isZombie = true;
  }

  /** Another attempt of this stage finished partition `outputId`: this set need not run it (as Spark's). */
  markPartitionCompleted(outputId: number): void {
    const index = this.taskSet.tasks.findIndex((t) => t.outputId === outputId);
    if (index < 0 || this.successful[index]) return;
    this.successful[index] = true;
    this.tasksSuccessful++;
    if (this.tasksSuccessful === this.taskSet.tasks.length) this.isZombie = true;
  }

  handleFailedTask(taskId: number, reason: TaskEndReason, accumUpdates: readonly [number, unknown][]): void {
    const info = this.runningTasks.get(taskId);
    if (!info) return;
    this.finish(info);
    info.failed = reason.kind !== "TaskKilled";
    info.killed = reason.kind === "TaskKilled";
    const index = info.index;
    this.ctx.taskEnded(this, index, info, reason, undefined, accumUpdates);
    if (reason.kind === "FetchFailed") {
      // The map stage must run again first; this attempt of the stage is over.
      if (!this.successful[index]) {
        this.successful[index] = true;
        this.tasksSuccessful++;
      }
      this.isZombie = true;
      return;
    }
    if (this.successful[index] || this.isZombie) return;
    const counts = reason.kind === "ExceptionFailure" || reason.kind === "TaskResultLost" ||
      (reason.kind === "ExecutorLostFailure" && reason.exitCausedByApp);
    if (counts) {
      this.numFailures[index]!++;
      if (this.numFailures[index]! >= this.ctx.maxTaskFailures) {
        const failure = `Task ${index} in stage ${this.taskSet.stageId}.${this.taskSet.stageAttemptId} failed ${this.ctx.maxTaskFailures} times, ` +
          `most recent failure: Lost task ${index}.${info.attemptNumber} in stage ${this.taskSet.stageId}.${this.taskSet.stageAttemptId} ` +
          `(TID ${taskId}) (${info.host} executor ${info.executorId}): ${describeFailure(reason)}`;
        this.abort(failure, reason.kind === "ExceptionFailure" ? rebuildError(reason) : undefined);
        return;
      }
    }
    this.addPendingTask(index);
  }

  /** An executor is gone: its running tasks failed, and its finished map tasks' output is gone with it. */
  executorLost(executorId: string, exitCausedByApp: boolean, why: string): void {
    if (this.taskSet.tasks[0]?.kind === "ShuffleMapTask" && !this.isZombie) {
      for (const attempts of this.attempts) {
        for (const info of attempts) {
          // Only an attempt that succeeded left output there; a failed or killed one left nothing to lose.
          if (info.executorId !== executorId || this.runningTasks.has(info.taskId) || info.failed || info.killed || !this.successful[info.index]) continue;
          this.successful[info.index] = false;
          this.tasksSuccessful--;
          this.addPendingTask(info.index);
          this.ctx.taskEnded(this, info.index, info, { kind: "Resubmitted" }, undefined, []);
        }
      }
    }
    for (const info of [...this.runningTasks.values()]) {
      if (info.executorId === executorId) {
        this.handleFailedTask(info.taskId, { kind: "ExecutorLostFailure", executorId, exitCausedByApp, reason: why }, []);
      }
    }
    this.recomputeLocality();
  }

  abort(message: string, cause: Error | undefined): void {
    this.isZombie = true;
    this.ctx.taskSetFailed(this, message, cause);
  }

  /** Kills running attempts; the set launches nothing more. */
  kill(reason: string): void {
    this.isZombie = true;
    for (const info of this.runningTasks.values()) this.ctx.killTask(info.taskId, info.executorId, reason);
  }

  private finish(info: TaskInfo): void {
    info.finishTime = this.ctx.clock.getTimeMillis();
    this.runningTasks.delete(info.taskId);
    this.copiesRunning[info.index]!--;
  }

  private addPendingTask(index: number): void {
    const task = this.taskSet.tasks[index]!;
    for (const loc of task.preferredLocations) {
      const executorId = executorOfLocation(loc);
      if (executorId !== undefined) {
        push(this.pendingForExecutor, executorId, index);
        const host = this.ctx.hostOfExecutor(executorId);
        if (host) push(this.pendingForHost, host, index);
      } else {
        push(this.pendingForHost, loc, index);
      }
    }
    if (task.preferredLocations.length === 0) this.pendingNoPrefs.push(index);
    this.pendingAll.push(index);
  }

  private allowedLocalityLevel(now: number): TaskLocality {
    while (this.currentLocalityIndex < this.myLocalityLevels.length - 1) {
      const level = this.myLocalityLevels[this.currentLocalityIndex]!;
      const hasPending = level === "PROCESS_LOCAL" ? this.anyPending(this.pendingForExecutor)
        : level === "NODE_LOCAL" ? this.anyPending(this.pendingForHost)
        : level === "NO_PREF" ? this.pendingNoPrefs.some((i) => this.launchable(i)) : true;
      if (!hasPending) {
        // Nothing left to wait for at this level (SPARK-4939): the next level's wait starts now, not at the
        // last launch, or a task preferring another host would lose its wait to this level's launches.
        this.lastLaunchTime = now;
        this.currentLocalityIndex++;
      } else if (now - this.lastLaunchTime >= this.ctx.localityWait(level)) {
        // Waited long enough at this level: fall back one, and let the wait start again there.
        this.lastLaunchTime += this.ctx.localityWait(level);
        this.currentLocalityIndex++;
      } else {
        break;
      }
    }
    return this.myLocalityLevels[this.currentLocalityIndex]!;
  }

  private anyPending(lists: Map<string, number[]>): boolean {
    for (const list of lists.values()) if (list.some((i) => this.launchable(i))) return true;
    return false;
  }

  private launchable(index: number): boolean {
    return !this.successful[index] && this.copiesRunning[index] === 0;
  }

  private dequeueTask(executorId: string, host: string, maxLocality: TaskLocality): [number, TaskLocality] | undefined {
    const take = (list: number[] | undefined): number | undefined => {
      if (!list) return undefined;
      while (list.length > 0) {
        const i = list.pop()!;
        if (this.launchable(i)) return i;
      }
      return undefined;
    };
    let index = take(this.pendingForExecutor.get(executorId));
    if (index !== undefined) return [index, "PROCESS_LOCAL"];
    if (localityRank(maxLocality) >= localityRank("NODE_LOCAL")) {
      index = take(this.pendingForHost.get(host));
      if (index !== undefined) return [index, "NODE_LOCAL"];
    }
    if (localityRank(maxLocality) >= localityRank("NO_PREF")) {
      index = take(this.pendingNoPrefs);
      if (index !== undefined) return [index, "NO_PREF"];
    }
    if (maxLocality === "ANY") {
      index = take(this.pendingAll);
      if (index !== undefined) return [index, "ANY"];
    }
    return undefined;
  }
}

function push(map: Map<string, number[]>, key: string, index: number): void {
  const list = map.get(key);
  if (list) list.push(index);
  else map.set(key, [index]);
}

/** The task's own error, rebuilt on the driver so a failed job's cause shows the task's message and stack. */
function rebuildError(reason: Extract<TaskEndReason, { kind: "ExceptionFailure" }>): Error {
  const err = new Error(reason.description);
  err.name = reason.className;
  err.stack = reason.stackTrace;
  return err;
}
