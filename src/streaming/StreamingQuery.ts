import type { MicroBatchExecution, StreamStatus } from "./MicroBatchExecution.js";
import type { StreamingQueryException } from "./StreamingQueryException.js";
import type { StreamingQueryProgress } from "./StreamingQueryProgress.js";

/**
 * A running streaming query, as PySpark's StreamingQuery: its state read as properties, its control as
 * methods returning Promises.
 */
export class StreamingQuery {
  /** @internal made by `writeStream.start()`. */
  constructor(private readonly execution: MicroBatchExecution) {}

  /** Stays the same across restarts from the checkpoint. */
  get id(): string {
    return this.execution.id;
  }

  /** New each time the query starts. */
  get runId(): string {
    return this.execution.runId;
  }

  get name(): string | null {
    return this.execution.name;
  }

  get isActive(): boolean {
    return this.execution.isActive;
  }

  get status(): StreamStatus {
    return this.execution.status;
  }

  get lastProgress(): StreamingQueryProgress | null {
    return this.execution.lastProgress;
  }

  /** The latest progress reports, oldest first (`spark.sql.streaming.numRecentProgressUpdates` of them). */
  get recentProgress(): StreamingQueryProgress[] {
    return [...this.execution.recentProgress];
  }

  /**
   * Waits for the query to end: rejects with its StreamingQueryException if it failed. With a timeout, resolves
   * to whether it ended within it, as PySpark's `awaitTermination(timeout)`.
   */
  async awaitTermination(timeoutMs?: number): Promise<boolean> {
    if (timeoutMs === undefined) {
      await this.execution.awaitTermination();
      return true;
    }
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    try {
      return await Promise.race([this.execution.awaitTermination().then(() => true as const), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Waits until all data available in the sources now has been processed and committed (for tests). */
  processAllAvailable(): Promise<void> {
    return this.execution.processAllAvailable();
  }

  /** Stops the query: the running batch is cancelled; its offsets stay logged and it runs again on restart. */
  stop(): Promise<void> {
    return this.execution.stop();
  }

  /** The error that stopped the query, or null. */
  exception(): StreamingQueryException | null {
    return this.execution.exception;
  }

  /** Prints the last batch's physical plan (all plans with `extended`), as Spark's `explain`. */
  explain(extended = false): void {
    console.log(this.explainString(extended));
  }

  explainString(extended = false): string {
    const last = this.execution.lastQueryExecution;
    return last ? last.explainString(extended ? "extended" : "simple") : "No physical plan. Waiting for data.";
  }

  toString(): string {
    return `StreamingQuery[id = ${this.id}, runId = ${this.runId}, name = ${this.name ?? "null"}]`;
  }
}
