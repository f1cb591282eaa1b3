import { AsyncLocalStorage } from "node:async_hooks";
import "./rdd/allRDDs.js";
import { rmSync } from "node:fs";
import { userInfo } from "node:os";
import type { RDD } from "./rdd/RDD.js";
import type { SparkListener } from "./scheduler/SparkListenerEvent.js";
import type { SchedulerBackend } from "./scheduler/SchedulerBackend.js";
import type { Broadcast } from "./broadcast/Broadcast.js";
import type { AccumulatorV2 } from "./Accumulator.js";
import type { UserFunction } from "./closure/SerializedFunction.js";
import { SparkConf } from "./SparkConf.js";
import { SparkEnv } from "./SparkEnv.js";
import {
  APP_NAME, DEFAULT_PARALLELISM, LOCALITY_WAIT, LOCALITY_WAIT_NODE, LOCALITY_WAIT_PROCESS, LOCALITY_WAIT_RACK,
  MASTER, MAX_RESULT_SIZE, SHOW_CONSOLE_PROGRESS, STAGE_MAX_CONSECUTIVE_ATTEMPTS, TASK_CPUS, TASK_MAX_FAILURES,
} from "./config.js";
import { ParallelCollectionRDD } from "./rdd/ParallelCollectionRDD.js";
import { TextFileRDD } from "./rdd/TextFileRDD.js";
import { UnionRDD } from "./rdd/UnionRDD.js";
import { ShuffleDependency } from "./rdd/Dependency.js";
import { rangeBounds } from "./Partitioner.js";
import { DAGScheduler } from "./scheduler/DAGScheduler.js";
import { TaskSchedulerImpl } from "./scheduler/TaskSchedulerImpl.js";
import { JobWaiter } from "./scheduler/JobWaiter.js";
import { schedulerBackendFactoryFor } from "./scheduler/SchedulerBackendRegistry.js";
import { CollectionAccumulator, DoubleAccumulator, LongAccumulator } from "./Accumulator.js";
import { userFunction } from "./closure/SerializedFunction.js";
import { __kindling } from "./closure/TaskRuntime.js";
import type { TaskContext } from "./TaskContext.js";
import { abortJob, checkOutputPath, commitJob } from "./rdd/TextOutput.js";
import { ConsoleProgressBar } from "./ConsoleProgressBar.js";
import { SystemClock } from "../util/Clock.js";
import type { Clock } from "../util/Clock.js";
import { SparkException } from "../util/SparkException.js";

/**
 * The entry point to Spark core: connects to a cluster manager (a master URL), and makes RDDs, broadcast
 * variables and accumulators. One is active at a time, as in Spark.
 */
export class SparkContext {
  private static active: SparkContext | undefined;

  readonly conf: SparkConf;
  readonly env: SparkEnv;
  readonly master: string;
  readonly appName: string;
  readonly startTime: number;
  readonly sparkUser = safeUser();
  readonly dagScheduler: DAGScheduler;
  readonly taskScheduler: TaskSchedulerImpl;
  private readonly backend: SchedulerBackend;
  private readonly clock: Clock;
  private readonly progressBar: ConsoleProgressBar | undefined;
  private readonly accumulators = new Map<number, WeakRef<AccumulatorV2<unknown, unknown>>>();
  private readonly persistentRdds = new Map<number, RDD<unknown>>();
  /**
   * Spark's local properties are per thread; here they are per asynchronous flow: `withLocalProperties` gives a
   * flow (a streaming query's loop) its own copy, so concurrent queries' job groups do not mix.
   */
  private readonly rootLocalProperties: Record<string, string> = {};
  private readonly flowLocalProperties = new AsyncLocalStorage<Record<string, string>>();
  private nextRddId = 0;
  private nextShuffleId = 0;
  private nextAccumulatorId = 0;
  private stopped = false;
  private stopping: Promise<void> | undefined;

  constructor(conf: SparkConf = new SparkConf(), clock: Clock = new SystemClock()) {
    if (SparkContext.active) {
      throw new SparkException("Only one SparkContext should be running in this process; stop() the active one first, or use SparkContext.getOrCreate()");
    }
    this.conf = conf.clone();
    this.conf.setIfMissing(MASTER.key, "local[*]").setIfMissing(APP_NAME.key, "kindling");
    this.conf.validate();
    this.master = this.conf.get(MASTER.key);
    this.appName = this.conf.get(APP_NAME.key);
    this.clock = clock;
    this.startTime = clock.getTimeMillis();
    const factory = schedulerBackendFactoryFor(this.master);
    this.env = new SparkEnv(this.conf, (id) => this.backend.removeBroadcast(id));
    let backend: SchedulerBackend | undefined;
    try {
      this.backend = backend = factory.create(this.master, this.env);
      this.taskScheduler = new TaskSchedulerImpl({
        clock,
        maxTaskFailures: this.backend.maxTaskFailures ?? this.conf.getEntry(TASK_MAX_FAILURES),
        cpusPerTask: this.conf.getEntry(TASK_CPUS),
        localityWaits: localityWaits(this.conf),
      });
      this.dagScheduler = new DAGScheduler({
        taskScheduler: this.taskScheduler,
        mapOutputTracker: this.env.mapOutputTracker,
        blockManagerMaster: this.env.blockManagerMaster,
        listenerBus: this.env.listenerBus,
        clock,
        maxConsecutiveStageAttempts: this.conf.getEntry(STAGE_MAX_CONSECUTIVE_ATTEMPTS),
        mergeAccumulators: (updates) => this.mergeAccumulators(updates),
        maxResultSize: this.conf.getEntry(MAX_RESULT_SIZE),
      });
      this.conf.set("spark.app.id", this.backend.applicationId);
      this.taskScheduler.initialize(this.dagScheduler, this.backend);
      this.env.listenerBus.post({ event: "SparkListenerApplicationStart", appName: this.appName, appId: this.applicationId, time: this.startTime, sparkUser: this.sparkUser });
      this.backend.start(this.taskScheduler);
    } catch (e) {
      // A refused URL or setting leaves nothing behind: no scratch directory, no threads.
      void backend?.stop();
      rmSync(this.env.localDir, { recursive: true, force: true });
      throw e;
    }
    SparkContext.active = this;
    const showProgress = this.conf.getEntry(SHOW_CONSOLE_PROGRESS, process.stderr.isTTY === true);
    if (showProgress) this.progressBar = new ConsoleProgressBar(this);
  }

  /** The active context, or a new one from `conf`. */
  static getOrCreate(conf?: SparkConf): SparkContext {
    return SparkContext.active ?? new SparkContext(conf);
  }

  static getActive(): SparkContext | undefined {
    return SparkContext.active;
  }

  /** A copy of the context's settings (Spark's `getConf`): changing it changes nothing here. */
  getConf(): SparkConf {
    return this.conf.clone();
  }

  get applicationId(): string {
    return this.backend.applicationId;
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  get defaultParallelism(): number {
    return this.conf.getEntry(DEFAULT_PARALLELISM, this.taskScheduler.defaultParallelism());
  }

  /** The number of partitions for a shuffle of `rdds` when none is given, as Spark's defaultPartitioner. */
  defaultShufflePartitions(...rdds: RDD<unknown>[]): number {
    const partitioned = rdds.filter((r) => r.partitioner).map((r) => r.getNumPartitions());
    if (partitioned.length > 0) return Math.max(...partitioned);
    return this.conf.getEntry(DEFAULT_PARALLELISM, Math.max(...rdds.map((r) => r.getNumPartitions())));
  }

  newRddId(): number {
    return this.nextRddId++;
  }

  newShuffleId(): number {
    return this.nextShuffleId++;
  }

  // ---- making RDDs ----

  parallelize<T>(data: Iterable<T>, numSlices = this.defaultParallelism): RDD<T> {
    this.assertNotStopped();
    const values = Array.from(data);
    if (!Number.isInteger(numSlices) || numSlices < 1) throw new SparkException(`parallelize: numSlices must be a positive integer, but was ${numSlices}`);
    return ParallelCollectionRDD.ofValues(this, values, numSlices);
  }

  /** Integers from start (inclusive) to end (exclusive), as PySpark's `sc.range`; one argument is the end. */
  range(start: number, end?: number, step = 1, numSlices = this.defaultParallelism): RDD<number> {
    this.assertNotStopped();
    if (end === undefined) [start, end] = [0, start];
    if (step === 0) throw new SparkException("range: step cannot be 0");
    return ParallelCollectionRDD.ofRange(this, start, end, step, numSlices);
  }

  textFile(path: string, minPartitions = Math.min(this.defaultParallelism, 2)): RDD<string> {
    this.assertNotStopped();
    return TextFileRDD.open(this, path, minPartitions);
  }

  emptyRDD<T>(): RDD<T> {
    return ParallelCollectionRDD.ofValues<T>(this, [], 0);
  }

  union<T>(rdds: RDD<T>[]): RDD<T> {
    return new UnionRDD<T>(this, rdds);
  }

  broadcast<T>(value: T): Broadcast<T> {
    this.assertNotStopped();
    return this.env.broadcastManager.newBroadcast(value);
  }

  longAccumulator(name?: string): LongAccumulator {
    return this.registerAccumulator(new LongAccumulator(this.nextAccumulatorId++, name));
  }

  doubleAccumulator(name?: string): DoubleAccumulator {
    return this.registerAccumulator(new DoubleAccumulator(this.nextAccumulatorId++, name));
  }

  collectionAccumulator<T>(name?: string): CollectionAccumulator<T> {
    return this.registerAccumulator(new CollectionAccumulator<T>(this.nextAccumulatorId++, name));
  }

  // ---- jobs ----

  /**
   * Runs `func` on the given partitions of `rdd` (all by default) and returns one result per partition.
   * Range partitioners below the RDD get their bounds first, from a sampling job, as Spark's sortByKey does.
   */
  async runJob<U>(rdd: RDD<unknown>, func: UserFunction, partitions?: readonly number[], callSite = "runJob"): Promise<U[]> {
    this.assertNotStopped();
    await this.backend.waitUntilReady?.();
    await this.chooseRangeBounds(rdd);
    const ids = partitions ?? rdd.partitions.map((p) => p.index);
    let waiter!: JobWaiter<U>;
    this.dagScheduler.submitJob(rdd, func, ids, `${callSite} at ${userCallSite()}`, (jobId) => {
      waiter = new JobWaiter<U>(jobId, ids.length);
      return waiter;
    }, { ...this.localProperties });
    return waiter.promise;
  }

  private async chooseRangeBounds(rdd: RDD<unknown>): Promise<void> {
    const seen = new Set<number>();
    const pending: ShuffleDependency[] = [];
    const walk = (r: RDD<unknown>): void => {
      if (seen.has(r.id)) return;
      seen.add(r.id);
      for (const dep of r.dependencies) {
        if (dep instanceof ShuffleDependency) {
          if (dep.needsRangeBounds) pending.push(dep);
          if (dep.rdd) walk(dep.rdd as RDD<unknown>);
        } else {
          walk(dep.rdd);
        }
      }
    };
    walk(rdd);
    // Deepest first: a sampling job's own input may need bounds too.
    for (const dep of pending.reverse()) {
      const n = dep.handle.partitioner.numPartitions;
      const parent = dep.rdd!;
      const sampleSize = Math.min(20 * n, 1e6);
      const perPartition = Math.ceil((3 * sampleSize) / Math.max(1, parent.getNumPartitions()));
      const sketches = await this.runJob<[number, unknown[]]>(parent, userFunction((it: IterableIterator<[unknown, unknown]>) => {
        const sample: unknown[] = [];
        let count = 0;
        for (const [k] of it) {
          if (sample.length < perPartition) sample.push(k);
          else {
            const j = Math.floor(Math.random() * (count + 1));
            if (j < perPartition) sample[j] = k;
          }
          count++;
        }
        return [count, sample];
      }, { perPartition }, "sortByKey"), undefined, "sortByKey");
      const weighted: [unknown, number][] = sketches.flatMap(([count, sample]) => sample.map((k) => [k, count / Math.max(1, sample.length)] as [unknown, number]));
      const ascending = dep.handle.partitioner.kind === "range" ? dep.handle.partitioner.ascending : true;
      dep.handle.partitioner = { kind: "range", numPartitions: n, bounds: rangeBounds(weighted, n), ascending };
      dep.needsRangeBounds = false;
    }
  }

  async saveAsTextFile(rdd: RDD<unknown>, path: string): Promise<void> {
    const dir = checkOutputPath(path);
    try {
      await this.runJob(rdd, userFunction((it: IterableIterator<unknown>, ctx: TaskContext) => __kindling.writeTextPartition(dir, it, ctx), { dir }, "saveAsTextFile"), undefined, "saveAsTextFile");
      commitJob(dir);
    } catch (e) {
      abortJob(dir, true);
      throw e;
    }
  }

  private get localProperties(): Record<string, string> {
    return this.flowLocalProperties.getStore() ?? this.rootLocalProperties;
  }

  /** Runs `body` with its own copy of the current local properties: what it sets stays in its flow. */
  withLocalProperties<T>(body: () => T): T {
    return this.flowLocalProperties.run({ ...this.localProperties }, body);
  }

  setLocalProperty(key: string, value: string | undefined): void {
    if (value === undefined) delete this.localProperties[key];
    else this.localProperties[key] = value;
  }

  getLocalProperty(key: string): string | undefined {
    return this.localProperties[key];
  }

  setJobGroup(groupId: string, description: string, interruptOnCancel = false): void {
    this.setLocalProperty("spark.jobGroup.id", groupId);
    this.setLocalProperty("spark.job.description", description);
    this.setLocalProperty("spark.job.interruptOnCancel", String(interruptOnCancel));
  }

  clearJobGroup(): void {
    for (const k of ["spark.jobGroup.id", "spark.job.description", "spark.job.interruptOnCancel"]) this.setLocalProperty(k, undefined);
  }

  setJobDescription(description: string | undefined): void {
    this.setLocalProperty("spark.job.description", description);
  }

  cancelJob(jobId: number, reason?: string): void {
    this.dagScheduler.cancelJob(jobId, reason);
  }

  cancelJobGroup(groupId: string): void {
    this.dagScheduler.cancelJobGroup(groupId);
  }

  cancelAllJobs(): void {
    this.dagScheduler.cancelAllJobs();
  }

  addSparkListener(listener: SparkListener): void {
    this.env.listenerBus.addListener(listener);
  }

  removeSparkListener(listener: SparkListener): void {
    this.env.listenerBus.removeListener(listener);
  }

  // ---- persistence, used by RDD ----

  persistRDD(rdd: RDD<unknown>): void {
    this.persistentRdds.set(rdd.id, rdd);
  }

  async unpersistRDD(rddId: number, blocking: boolean): Promise<void> {
    this.persistentRdds.delete(rddId);
    const holders = this.env.blockManagerMaster.removeRdd(rddId);
    this.env.listenerBus.post({ event: "SparkListenerUnpersistRDD", rddId });
    const done = this.backend.removeRdd(rddId, holders);
    if (blocking) await done;
  }

  getPersistentRDDs(): Map<number, RDD<unknown>> {
    return new Map(this.persistentRdds);
  }

  // ---- lifecycle ----

  /** Stops the context; a second call (the cluster ending the application while the user stops it) waits for the first. */
  stop(): Promise<void> {
    this.stopping ??= this.shutDown();
    return this.stopping;
  }

  private async shutDown(): Promise<void> {
    this.stopped = true;
    this.progressBar?.stop();
    this.dagScheduler.stop();
    this.taskScheduler.stop();
    await this.backend.stop();
    this.env.listenerBus.post({ event: "SparkListenerApplicationEnd", time: this.clock.getTimeMillis() });
    await this.env.listenerBus.waitUntilEmpty();
    rmSync(this.env.localDir, { recursive: true, force: true });
    if (SparkContext.active === this) SparkContext.active = undefined;
  }

  private assertNotStopped(): void {
    if (this.stopped) throw new SparkException("Cannot call methods on a stopped SparkContext");
  }

  private registerAccumulator<A extends AccumulatorV2<unknown, unknown>>(acc: A): A {
    this.accumulators.set(acc.id, new WeakRef(acc));
    return acc;
  }

  private mergeAccumulators(updates: readonly [number, unknown][]): void {
    for (const [id, partial] of updates) this.accumulators.get(id)?.deref()?.merge(partial);
  }
}


function localityWaits(conf: SparkConf): Record<"PROCESS_LOCAL" | "NODE_LOCAL" | "NO_PREF" | "RACK_LOCAL" | "ANY", number> {
  const base = conf.getEntry(LOCALITY_WAIT);
  return {
    PROCESS_LOCAL: conf.getEntry(LOCALITY_WAIT_PROCESS, base),
    NODE_LOCAL: conf.getEntry(LOCALITY_WAIT_NODE, base),
    NO_PREF: 0,
    RACK_LOCAL: conf.getEntry(LOCALITY_WAIT_RACK, base),
    ANY: 0,
  };
}

/** The first frame outside Kindling: what a job is named by in the UI and progress, as Spark's call site. */
function userCallSite(): string {
  const stack = new Error().stack?.split("\n").slice(1) ?? [];
  const frame = stack.find((l) => !/[\\/](src|dist[\\/]src)[\\/](core|api|exec|sql|streaming)[\\/]/.test(l) && !l.includes("node:internal"));
  const m = frame && /\(?([^()\s]+):(\d+):\d+\)?\s*$/.exec(frame);
  return m ? `${m[1]!.split(/[\\/]/).pop()}:${m[2]}` : "<unknown>";
}

function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return "unknown";
  }
}
