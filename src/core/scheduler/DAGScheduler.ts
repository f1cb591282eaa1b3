import { deserialize, serialize } from "node:v8";
import type { RDD } from "../rdd/RDD.js";
import type { UserFunction } from "../closure/SerializedFunction.js";
import type { MapOutputTrackerMaster } from "../MapOutputTracker.js";
import type { BlockManagerMaster } from "../storage/BlockManagerMaster.js";
import type { LiveListenerBus } from "./LiveListenerBus.js";
import type { DAGSchedulerEvent } from "./DAGSchedulerEvent.js";
import type { JobListener } from "./JobWaiter.js";
import type { DirectTaskResult, StageBinary, Task } from "./Task.js";
import type { TaskEndReason } from "./TaskEndReason.js";
import type { TaskInfo } from "./SparkListenerEvent.js";
import type { TaskScheduler } from "./TaskScheduler.js";
import type { Clock } from "../../util/Clock.js";
import { NarrowDependency, ShuffleDependency } from "../rdd/Dependency.js";
import { describeLineage } from "../rdd/Lineage.js";
import { blockIdOf } from "../storage/RDDBlocks.js";
import { StorageLevel } from "../storage/StorageLevel.js";
import { ActiveJob } from "./ActiveJob.js";
import { ResultStage } from "./ResultStage.js";
import { ShuffleMapStage } from "./ShuffleMapStage.js";
import type { Stage } from "./Stage.js";
import { describeFailure } from "./TaskEndReason.js";
import { EventLoop } from "../../util/EventLoop.js";
import { SparkException } from "../../util/SparkException.js";
import { bytesToString } from "../../util/units.js";

export interface DAGSchedulerOptions {
  readonly taskScheduler: TaskScheduler;
  readonly mapOutputTracker: MapOutputTrackerMaster;
  readonly blockManagerMaster: BlockManagerMaster;
  readonly listenerBus: LiveListenerBus;
  readonly clock: Clock;
  /** spark.stage.maxConsecutiveAttempts */
  readonly maxConsecutiveStageAttempts: number;
  /** Merges accumulator updates of a successful task into the driver's accumulators. */
  readonly mergeAccumulators: (updates: readonly [number, unknown][]) => void;
  /** spark.driver.maxResultSize in bytes; 0 is unlimited. */
  readonly maxResultSize: number;
  /** How long to wait before resubmitting fetch-failed stages, so that more failures can arrive first. */
  readonly resubmitTimeoutMs?: number;
}

/**
 * Spark's stage-oriented scheduler: cuts a job's RDD graph into stages at shuffle boundaries, submits each
 * stage's missing tasks once its parents' outputs exist, and reacts to task completions, fetch failures and
 * lost executors by running again only what was lost. Public methods post events; `onReceive` changes state.
 */
export class DAGScheduler {
  private nextJobId = 0;
  private nextStageId = 0;
  private readonly stageIdToStage = new Map<number, Stage>();
  private readonly shuffleIdToMapStage = new Map<number, ShuffleMapStage>();
  private readonly jobIdToActiveJob = new Map<number, ActiveJob>();
  private readonly waitingStages = new Set<Stage>();
  private readonly runningStages = new Set<Stage>();
  private readonly failedStages = new Set<Stage>();
  /** The tracker's epoch when each lost executor was noticed: its outputs reported since then are bogus. */
  private readonly failedEpoch = new Map<string, number>();
  readonly eventLoop: EventLoop<DAGSchedulerEvent>;

  constructor(private readonly o: DAGSchedulerOptions) {
    this.eventLoop = new EventLoop("dag-scheduler-event-loop", (e) => this.onReceive(e), (err, e) => this.onError(err, e));
  }

  // ---- public API: post events ----

  submitJob(
    rdd: RDD<unknown>,
    func: UserFunction,
    partitions: readonly number[],
    callSite: string,
    listener: (jobId: number) => JobListener,
    properties: Readonly<Record<string, string>>,
  ): number {
    const max = rdd.getNumPartitions();
    const bad = partitions.find((p) => p < 0 || p >= max);
    if (bad !== undefined) throw new SparkException(`Attempting to access a non-existent partition: ${bad}. Total number of partitions: ${max}`);
    const jobId = this.nextJobId++;
    this.eventLoop.post({ kind: "JobSubmitted", jobId, rdd, func, partitions, callSite, listener: listener(jobId), properties });
    return jobId;
  }

  taskStarted(task: Task, taskInfo: TaskInfo): void {
    this.eventLoop.post({ kind: "BeginEvent", task, taskInfo });
  }

  taskEnded(event: Omit<Extract<DAGSchedulerEvent, { kind: "CompletionEvent" }>, "kind">): void {
    this.eventLoop.post({ kind: "CompletionEvent", ...event });
  }

  taskSetFailed(stageId: number, stageAttemptId: number, reason: string, cause: Error | undefined): void {
    this.eventLoop.post({ kind: "TaskSetFailed", stageId, stageAttemptId, reason, cause });
  }

  executorAdded(executorId: string, host: string): void {
    this.eventLoop.post({ kind: "ExecutorAdded", executorId, host });
  }

  executorLost(executorId: string, reason: string): void {
    this.eventLoop.post({ kind: "ExecutorLost", executorId, reason });
  }

  /** Spark's message is "Job N cancelled" followed by the reason as given, e.g. "because the user asked". */
  cancelJob(jobId: number, reason?: string): void {
    this.eventLoop.post({ kind: "JobCancelled", jobId, reason });
  }

  cancelJobGroup(groupId: string): void {
    this.eventLoop.post({ kind: "JobGroupCancelled", groupId });
  }

  cancelAllJobs(): void {
    this.eventLoop.post({ kind: "AllJobsCancelled" });
  }

  get activeJobIds(): number[] {
    return [...this.jobIdToActiveJob.keys()];
  }

  stop(): void {
    for (const job of [...this.jobIdToActiveJob.values()]) {
      this.failJob(job, new SparkException(`Job ${job.jobId} cancelled because SparkContext was shut down`));
    }
    this.eventLoop.stop();
  }

  // ---- the event loop ----

  private onReceive(e: DAGSchedulerEvent): void {
    switch (e.kind) {
      case "JobSubmitted":
        return this.handleJobSubmitted(e);
      case "BeginEvent":
        return this.o.listenerBus.post({ event: "SparkListenerTaskStart", stageId: e.task.stageId, stageAttemptId: e.task.stageAttemptId, taskInfo: e.taskInfo });
      case "CompletionEvent":
        return this.handleTaskCompletion(e);
      case "TaskSetFailed": {
        const stage = this.stageIdToStage.get(e.stageId);
        if (stage && stage.latestInfo.attemptNumber === e.stageAttemptId) this.abortStage(stage, e.reason, e.cause);
        return;
      }
      case "ExecutorAdded":
        this.failedEpoch.delete(e.executorId);
        if (this.failedStages.size > 0) this.resubmitFailedStages();
        return;
      case "ExecutorLost":
        this.failedEpoch.set(e.executorId, this.o.mapOutputTracker.epoch);
        this.o.mapOutputTracker.removeOutputsOnExecutor(e.executorId);
        this.o.blockManagerMaster.removeExecutor(e.executorId);
        return;
      case "JobCancelled": {
        const job = this.jobIdToActiveJob.get(e.jobId);
        if (job) this.failJobAndIndependentStages(job, new SparkException(`Job ${e.jobId} cancelled${e.reason ? ` ${e.reason}` : ""}`));
        return;
      }
      case "JobGroupCancelled":
        for (const job of [...this.jobIdToActiveJob.values()]) {
          if (job.properties["spark.jobGroup.id"] === e.groupId) {
            this.failJobAndIndependentStages(job, new SparkException(`Job ${job.jobId} cancelled part of cancelled job group ${e.groupId}`));
          }
        }
        return;
      case "AllJobsCancelled":
        for (const job of [...this.jobIdToActiveJob.values()]) {
          this.failJobAndIndependentStages(job, new SparkException(`Job ${job.jobId} cancelled as part of cancellation of all jobs`));
        }
        return;
      case "ResubmitFailedStages":
        return this.resubmitFailedStages();
    }
  }

  private onError(err: unknown, e: DAGSchedulerEvent): void {
    // A bug in scheduling must not leave callers waiting forever: fail every job, then report.
    const error = new SparkException(`DAGScheduler failed while handling ${e.kind}: ${(err as Error)?.message ?? err}`, { cause: err });
    for (const job of [...this.jobIdToActiveJob.values()]) this.failJob(job, error);
    console.error(error);
  }

  // ---- jobs and stages ----

  private handleJobSubmitted(e: Extract<DAGSchedulerEvent, { kind: "JobSubmitted" }>): void {
    let finalStage: ResultStage;
    try {
      finalStage = this.createResultStage(e.rdd, e.func, e.partitions, e.jobId, e.callSite);
    } catch (err) {
      e.listener.jobFailed(err as Error);
      return;
    }
    const job = new ActiveJob(e.jobId, finalStage, e.listener, e.properties, e.callSite);
    this.jobIdToActiveJob.set(e.jobId, job);
    finalStage.activeJob = job;
    const stageInfos = [...this.stagesOfJob(e.jobId)].map((s) => s.latestInfo);
    this.o.listenerBus.post({ event: "SparkListenerJobStart", jobId: e.jobId, time: this.o.clock.getTimeMillis(), stageInfos, properties: e.properties });
    if (e.partitions.length === 0) {
      this.finishJob(job);
      return;
    }
    this.submitStage(finalStage);
  }

  private createResultStage(rdd: RDD<unknown>, func: UserFunction, partitions: readonly number[], jobId: number, callSite: string): ResultStage {
    const parents = this.getOrCreateParentStages(rdd, jobId);
    const stage = new ResultStage(this.nextStageId++, rdd, func, partitions, parents, jobId, callSite);
    this.stageIdToStage.set(stage.id, stage);
    return stage;
  }

  private getOrCreateParentStages(rdd: RDD<unknown>, jobId: number): ShuffleMapStage[] {
    return this.shuffleDependenciesOf(rdd).map((dep) => this.getOrCreateShuffleMapStage(dep, jobId));
  }

  /** The shuffle dependencies directly above `rdd`'s stage: reached through narrow dependencies only. */
  private shuffleDependenciesOf(rdd: RDD<unknown>): ShuffleDependency[] {
    const found: ShuffleDependency[] = [];
    const visited = new Set<number>();
    const stack = [rdd];
    while (stack.length > 0) {
      const r = stack.pop()!;
      if (visited.has(r.id)) continue;
      visited.add(r.id);
      for (const dep of r.dependencies) {
        if (dep instanceof ShuffleDependency) found.push(dep);
        else stack.push(dep.rdd);
      }
    }
    return found;
  }

  private getOrCreateShuffleMapStage(dep: ShuffleDependency, jobId: number): ShuffleMapStage {
    const existing = this.shuffleIdToMapStage.get(dep.shuffleId);
    if (existing) {
      existing.jobIds.add(jobId);
      return existing;
    }
    const rdd = dep.rdd as RDD<unknown>;
    const parents = this.getOrCreateParentStages(rdd, jobId);
    const stage = new ShuffleMapStage(this.nextStageId++, rdd, parents, jobId, `${rdd.name ?? rdd.kind} at shuffle ${dep.shuffleId}`, dep, this.o.mapOutputTracker);
    this.stageIdToStage.set(stage.id, stage);
    this.shuffleIdToMapStage.set(dep.shuffleId, stage);
    this.o.mapOutputTracker.registerShuffle(dep.shuffleId, rdd.getNumPartitions());
    return stage;
  }

  private stagesOfJob(jobId: number): Set<Stage> {
    return new Set([...this.stageIdToStage.values()].filter((s) => s.jobIds.has(jobId)));
  }

  private activeJobForStage(stage: Stage): ActiveJob | undefined {
    const ids = [...stage.jobIds].filter((id) => this.jobIdToActiveJob.has(id)).sort((a, b) => a - b);
    return ids.length > 0 ? this.jobIdToActiveJob.get(ids[0]!) : undefined;
  }

  private submitStage(stage: Stage): void {
    const job = this.activeJobForStage(stage);
    if (!job) {
      this.abortStage(stage, `No active job for stage ${stage.id}`, undefined);
      return;
    }
    if (this.waitingStages.has(stage) || this.runningStages.has(stage) || this.failedStages.has(stage)) return;
    const missing = this.getMissingParentStages(stage).sort((a, b) => a.id - b.id);
    if (missing.length === 0) {
      this.submitMissingTasks(stage, job);
    } else {
      for (const parent of missing) this.submitStage(parent);
      this.waitingStages.add(stage);
    }
  }

  /** Parent stages whose output is not all there; a fully cached RDD needs none of its parents. */
  private getMissingParentStages(stage: Stage): Stage[] {
    const missing = new Set<Stage>();
    const visited = new Set<number>();
    const stack = [stage.rdd];
    while (stack.length > 0) {
      const rdd = stack.pop()!;
      if (visited.has(rdd.id)) continue;
      visited.add(rdd.id);
      if (this.isFullyCached(rdd)) continue;
      for (const dep of rdd.dependencies) {
        if (dep instanceof ShuffleDependency) {
          const mapStage = this.getOrCreateShuffleMapStage(dep, stage.firstJobId);
          if (!mapStage.isAvailable) missing.add(mapStage);
        } else {
          stack.push(dep.rdd);
        }
      }
    }
    return [...missing];
  }

  private isFullyCached(rdd: RDD<unknown>): boolean {
    return rdd.storageLevel !== StorageLevel.NONE &&
      rdd.partitions.every((p) => this.o.blockManagerMaster.getLocations(blockIdOf(rdd.id, p.index)).length > 0);
  }

  private submitMissingTasks(stage: Stage, job: ActiveJob): void {
    const partitionsToCompute = stage.findMissingPartitions();
    stage.makeNewStageAttempt(partitionsToCompute.length);
    stage.latestInfo.submissionTime = this.o.clock.getTimeMillis();
    this.runningStages.add(stage);
    this.o.listenerBus.post({ event: "SparkListenerStageSubmitted", stageInfo: stage.latestInfo, properties: job.properties });

    let binary: Buffer;
    try {
      const body: StageBinary = stage instanceof ShuffleMapStage
        ? { kind: "ShuffleMapTask", lineage: describeLineage(stage.rdd), shuffle: stage.shuffleDep.handle }
        : { kind: "ResultTask", lineage: describeLineage(stage.rdd), func: (stage as ResultStage).func.serialized };
      binary = serialize(body);
    } catch (e) {
      this.abortStage(stage, `Task not serializable: ${(e as Error).message}`, e as Error);
      this.runningStages.delete(stage);
      return;
    }

    const epoch = this.o.mapOutputTracker.epoch;
    const tasks: Task[] = partitionsToCompute.map((id) => {
      const partitionIndex = stage instanceof ResultStage ? stage.partitions[id]! : id;
      const partition = stage.rdd.partitions[partitionIndex]!;
      return {
        stageId: stage.id,
        stageAttemptId: stage.latestInfo.attemptNumber,
        jobId: job.jobId,
        partition,
        outputId: id,
        kind: stage instanceof ShuffleMapStage ? "ShuffleMapTask" : "ResultTask",
        preferredLocations: this.getPreferredLocs(stage.rdd, partitionIndex),
        binary,
        localProperties: job.properties,
        epoch,
      };
    });
    stage.pendingPartitions.clear();
    for (const id of partitionsToCompute) stage.pendingPartitions.add(id);

    if (tasks.length > 0) {
      this.o.taskScheduler.submitTasks({ tasks, stageId: stage.id, stageAttemptId: stage.latestInfo.attemptNumber, priority: job.jobId, properties: job.properties });
    } else {
      this.markStageAsFinished(stage);
      this.submitWaitingChildStages(stage);
    }
  }

  /** Where a partition would best run: where it is cached, else where its RDD or its narrow parents say. */
  getPreferredLocs(rdd: RDD<unknown>, partition: number, visited = new Set<string>()): string[] {
    const key = `${rdd.id}:${partition}`;
    if (visited.has(key)) return [];
    visited.add(key);
    const cached = this.o.blockManagerMaster.getLocations(blockIdOf(rdd.id, partition));
    if (cached.length > 0) return cached.map((execId) => `executor_${execId}`);
    const own = rdd.getPreferredLocations(rdd.partitions[partition]!);
    if (own.length > 0) return own;
    for (const dep of rdd.dependencies) {
      if (!(dep instanceof NarrowDependency)) continue;
      for (const parent of dep.getParents(partition)) {
        const locs = this.getPreferredLocs(dep.rdd, parent, visited);
        if (locs.length > 0) return locs;
      }
    }
    return [];
  }

  // ---- task completion ----

  private handleTaskCompletion(e: Extract<DAGSchedulerEvent, { kind: "CompletionEvent" }>): void {
    const { task, reason } = e;
    this.o.listenerBus.post({
      event: "SparkListenerTaskEnd",
      stageId: task.stageId,
      stageAttemptId: task.stageAttemptId,
      taskType: task.kind,
      reason,
      taskInfo: e.taskInfo,
      taskMetrics: e.result?.metrics,
    });
    const stage = this.stageIdToStage.get(task.stageId);
    if (!stage) return; // the stage was cancelled or its job ended; a late report changes nothing

    switch (reason.kind) {
      case "Success":
        return this.handleSuccess(stage, task, e.result!);
      case "FetchFailed":
        return this.handleFetchFailed(stage, task, reason);
      case "Resubmitted":
        stage.pendingPartitions.add(task.outputId);
        return;
      default:
        // The TaskSetManager retries these; nothing changes here.
        return;
    }
  }

  private handleSuccess(stage: Stage, task: Task, result: DirectTaskResult): void {
    if (stage instanceof ResultStage) {
      const job = stage.activeJob;
      if (!job || job.finished[task.outputId]) return;
      job.finished[task.outputId] = true;
      job.numFinished++;
      job.resultBytes += result.value!.length;
      if (this.o.maxResultSize > 0 && job.resultBytes > this.o.maxResultSize) {
        this.abortStage(stage, `Total size of serialized results of ${job.numFinished} tasks (${bytesToString(job.resultBytes)}) is bigger than ` +
          `spark.driver.maxResultSize (${bytesToString(this.o.maxResultSize)})`, undefined);
        return;
      }
      // Accumulators count once per result partition, however many attempts ran it.
      this.o.mergeAccumulators(result.accumUpdates);
      let value: unknown;
      try {
        value = deserialize(result.value!);
      } catch (err) {
        this.failJobAndIndependentStages(job, new SparkException(`Failed to deserialize the result of task ${task.outputId}: ${(err as Error).message}`, { cause: err }));
        return;
      }
      job.listener.taskSucceeded(task.outputId, value);
      if (job.numFinished === job.numPartitions) {
        this.markStageAsFinished(stage);
        this.finishJob(job);
      }
      return;
    }
    const mapStage = stage as ShuffleMapStage;
    this.o.mergeAccumulators(result.accumUpdates);
    const status = result.mapStatus!;
    const lostAt = this.failedEpoch.get(status.location.executorId);
    // An output from any attempt is good while its executor lives, as in Spark; one from a lost executor is not.
    if (lostAt === undefined || task.epoch > lostAt) {
      this.o.mapOutputTracker.registerMapOutput(mapStage.shuffleDep.shuffleId, task.outputId, status);
    }
    // A late output from an older attempt counts too (as in Spark 3): waiting for the running attempt to
    // compute the same partition again would only delay the stage.
    stage.pendingPartitions.delete(task.outputId);
    if (this.runningStages.has(stage) && stage.pendingPartitions.size === 0) {
      this.markStageAsFinished(stage);
      if (mapStage.isAvailable) {
        this.submitWaitingChildStages(stage);
      } else {
        // Some outputs were lost while the stage ran (an executor died): run the stage again for them.
        this.submitStage(stage);
      }
    }
  }

  private handleFetchFailed(stage: Stage, task: Task, reason: Extract<TaskEndReason, { kind: "FetchFailed" }>): void {
    const mapStage = this.shuffleIdToMapStage.get(reason.shuffleId);
    if (stage.latestInfo.attemptNumber !== task.stageAttemptId) return; // an older attempt's failure
    if (this.runningStages.has(stage)) {
      this.markStageAsFinished(stage, `${describeFailure(reason)}`);
      this.o.taskScheduler.cancelTasks(stage.id, "a fetch failure ended this stage attempt");
    }
    stage.failedAttemptIds.add(task.stageAttemptId);
    if (stage.failedAttemptIds.size >= this.o.maxConsecutiveStageAttempts) {
      this.abortStage(stage, `${stage} (${stage.name}) has failed the maximum allowable number of times: ` +
        `${this.o.maxConsecutiveStageAttempts}. Most recent failure reason:\n${describeFailure(reason)}`, undefined);
      return;
    }
    if (mapStage) {
      this.o.mapOutputTracker.unregisterMapOutput(reason.shuffleId, reason.mapId, reason.location?.executorId);
      if (reason.location) this.o.mapOutputTracker.removeOutputsOnExecutor(reason.location.executorId);
    }
    const noResubmitPending = this.failedStages.size === 0;
    this.failedStages.add(stage);
    if (mapStage) this.failedStages.add(mapStage);
    if (noResubmitPending) {
      const delay = this.o.resubmitTimeoutMs ?? 200;
      if (delay === 0) this.eventLoop.post({ kind: "ResubmitFailedStages" });
      else setTimeout(() => this.eventLoop.post({ kind: "ResubmitFailedStages" }), delay).unref();
    }
  }

  private resubmitFailedStages(): void {
    const stages = [...this.failedStages].sort((a, b) => a.firstJobId - b.firstJobId || a.id - b.id);
    this.failedStages.clear();
    for (const stage of stages) this.submitStage(stage);
  }

  private submitWaitingChildStages(parent: Stage): void {
    const children = [...this.waitingStages].filter((s) => s.parents.includes(parent)).sort((a, b) => a.firstJobId - b.firstJobId || a.id - b.id);
    for (const child of children) this.waitingStages.delete(child);
    for (const child of children) this.submitStage(child);
  }

  private markStageAsFinished(stage: Stage, failureReason?: string): void {
    stage.latestInfo.completionTime = this.o.clock.getTimeMillis();
    if (failureReason) stage.latestInfo.failureReason = failureReason;
    else stage.failedAttemptIds.clear();
    this.o.listenerBus.post({ event: "SparkListenerStageCompleted", stageInfo: stage.latestInfo });
    this.runningStages.delete(stage);
  }

  private finishJob(job: ActiveJob): void {
    // A late result can finish a job while a stage re-runs for a fetch failure; that stage is not needed now.
    this.cancelRunningIndependentStages(job, `Job ${job.jobId} is finished.`);
    this.cleanupStateForJob(job);
    this.o.listenerBus.post({ event: "SparkListenerJobEnd", jobId: job.jobId, time: this.o.clock.getTimeMillis(), jobResult: { result: "JobSucceeded" } });
  }

  // ---- failure ----

  private abortStage(stage: Stage, reason: string, cause: Error | undefined): void {
    const jobs = [...this.jobIdToActiveJob.values()].filter((j) => this.stagesOfJob(j.jobId).has(stage));
    for (const job of jobs) {
      this.failJobAndIndependentStages(job, new SparkException(`Job aborted due to stage failure: ${reason}`, { cause }));
    }
  }

  private failJobAndIndependentStages(job: ActiveJob, error: Error): void {
    this.cancelRunningIndependentStages(job, error.message);
    this.failJob(job, error);
  }

  /** Kills the running stages that no other active job needs: a job that ended has no use for them. */
  private cancelRunningIndependentStages(job: ActiveJob, reason: string): void {
    for (const stage of this.stagesOfJob(job.jobId)) {
      const otherJobs = [...stage.jobIds].filter((id) => id !== job.jobId && this.jobIdToActiveJob.has(id));
      if (otherJobs.length === 0 && this.runningStages.has(stage)) {
        this.o.taskScheduler.cancelTasks(stage.id, reason);
        this.markStageAsFinished(stage, reason);
      }
    }
  }

  private failJob(job: ActiveJob, error: Error): void {
    this.cleanupStateForJob(job);
    job.listener.jobFailed(error);
    this.o.listenerBus.post({ event: "SparkListenerJobEnd", jobId: job.jobId, time: this.o.clock.getTimeMillis(), jobResult: { result: "JobFailed", exception: error.message } });
  }

  /** Forgets a finished job and every stage no other active job needs; shuffle outputs stay for reuse. */
  private cleanupStateForJob(job: ActiveJob): void {
    this.jobIdToActiveJob.delete(job.jobId);
    for (const stage of this.stagesOfJob(job.jobId)) {
      stage.jobIds.delete(job.jobId);
      if (stage.jobIds.size > 0) continue;
      this.stageIdToStage.delete(stage.id);
      this.runningStages.delete(stage);
      this.waitingStages.delete(stage);
      this.failedStages.delete(stage);
      if (stage instanceof ShuffleMapStage) this.shuffleIdToMapStage.delete(stage.shuffleDep.shuffleId);
    }
    if (job.finalStage.activeJob === job) job.finalStage.activeJob = undefined;
  }
}
