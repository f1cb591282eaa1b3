import { randomUUID } from "node:crypto";
import { rmSync } from "node:fs";
import { join } from "node:path";
import type { SparkContext } from "../core/SparkContext.js";
import type { SparkListener } from "../core/scheduler/SparkListenerEvent.js";
import { QueryExecution, type IncrementalContext, type SessionState } from "../exec/QueryExecution.js";
import { needsNoDataBatch, streamingMetrics, type EventTimeStats } from "../exec/streaming/StreamingMetrics.js";
import type { LogicalPlan } from "../plan/logical/LogicalPlan.js";
import { Plans } from "../plan/logical/PlanTree.js";
import { LocalRelation } from "../plan/logical/Relations.js";
import type { StreamingRelation } from "../plan/logical/Streaming.js";
import { StructType } from "../types/StructType.js";
import { StructField } from "../types/StructField.js";
import { IllegalStateException } from "../util/SparkException.js";
import { CommitLog } from "./checkpoint/CommitLog.js";
import { checkOperatorState, type StatefulOperatorInfo } from "./checkpoint/OperatorStateMetadata.js";
import type { SparkPlan } from "../exec/SparkPlan.js";
import { SparkPlans } from "../exec/SparkPlanTree.js";
import { stateOperatorName } from "../exec/streaming/StreamingOperators.js";
import { OffsetSeqLog, type OffsetSeq, type OffsetSeqMetadata } from "./checkpoint/OffsetSeqLog.js";
import { offsetJson, sameOffset, type Offset } from "./Offset.js";
import type { OutputMode } from "./OutputMode.js";
import type { Sink } from "./Sink.js";
import type { Source } from "./Source.js";
import { streamSourceFor } from "./StreamingProviders.js";
import { StreamingQueryException } from "./StreamingQueryException.js";
import { STREAMING_EVENTS } from "./StreamingQueryListener.js";
import { SinkProgress, SourceProgress, StreamingQueryProgress, type DurationMs } from "./StreamingQueryProgress.js";
import type { Trigger } from "./Trigger.js";
import type { Clock } from "../util/Clock.js";
import { parseDurationMs } from "../util/units.js";
import { watermarkPolicy, WatermarkTracker } from "./WatermarkTracker.js";

/** Settings the state depends on: fixed by the checkpoint's first batch, whatever the session says later. */
const CHECKPOINTED_CONF: Readonly<Record<string, string>> = {
  "spark.sql.shuffle.partitions": "200",
  "spark.sql.streaming.multipleWatermarkPolicy": "min",
  "spark.sql.streaming.stateStore.providerClass": "org.apache.spark.sql.execution.streaming.state.HDFSBackedStateStoreProvider",
  "spark.sql.streaming.aggregation.stateFormatVersion": "2",
};

export interface StreamStatus {
  readonly message: string;
  readonly isDataAvailable: boolean;
  readonly isTriggerActive: boolean;
}

export interface MicroBatchOptions {
  readonly session: SessionState;
  /** The analyzed plan, its leaves StreamingRelations. */
  readonly plan: LogicalPlan;
  readonly sink: Sink;
  readonly trigger: Trigger;
  readonly outputMode: OutputMode;
  readonly checkpointRoot: string;
  /** A temporary checkpoint (console, memory sinks without one): removed when the query stops cleanly. */
  readonly deleteCheckpointOnStop: boolean;
  readonly name: string | null;
  /** The query's id, from the checkpoint's `metadata`. */
  readonly id: string;
  /** What triggers and batch timestamps read (Spark's triggerClock): a ManualClock in tests. */
  readonly clock: Clock;
}

/** Offsets of one batch, as its sources gave them (null: the source had none yet). */
type Offsets = readonly (Offset | null)[];

/**
 * Spark's MicroBatchExecution: the query's trigger loop on the driver. Per trigger it asks each source for its
 * latest offset, writes `offsets/N` before anything runs, plans batch N with each source's new rows in place of
 * its leaf, hands the result to the sink, writes `commits/N`, and reports progress. A restart finds the last
 * batch with offsets but no commit and runs it again with the same offsets, timestamp and watermark.
 */
export class MicroBatchExecution {
  readonly id: string;
  readonly runId = randomUUID();
  readonly name: string | null;
  readonly recentProgress: StreamingQueryProgress[] = [];
  private readonly sc: SparkContext;
  private readonly relations: StreamingRelation[];
  private readonly sources: Source[];
  private readonly offsetLog: OffsetSeqLog;
  private readonly commitLog: CommitLog;
  private readonly fixedConf: Record<string, string> = {};
  private readonly session: SessionState;
  private readonly watermarks: WatermarkTracker;
  /** The checkpoint's latest `offsets/N`, read once at start: it fixes the settings and where the query resumes. */
  private readonly latestLogged: [number, OffsetSeq] | undefined;
  private readonly watermarkDelays: number[];
  private committed: Offsets;
  private currentBatchId = 0;
  /** The first batch this run plans: where its stateful operators are checked against the checkpoint's state. */
  private firstBatchId = -1;
  /** A logged batch that has no commit: run first, with its logged offsets. */
  private pending: { readonly offsets: OffsetSeq; readonly start: Offsets } | undefined;
  private lastExecution: QueryExecution | undefined;
  private lastPlannedWatermark = 0;
  private lastIdleEvent = -Infinity;
  /** When the current trigger started, for its `triggerExecution` duration. */
  private triggerStartedAt = 0;
  private statusValue: StreamStatus = { message: "Initializing sources", isDataAvailable: false, isTriggerActive: false };
  private active = true;
  private stopRequested = false;
  private deathCause: StreamingQueryException | null = null;
  /** Triggers started so far, and the last that found nothing new: processAllAvailable waits for a later one. */
  private triggers = 0;
  private lastIdleTrigger = -1;
  private readonly progressWaiters = new Set<() => void>();
  private wake: (() => void) | undefined;
  private readonly terminated: Promise<void>;
  /** Rows read by the current batch's scan tasks, for sources that cannot count their rows without reading. */
  private batchStages = new Set<number>();
  private batchRecordsRead = 0;
  private readonly listener: SparkListener;

  constructor(private readonly options: MicroBatchOptions, private readonly onTerminated: (q: MicroBatchExecution) => void) {
    this.session = options.session;
    this.sc = options.session.sc;
    this.name = options.name;
    const root = options.checkpointRoot;
    this.id = options.id;
    this.offsetLog = new OffsetSeqLog(join(root, "offsets"));
    this.commitLog = new CommitLog(join(root, "commits"));
    this.relations = uniqueStreamingRelations(options.plan);
    this.watermarkDelays = Plans.collect(options.plan, (n) => (n.kind === "EventTimeWatermark" ? n.delayMs : undefined));
    this.committed = this.relations.map(() => null);
    this.latestLogged = this.offsetLog.getLatest();
    this.restoreFixedConf();
    this.watermarks = new WatermarkTracker(watermarkPolicy(this.conf("spark.sql.streaming.multipleWatermarkPolicy")));
    this.sources = this.relations.map((r, i) => {
      const provider = streamSourceFor(r.source.format);
      return provider.createSource({
        session: this.queryState(),
        metadataPath: join(root, "sources", String(i)),
        options: (r.source["options"] as Record<string, string> | undefined) ?? {},
        paths: (r.source["paths"] as string[] | undefined) ?? [],
        schema: new StructType(r.output.map((a) => new StructField(a.name, a.dataType, a.nullable))),
      });
    });
    this.listener = {
      onJobStart: (e) => {
        if (e.properties["spark.jobGroup.id"] === this.runId) for (const s of e.stageInfos) this.batchStages.add(s.stageId);
      },
      onTaskEnd: (e) => {
        if (this.batchStages.has(e.stageId)) this.batchRecordsRead += e.taskMetrics?.inputMetrics.recordsRead ?? 0;
      },
    };
    this.sc.addSparkListener(this.listener);
    this.postEvent(STREAMING_EVENTS.started, { id: this.id, runId: this.runId, name: this.name, timestamp: new Date().toISOString() });
    this.terminated = this.sc.withLocalProperties(() => this.runStream());
  }

  get isActive(): boolean {
    return this.active;
  }

  get status(): StreamStatus {
    return this.statusValue;
  }

  get lastProgress(): StreamingQueryProgress | null {
    return this.recentProgress[this.recentProgress.length - 1] ?? null;
  }

  get exception(): StreamingQueryException | null {
    return this.deathCause;
  }

  get lastQueryExecution(): QueryExecution | undefined {
    return this.lastExecution;
  }

  /** Resolves when the query ends; rejects with its StreamingQueryException when it failed. */
  async awaitTermination(): Promise<void> {
    await this.terminated;
    if (this.deathCause) throw this.deathCause;
  }

  /** Waits until every row the sources have now is processed and committed (or the query ends). */
  async processAllAvailable(): Promise<void> {
    const since = this.triggers;
    while (this.active && this.lastIdleTrigger <= since) {
      await new Promise<void>((resolve) => {
        this.progressWaiters.add(resolve);
        // The default trigger may be polling: look now rather than after the delay.
        if (this.options.trigger.kind !== "ProcessingTime" || this.options.trigger.intervalMs === 0) this.wake?.();
      });
    }
    if (this.deathCause) throw this.deathCause;
  }

  async stop(): Promise<void> {
    this.stopRequested = true;
    this.wake?.();
    this.sc.cancelJobGroup(this.runId);
    await this.terminated;
  }

  private async runStream(): Promise<void> {
    this.sc.setJobGroup(this.runId, `${this.name ?? ""} id = ${this.id} runId = ${this.runId}`, true);
    try {
      this.populateStartOffsets();
      if (this.options.trigger.kind === "AvailableNow") for (const s of this.sources) await s.prepareForTriggerAvailableNow();
      const trigger = this.options.trigger;
      const clock = this.options.clock;
      while (!this.stopRequested) {
        const triggerStart = clock.getTimeMillis();
        const ran = await this.runOneTrigger(triggerStart);
        if (trigger.kind === "Once" || (trigger.kind === "AvailableNow" && !ran) || this.stopRequested) break;
        if (trigger.kind === "ProcessingTime" && trigger.intervalMs > 0) {
          this.setStatus("Waiting for next trigger", this.statusValue.isDataAvailable, false);
          // Spark's ProcessingTimeExecutor: batches start on multiples of the interval.
          await this.interruptibly(clock.waitTill(triggerStart - (triggerStart % trigger.intervalMs) + trigger.intervalMs));
        } else if (!ran) {
          await this.interruptibly(new Promise((resolve) => setTimeout(resolve, this.durationConfMs("spark.sql.streaming.pollingDelay", "10ms"))));
        }
      }
    } catch (e) {
      if (!this.stopRequested) {
        this.deathCause = new StreamingQueryException(this.name, this.id, this.runId, e, this.offsetsString(this.committed), this.offsetsString(this.pending?.offsets.offsets ?? this.committed));
      }
    } finally {
      await this.shutdown();
    }
  }

  private async shutdown(): Promise<void> {
    for (const s of this.sources) {
      try {
        await s.stop();
      } catch {
        // A source that fails to stop must not keep the query from ending.
      }
    }
    this.active = false;
    this.setStatus("Stopped", false, false);
    this.sc.removeSparkListener(this.listener);
    const error = this.deathCause;
    this.postEvent(STREAMING_EVENTS.terminated, { id: this.id, runId: this.runId, exception: error ? error.message : null, error });
    if (this.options.deleteCheckpointOnStop && !error) rmSync(this.options.checkpointRoot, { recursive: true, force: true });
    this.notifyProgress();
    this.onTerminated(this);
  }

  /**
   * Spark's populateStartOffsets: with no log, batch 0 from the beginning; with `offsets/N` and `commits/N`,
   * batch N+1 from N's offsets; with `offsets/N` alone, batch N again exactly as logged.
   */
  private populateStartOffsets(): void {
    const latest = this.latestLogged;
    if (!latest) return;
    const [n, seq] = latest;
    if (seq.offsets.length !== this.sources.length) {
      throw new IllegalStateException(
        `The checkpoint at ${this.options.checkpointRoot} belongs to a query with ${seq.offsets.length} source(s), but this query has ${this.sources.length}: ` +
          `a checkpoint can only be restarted by the query that wrote it. Use a new checkpointLocation for a changed query.`,
      );
    }
    const commit = this.commitLog.getLatest();
    if (commit && commit[0] === n) {
      this.committed = [...seq.offsets];
      this.currentBatchId = n + 1;
      this.watermarks.restore(commit[1].nextBatchWatermarkMs);
      this.lastPlannedWatermark = seq.metadata.batchWatermarkMs;
      return;
    }
    if ((commit?.[0] ?? -1) !== n - 1) {
      throw new IllegalStateException(`The checkpoint at ${this.options.checkpointRoot} has offsets for batch ${n} but its last commit is for batch ${commit?.[0] ?? "none"}: batch ${n - 1} was never committed. The checkpoint is damaged.`);
    }
    const previous = n > 0 ? this.offsetLog.get(n - 1) : undefined;
    if (n > 0 && !previous) throw new IllegalStateException(`The checkpoint at ${this.options.checkpointRoot} is missing ${this.offsetLog.pathOf(n - 1)}, which batch ${n} starts from.`);
    this.committed = previous ? [...previous.offsets] : this.sources.map(() => null);
    this.currentBatchId = n;
    this.watermarks.restore(seq.metadata.batchWatermarkMs);
    this.lastPlannedWatermark = previous?.metadata.batchWatermarkMs ?? 0;
    this.pending = { offsets: seq, start: this.committed };
  }

  /** The settings of the checkpoint's latest batch, or the session's now for a new checkpoint. */
  private restoreFixedConf(): void {
    const logged = this.latestLogged?.[1].metadata.conf ?? {};
    for (const [key, fallback] of Object.entries(CHECKPOINTED_CONF)) this.fixedConf[key] = logged[key] ?? this.session.conf(key) ?? fallback;
  }

  private conf(key: string): string | undefined {
    return this.fixedConf[key] ?? this.session.conf(key);
  }

  /** The session as this query sees it: the checkpoint's settings over the session's. */
  private queryState(): SessionState {
    const session = this.session;
    const conf = (key: string) => this.conf(key);
    return { sc: session.sc, catalog: session.catalog, conf, get timeZone() { return session.timeZone; } };
  }

  /** One trigger: a batch if there is new data (or a watermark to move state on), else a report of idleness. */
  private async runOneTrigger(triggerStart: number): Promise<boolean> {
    this.triggerStartedAt = performance.now();
    const trigger = ++this.triggers;
    const durations: Record<string, number> = {};
    const timed = async <T>(key: keyof DurationMs, f: () => Promise<T> | T): Promise<T> => {
      const t0 = performance.now();
      try {
        return await f();
      } finally {
        durations[key] = Math.round((durations[key] ?? 0) + performance.now() - t0);
      }
    };
    this.setStatus("Getting offsets from " + this.sources.map(String).join(", "), this.statusValue.isDataAvailable, true);
    let batch = this.pending;
    let latest: Offsets;
    if (batch) {
      latest = [...batch.offsets.offsets];
      this.pending = undefined;
    } else {
      const limit = this.options.trigger.kind === "Once" ? "all" : "default";
      latest = await timed("latestOffset", () => Promise.all(this.sources.map((s, i) => s.latestOffset(this.committed[i] ?? null, limit))));
      const hasNewData = latest.some((o, i) => o !== null && !sameOffset(o, this.committed[i] ?? undefined));
      const watermark = this.watermarks.currentWatermark;
      const noDataBatch = !hasNewData && this.lastExecution !== undefined && watermark > this.lastPlannedWatermark && needsNoDataBatch(this.lastExecution.executedPlan, watermark);
      if (!hasNewData && !noDataBatch) {
        this.finishIdleTrigger(trigger);
        return false;
      }
      const offsets: OffsetSeq = {
        offsets: latest.map((o, i) => o ?? this.committed[i] ?? null),
        metadata: { batchWatermarkMs: watermark, batchTimestampMs: triggerStart, conf: { ...this.fixedConf } },
      };
      await timed("walCommit", () => {
        this.offsetLog.add(this.currentBatchId, offsets);
        this.purgeLogs();
      });
      batch = { offsets, start: this.committed };
    }
    this.setStatus("Processing new data", true, true);
    await this.runBatch(batch, latest, triggerStart, durations, timed);
    return true;
  }

  private async runBatch(
    batch: { readonly offsets: OffsetSeq; readonly start: Offsets },
    latest: Offsets,
    triggerStart: number,
    durations: Record<string, number>,
    timed: <T>(key: keyof DurationMs, f: () => Promise<T> | T) => Promise<T>,
  ): Promise<void> {
    const batchId = this.currentBatchId;
    if (this.firstBatchId < 0) this.firstBatchId = batchId;
    const end = batch.offsets.offsets;
    const metadata = batch.offsets.metadata;
    const counts: (number | null)[] = [];
    const data = await timed("getBatch", () =>
      Promise.all(this.relations.map(async (r, i) => {
        const to = end[i] ?? null;
        if (to === null || sameOffset(to, batch.start[i] ?? undefined)) {
          counts[i] = 0;
          return LocalRelation(r.output, [], true);
        }
        const b = await this.sources[i]!.getBatch(batch.start[i] ?? null, to, r.output);
        counts[i] = b.numRows;
        return b.plan;
      })),
    );
    const plan = Plans.transformUp(this.options.plan, (n) => (n.kind === "StreamingRelation" ? data[this.relations.indexOf(n)]! : n)).node;
    const accumulators = new Map<number, { value: readonly unknown[] }>();
    const context: IncrementalContext = {
      stateCheckpointLocation: join(this.options.checkpointRoot, "state"),
      batchId,
      outputMode: this.options.outputMode,
      eventTimeWatermarkMs: metadata.batchWatermarkMs,
      eventTimeWatermarkForLateEventsMs: this.lastPlannedWatermark,
      batchTimestampMs: metadata.batchTimestampMs,
      newMetricsAccumulator: (name) => {
        const acc = this.sc.collectionAccumulator<unknown>(name);
        accumulators.set(acc.id, acc);
        return acc.id;
      },
    };
    const execution = new QueryExecution(this.queryState(), plan, context);
    await timed("queryPlanning", () => void execution.executedPlan);
    if (batchId === this.firstBatchId) checkOperatorState(context.stateCheckpointLocation, statefulOperators(execution.executedPlan), this.options.checkpointRoot);
    this.lastExecution = execution;
    this.batchStages = new Set();
    this.batchRecordsRead = 0;
    this.sc.setLocalProperty("streaming.sql.batchId", String(batchId));
    await timed("addBatch", () => this.options.sink.addBatch(batchId, execution));
    await this.sc.env.listenerBus.waitUntilEmpty();
    const metrics = streamingMetrics(execution.executedPlan, (id) => accumulators.get(id)?.value ?? []);
    this.lastPlannedWatermark = metadata.batchWatermarkMs;
    this.watermarks.update(this.watermarkDelays, metrics.eventTimeStats);
    await timed("commitOffsets", async () => {
      this.commitLog.add(batchId, { nextBatchWatermarkMs: this.watermarks.currentWatermark });
      for (let i = 0; i < this.sources.length; i++) if (end[i] !== null && end[i] !== undefined) await this.sources[i]!.commit(end[i]!);
    });
    const start = batch.start;
    this.committed = [...end];
    this.currentBatchId = batchId + 1;
    durations["triggerExecution"] = Math.round(performance.now() - this.triggerStartedAt);
    this.reportProgress(batchId, triggerStart, durations, start, end, latest, this.rowCounts(counts), metrics.stateOperators, metrics.eventTimeStats, metadata);
    this.lastIdleEvent = -Infinity;
    this.notifyProgress();
  }

  /** Each source's rows: as the source counted them, or the scan tasks' records read for one that could not. */
  private rowCounts(counts: readonly (number | null)[]): number[] {
    const uncounted = counts.filter((c) => c === null).length;
    return counts.map((c) => c ?? (uncounted === 1 ? this.batchRecordsRead : 0));
  }

  private reportProgress(
    batchId: number,
    triggerStart: number,
    durations: Record<string, number>,
    start: Offsets,
    end: Offsets,
    latest: Offsets,
    rows: readonly number[],
    stateOperators: StreamingQueryProgress["stateOperators"],
    eventTimeStats: readonly (EventTimeStats | null)[],
    metadata: OffsetSeqMetadata,
  ): void {
    const previous = this.lastProgress;
    const sinceLast = previous ? (triggerStart - Date.parse(previous.timestamp)) / 1000 : NaN;
    const processing = (durations["triggerExecution"] ?? 0) / 1000;
    const sources = this.sources.map((s, i) => {
      const n = rows[i] ?? 0;
      const json = (o: Offset | null | undefined) => (o === null || o === undefined ? null : offsetJson(o));
      return new SourceProgress(s.toString(), json(start[i]), json(end[i]), json(latest[i] ?? end[i]), n, n / sinceLast, processing > 0 ? n / processing : NaN);
    });
    const numOutputRows = -1;
    const progress = new StreamingQueryProgress(
      this.id, this.runId, this.name, new Date(triggerStart).toISOString(), batchId, durations["triggerExecution"] ?? 0,
      durations as unknown as DurationMs, this.eventTimeReport(eventTimeStats, metadata.batchWatermarkMs), stateOperators, sources,
      new SinkProgress(this.options.sink.toString(), numOutputRows),
    );
    this.recentProgress.push(progress);
    const keep = Number(this.session.conf("spark.sql.streaming.numRecentProgressUpdates") ?? 100);
    while (this.recentProgress.length > keep) this.recentProgress.shift();
    this.postEvent(STREAMING_EVENTS.progress, { progress });
  }

  /** Spark's `eventTime` section: the batch's event times, and the watermark when the query has one. */
  private eventTimeReport(stats: readonly (EventTimeStats | null)[], watermarkMs: number): Record<string, string> {
    if (this.watermarkDelays.length === 0) return {};
    const seen = stats.filter((s): s is EventTimeStats => s !== null && s.count > 0);
    const iso = (ms: number) => new Date(ms).toISOString();
    const report: Record<string, string> = {};
    if (seen.length > 0) {
      const count = seen.reduce((n, s) => n + s.count, 0);
      report["avg"] = iso(seen.reduce((n, s) => n + s.avg * s.count, 0) / count);
      report["max"] = iso(Math.max(...seen.map((s) => s.max)));
      report["min"] = iso(Math.min(...seen.map((s) => s.min)));
    }
    report["watermark"] = iso(watermarkMs);
    return report;
  }

  /** No new data: say so, wake processAllAvailable, and post onQueryIdle at most every noDataProgressEventInterval. */
  private finishIdleTrigger(trigger: number): void {
    this.setStatus("Waiting for data to arrive", false, false);
    this.lastIdleTrigger = trigger;
    const now = Date.now();
    const interval = this.durationConfMs("spark.sql.streaming.noDataProgressEventInterval", "10s");
    if (now - this.lastIdleEvent >= interval) {
      this.lastIdleEvent = now;
      this.postEvent(STREAMING_EVENTS.idle, { id: this.id, runId: this.runId, timestamp: new Date(now).toISOString() });
    }
    this.notifyProgress();
  }

  /** Keeps `spark.sql.streaming.minBatchesToRetain` batches of offsets and commits. */
  private purgeLogs(): void {
    const retain = Number(this.session.conf("spark.sql.streaming.minBatchesToRetain") ?? 100);
    const threshold = this.currentBatchId - retain + 1;
    if (threshold <= 0) return;
    this.offsetLog.purge(threshold);
    this.commitLog.purge(threshold);
  }

  /** A time setting as Spark reads one ("10ms", "10s"; a bare number is milliseconds). */
  private durationConfMs(key: string, fallback: string): number {
    return parseDurationMs(this.session.conf(key) ?? fallback, key, "ms");
  }

  /** Waits for `waiting`, or less when `stop()` or `processAllAvailable()` wakes the loop. */
  private interruptibly(waiting: Promise<unknown>): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        this.wake = undefined;
        resolve();
      };
      this.wake = done;
      void waiting.then(done);
    });
  }

  private setStatus(message: string, isDataAvailable: boolean, isTriggerActive: boolean): void {
    this.statusValue = { message, isDataAvailable, isTriggerActive };
  }

  private notifyProgress(): void {
    const waiters = [...this.progressWaiters];
    this.progressWaiters.clear();
    for (const w of waiters) w();
  }

  private postEvent(event: string, fields: Record<string, unknown>): void {
    this.sc.env.listenerBus.post({ event, ...fields });
  }

  private offsetsString(offsets: Offsets): string {
    return `{${this.sources.map((s, i) => `${s}: ${offsets[i] === null || offsets[i] === undefined ? "-" : offsetJson(offsets[i]!)}`).join(", ")}}`;
  }
}

/** The plan's stateful operators as their state records them. */
function statefulOperators(plan: SparkPlan): StatefulOperatorInfo[] {
  return SparkPlans.collect(plan, (p) =>
    p.kind === "StateStoreSaveExec" || p.kind === "StreamingDeduplicateExec" || p.kind === "StreamingGlobalLimitExec"
      ? { operatorId: p.stateInfo.operatorId, operatorName: stateOperatorName(p), numPartitions: p.stateInfo.numPartitions }
      : undefined,
  );
}

/** The query's StreamingRelations, each once (a DataFrame joined or unioned with itself reads one source). */
function uniqueStreamingRelations(plan: LogicalPlan): StreamingRelation[] {
  const found = Plans.collect(plan, (n) => (n.kind === "StreamingRelation" ? n : undefined));
  return [...new Set(found)];
}
