import type { StateOperatorProgress } from "../exec/streaming/StreamingMetrics.js";

export type { StateOperatorProgress };

/**
 * Spark's progress reports, one per batch: read as properties (PySpark), printed by `json` / `prettyJson` in
 * Spark's JSON shape (rates that are not finite are left out, event times as ISO-8601 strings).
 */


export class SourceProgress {
  constructor(
    readonly description: string,
    readonly startOffset: string | null,
    readonly endOffset: string | null,
    readonly latestOffset: string | null,
    readonly numInputRows: number,
    readonly inputRowsPerSecond: number,
    readonly processedRowsPerSecond: number,
    readonly metrics: Readonly<Record<string, string>> = {},
  ) {}

  toJSON(): Record<string, unknown> {
    return {
      description: this.description,
      startOffset: parsed(this.startOffset),
      endOffset: parsed(this.endOffset),
      latestOffset: parsed(this.latestOffset),
      numInputRows: this.numInputRows,
      inputRowsPerSecond: finite(this.inputRowsPerSecond),
      processedRowsPerSecond: finite(this.processedRowsPerSecond),
      metrics: this.metrics,
    };
  }

  get json(): string {
    return JSON.stringify(this);
  }

  get prettyJson(): string {
    return JSON.stringify(this, null, 2);
  }
}

export class SinkProgress {
  constructor(readonly description: string, readonly numOutputRows: number, readonly metrics: Readonly<Record<string, string>> = {}) {}

  get json(): string {
    return JSON.stringify(this);
  }

  get prettyJson(): string {
    return JSON.stringify(this, null, 2);
  }
}

export interface DurationMs {
  readonly addBatch?: number;
  readonly getBatch?: number;
  readonly latestOffset?: number;
  readonly queryPlanning?: number;
  readonly triggerExecution: number;
  readonly walCommit?: number;
  readonly commitOffsets?: number;
}

export class StreamingQueryProgress {
  constructor(
    readonly id: string,
    readonly runId: string,
    readonly name: string | null,
    /** When the trigger started, ISO-8601 (as Spark's). */
    readonly timestamp: string,
    readonly batchId: number,
    readonly batchDuration: number,
    readonly durationMs: DurationMs,
    /** `max`, `min`, `avg` of the batch's event times and the `watermark`, as ISO-8601 strings. */
    readonly eventTime: Readonly<Record<string, string>>,
    readonly stateOperators: readonly StateOperatorProgress[],
    readonly sources: readonly SourceProgress[],
    readonly sink: SinkProgress,
    readonly observedMetrics: Readonly<Record<string, unknown>> = {},
  ) {}

  get numInputRows(): number {
    return this.sources.reduce((n, s) => n + s.numInputRows, 0);
  }

  get inputRowsPerSecond(): number {
    return this.sources.reduce((n, s) => n + s.inputRowsPerSecond, 0);
  }

  get processedRowsPerSecond(): number {
    return this.sources.reduce((n, s) => n + s.processedRowsPerSecond, 0);
  }

  toJSON(): Record<string, unknown> {
    return {
      id: this.id,
      runId: this.runId,
      name: this.name,
      timestamp: this.timestamp,
      batchId: this.batchId,
      batchDuration: this.batchDuration,
      numInputRows: this.numInputRows,
      inputRowsPerSecond: finite(this.inputRowsPerSecond),
      processedRowsPerSecond: finite(this.processedRowsPerSecond),
      durationMs: this.durationMs,
      eventTime: Object.keys(this.eventTime).length > 0 ? this.eventTime : undefined,
      stateOperators: this.stateOperators,
      sources: this.sources,
      sink: this.sink,
    };
  }

  get json(): string {
    return JSON.stringify(this);
  }

  get prettyJson(): string {
    return JSON.stringify(this, null, 2);
  }

  toString(): string {
    return this.prettyJson;
  }
}

function finite(n: number): number | undefined {
  return Number.isFinite(n) ? n : undefined;
}

/** Offsets are JSON text; in the progress JSON they appear as the values they are. */
function parsed(offset: string | null): unknown {
  return offset === null ? null : JSON.parse(offset);
}
