import type { StreamingQueryException } from "./StreamingQueryException.js";
import type { StreamingQueryProgress } from "./StreamingQueryProgress.js";

/** Spark's StreamingQueryListener events, as the listener bus carries them (`event` is Spark's class name). */
export interface QueryStartedEvent {
  readonly id: string;
  readonly runId: string;
  readonly name: string | null;
  readonly timestamp: string;
}

export interface QueryProgressEvent {
  readonly progress: StreamingQueryProgress;
}

export interface QueryIdleEvent {
  readonly id: string;
  readonly runId: string;
  readonly timestamp: string;
}

export interface QueryTerminatedEvent {
  readonly id: string;
  readonly runId: string;
  /** The error's message when the query failed, null when it was stopped. */
  readonly exception: string | null;
  readonly error: StreamingQueryException | null;
}

/**
 * Spark's StreamingQueryListener: implement what you need. Calls come after the events, from the listener bus,
 * so a slow listener never slows a query.
 */
export interface StreamingQueryListener {
  onQueryStarted?(event: QueryStartedEvent): void;
  onQueryProgress?(event: QueryProgressEvent): void;
  onQueryIdle?(event: QueryIdleEvent): void;
  onQueryTerminated?(event: QueryTerminatedEvent): void;
}

export const STREAMING_EVENTS = {
  started: "org.apache.spark.sql.streaming.StreamingQueryListener$QueryStartedEvent",
  progress: "org.apache.spark.sql.streaming.StreamingQueryListener$QueryProgressEvent",
  idle: "org.apache.spark.sql.streaming.StreamingQueryListener$QueryIdleEvent",
  terminated: "org.apache.spark.sql.streaming.StreamingQueryListener$QueryTerminatedEvent",
} as const;
