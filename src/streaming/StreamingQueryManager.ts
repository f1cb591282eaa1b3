import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { SessionState } from "../exec/QueryExecution.js";
import { AnalysisException } from "../expr/AnalysisException.js";
import { checkForStreaming } from "../plan/analysis/UnsupportedOperationChecker.js";
import type { LogicalPlan } from "../plan/logical/LogicalPlan.js";
import { IllegalArgumentException, SparkException } from "../util/SparkException.js";
import { readOrCreateQueryId } from "./checkpoint/StreamMetadata.js";
import { MicroBatchExecution } from "./MicroBatchExecution.js";
import type { OutputMode } from "./OutputMode.js";
import type { Sink } from "./Sink.js";
import { StreamingQuery } from "./StreamingQuery.js";
import type { StreamingQueryException } from "./StreamingQueryException.js";
import { STREAMING_EVENTS, type StreamingQueryListener } from "./StreamingQueryListener.js";
import type { Trigger } from "./Trigger.js";
import { SystemClock, type Clock } from "../util/Clock.js";

/** Which StreamingQueryListener method each bus event goes to. */
const LISTENER_METHODS: Readonly<Record<string, keyof StreamingQueryListener>> = {
  [STREAMING_EVENTS.started]: "onQueryStarted",
  [STREAMING_EVENTS.progress]: "onQueryProgress",
  [STREAMING_EVENTS.idle]: "onQueryIdle",
  [STREAMING_EVENTS.terminated]: "onQueryTerminated",
};

/** What `writeStream.start()` hands the manager. */
export interface StartQuery {
  readonly plan: LogicalPlan;
  readonly sink: Sink;
  readonly trigger: Trigger;
  readonly outputMode: OutputMode;
  readonly name: string | null;
  /** The `checkpointLocation` option, when given. */
  readonly checkpointLocation: string | undefined;
  /** Whether the sink may run from a temporary checkpoint when none is given (console, memory, foreach). */
  readonly useTempCheckpointLocation: boolean;
  /** What triggers read; a ManualClock lets tests advance time (Spark's triggerClock). */
  readonly triggerClock?: Clock;
}

/**
 * Spark's StreamingQueryManager (`spark.streams`): starts queries, knows the active ones, waits for any to end,
 * and delivers streaming events to StreamingQueryListeners.
 */
export class StreamingQueryManager {
  private readonly activeQueries = new Map<string, StreamingQuery>();
  private readonly listeners: StreamingQueryListener[] = [];
  private lastTerminated: { query: StreamingQuery; error: StreamingQueryException | null } | null = null;
  private readonly terminationWaiters = new Set<() => void>();

  /** @internal made by the session. */
  constructor(private readonly session: SessionState) {
    session.sc.addSparkListener({ onOtherEvent: (e) => this.deliver(e.event, e as never) });
  }

  get active(): StreamingQuery[] {
    return [...this.activeQueries.values()];
  }

  get(id: string): StreamingQuery | null {
    return this.activeQueries.get(id) ?? null;
  }

  /**
   * Waits until a query of this session ends (or has ended since the last `resetTerminated`); rejects with its
   * exception if it failed. With a timeout, resolves to whether one ended within it.
   */
  async awaitAnyTermination(timeoutMs?: number): Promise<boolean> {
    const deadline = timeoutMs === undefined ? Infinity : Date.now() + timeoutMs;
    while (!this.lastTerminated) {
      const left = deadline - Date.now();
      if (left <= 0) return false;
      await new Promise<void>((wake) => {
        const timer = left === Infinity ? undefined : setTimeout(wake, left);
        this.terminationWaiters.add(() => {
          clearTimeout(timer);
          wake();
        });
      });
    }
    if (this.lastTerminated.error) throw this.lastTerminated.error;
    return true;
  }

  /** Forgets ended queries, so that `awaitAnyTermination` waits for the next. */
  resetTerminated(): void {
    this.lastTerminated = null;
  }

  addListener(listener: StreamingQueryListener): void {
    this.listeners.push(listener);
  }

  removeListener(listener: StreamingQueryListener): void {
    const i = this.listeners.indexOf(listener);
    if (i >= 0) this.listeners.splice(i, 1);
  }

  /** @internal `writeStream.start()`: checks the query, prepares its checkpoint, and starts its trigger loop. */
  startQuery(q: StartQuery): StreamingQuery {
    if (q.trigger.kind === "Continuous") {
      throw new SparkException("Trigger.Continuous is not supported yet: continuous processing comes in a later Kindling release. Use Trigger.ProcessingTime(interval) for micro-batches with low latency.");
    }
    checkForStreaming(q.plan, q.outputMode);
    if (q.name !== null && this.active.some((a) => a.name === q.name)) {
      throw new IllegalArgumentException(`Cannot start query with name ${q.name} as a query with that name is already active in this SparkSession`);
    }
    const { root, temporary } = this.checkpointRoot(q);
    let id: string;
    try {
      mkdirSync(root, { recursive: true });
      id = readOrCreateQueryId(join(root, "metadata"));
    } catch (e) {
      if (e instanceof SparkException) throw e;
      throw new IllegalArgumentException(`Cannot use the checkpoint location ${root}: ${(e as Error).message}. The checkpointLocation must be a directory this process can create and write.`, { cause: e });
    }
    if (this.activeQueries.has(id)) {
      throw new IllegalArgumentException(
        `Cannot start query with id ${id} as another query with same id is already active. Perhaps you are attempting to restart a query from checkpoint that is already active: stop it first.`,
      );
    }
    let query!: StreamingQuery;
    const execution = new MicroBatchExecution(
      { session: this.session, plan: q.plan, sink: q.sink, trigger: q.trigger, outputMode: q.outputMode, checkpointRoot: root, deleteCheckpointOnStop: temporary, name: q.name, id, clock: q.triggerClock ?? new SystemClock() },
      (ended) => this.onTerminated(query, ended),
    );
    query = new StreamingQuery(execution);
    this.activeQueries.set(id, query);
    return query;
  }

  /** Spark's order: the `checkpointLocation` option, then `spark.sql.streaming.checkpointLocation/<name>`, then a temporary one where allowed. */
  private checkpointRoot(q: StartQuery): { root: string; temporary: boolean } {
    if (q.checkpointLocation) return { root: resolve(q.checkpointLocation), temporary: false };
    const base = this.session.conf("spark.sql.streaming.checkpointLocation");
    if (base) return { root: resolve(base, q.name ?? crypto.randomUUID()), temporary: false };
    if (q.useTempCheckpointLocation) return { root: mkdtempSync(join(tmpdir(), "temporary-")), temporary: true };
    throw new AnalysisException(
      "",
      `checkpointLocation must be specified either through option("checkpointLocation", ...) or SparkSession.conf.set("spark.sql.streaming.checkpointLocation", ...)`,
    );
  }

  private onTerminated(query: StreamingQuery, execution: MicroBatchExecution): void {
    this.activeQueries.delete(query.id);
    this.lastTerminated = { query, error: execution.exception };
    const waiters = [...this.terminationWaiters];
    this.terminationWaiters.clear();
    for (const w of waiters) w();
  }

  private deliver(event: string, e: never): void {
    const method = LISTENER_METHODS[event];
    if (!method) return;
    for (const l of this.listeners) (l[method] as ((e: never) => void) | undefined)?.call(l, e);
  }
}
