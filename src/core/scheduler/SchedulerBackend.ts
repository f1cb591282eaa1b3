import type { TaskSchedulerImpl } from "./TaskSchedulerImpl.js";
import type { SparkEnv } from "../SparkEnv.js";

/**
 * Where tasks run: local mode's in-process executor, or executors of a cluster. The TaskScheduler asks it for
 * offers of free cores and it launches the tasks placed on them, then reports their ends back.
 */
export interface SchedulerBackend {
  start(scheduler: TaskSchedulerImpl): void;
  /**
   * Resolves once the backend can run jobs (a cluster's executors have registered, as Spark's
   * waitBackendReady); rejects with why it never will. The first job waits for it.
   */
  waitUntilReady?(): Promise<void>;
  stop(): Promise<void>;
  /** Offers every free core to the scheduler now. */
  reviveOffers(): void;
  killTask(taskId: number, executorId: string, reason: string): void;
  /** Drops the blocks of an RDD on the executors that hold them. */
  removeRdd(rddId: number, executorIds: readonly string[]): Promise<void>;
  /** Drops an executor's copies of a broadcast value. */
  removeBroadcast(broadcastId: number): void;
  defaultParallelism(): number;
  readonly applicationId: string;
  /** Failures allowed per task when the master URL fixes it (`local[N,F]`); else spark.task.maxFailures. */
  readonly maxTaskFailures?: number | undefined;
}

/** Makes the backend for a master URL; deploy/ registers one per kind of master. */
export interface SchedulerBackendFactory {
  /** The URL forms it handles, as an error lists them: `local[N]`. */
  readonly description: string;
  canCreate(masterUrl: string): boolean;
  create(masterUrl: string, env: SparkEnv): SchedulerBackend;
}
