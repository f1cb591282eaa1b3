import { hostname } from "node:os";
import type { SchedulerBackend } from "../core/scheduler/SchedulerBackend.js";
import type { TaskSchedulerImpl } from "../core/scheduler/TaskSchedulerImpl.js";
import type { TaskOutcome } from "../core/scheduler/TaskRunner.js";
import type { MapStatus } from "../core/scheduler/MapStatus.js";
import type { SparkEnv } from "../core/SparkEnv.js";
import type { ExecutorBackend } from "../executor/ExecutorBackend.js";
import { DRIVER_MEMORY, MEMORY_FRACTION, MEMORY_STORAGE_FRACTION, SPILL_FORCE_THRESHOLD } from "../core/config.js";
import { Executor } from "../executor/Executor.js";
import { unifiedMemory } from "../executor/UnifiedMemory.js";

/**
 * local[N]: one executor inside the driver process with N task slots (worker threads). Tasks are serialized
 * and results deserialized exactly as with a remote executor; only the transport is a thread boundary.
 */
export class LocalSchedulerBackend implements SchedulerBackend, ExecutorBackend {
  readonly applicationId = `local-${Date.now()}`;
  readonly executorId = "driver";
  private readonly host = hostname();
  private scheduler!: TaskSchedulerImpl;
  private executor!: Executor;
  private freeCores: number;
  private readonly taskCpus = new Map<number, number>();

  constructor(private readonly cores: number, private readonly env: SparkEnv, readonly maxTaskFailures: number | undefined) {
    this.freeCores = cores;
  }

  start(scheduler: TaskSchedulerImpl): void {
    this.scheduler = scheduler;
    const conf = this.env.conf;
    this.executor = new Executor({
      executorId: this.executorId,
      host: this.host,
      port: 0,
      cores: this.cores,
      localDir: this.env.localDir,
      unifiedMemoryBytes: unifiedMemory(conf.getEntry(DRIVER_MEMORY), conf.getEntry(MEMORY_FRACTION), DRIVER_MEMORY.key),
      storageFraction: conf.getEntry(MEMORY_STORAGE_FRACTION),
      spillRecordThreshold: conf.getEntry(SPILL_FORCE_THRESHOLD),
    }, this);
    scheduler.executorAdded(this.executorId, this.host);
    this.env.listenerBus.post({
      event: "SparkListenerExecutorAdded",
      time: Date.now(),
      executorId: this.executorId,
      executorInfo: { executorHost: this.host, totalCores: this.cores, logUrls: {} },
    });
  }

  async stop(): Promise<void> {
    await this.executor?.stop();
  }

  reviveOffers(): void {
    if (!this.executor) return;
    const tasks = this.scheduler.resourceOffers([{ executorId: this.executorId, host: this.host, cores: this.freeCores }]);
    for (const task of tasks) {
      this.freeCores -= task.cpus;
      this.taskCpus.set(task.taskId, task.cpus);
      this.executor.launchTask(task);
    }
  }

  killTask(taskId: number, _executorId: string, reason: string): void {
    this.executor.killTask(taskId, reason);
  }

  async removeRdd(rddId: number): Promise<void> {
    this.executor.blockManager.removeRdd(rddId);
  }

  removeBroadcast(id: number): void {
    this.executor.removeBroadcast(id);
  }

  defaultParallelism(): number {
    return this.cores;
  }

  // ---- ExecutorBackend: the executor talks to the driver directly ----

  statusUpdate(taskId: number, outcome: TaskOutcome): void {
    this.freeCores += this.taskCpus.get(taskId) ?? 0;
    this.taskCpus.delete(taskId);
    this.scheduler.statusUpdate(taskId, outcome);
    this.reviveOffers();
  }

  async getMapStatuses(shuffleId: number): Promise<readonly (MapStatus | null)[]> {
    return this.env.mapOutputTracker.getStatuses(shuffleId);
  }

  async getBroadcast(id: number): Promise<Buffer> {
    return this.env.broadcastManager.getSerialized(id);
  }

  updateBlockInfo(blockId: string, stored: boolean): void {
    this.env.blockManagerMaster.updateBlockInfo(this.executorId, blockId, stored);
  }

  fetchShuffleBlocks(status: MapStatus): Promise<Buffer> {
    // One executor holds every output in local mode, so no block is ever remote.
    return Promise.reject(new Error(`No executor ${status.location.executorId} in local mode`));
  }
}

