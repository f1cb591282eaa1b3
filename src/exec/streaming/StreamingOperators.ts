import type { Attribute } from "../../expr/AttributeReference.js";
import type { AggregateExpression } from "../../expr/FunctionCall.js";
import type { SparkPlan } from "../SparkPlan.js";
import type { StateStoreConf } from "../state/StateStoreConf.js";
import type { OutputModeName } from "./OutputModeName.js";

/**
 * The physical operators only micro-batches have, with Spark's names. Plain data like every SparkPlan: what a
 * task needs (where the state is, the watermarks, the settings, the accumulator for its metrics) is in the node.
 */
export type StreamingOperator = EventTimeWatermarkExec | StateStoreRestoreExec | StateStoreSaveExec | StreamingDeduplicateExec | StreamingGlobalLimitExec;

/** Where a stateful operator's state lives and which version this batch reads (Spark's StatefulOperatorStateInfo). */
export interface StatefulOperatorStateInfo {
  /** `<checkpointLocation>/state`. */
  readonly checkpointLocation: string;
  /** Numbered from the top of the plan, the same in every batch of the query. */
  readonly operatorId: number;
  /** The version this batch reads, its batch id; it writes the next one. */
  readonly storeVersion: number;
  /** Partitions of the state, fixed for the life of the checkpoint: the child is hashed into exactly these. */
  readonly numPartitions: number;
  readonly storeConf: StateStoreConf;
}

/** The watermarks a batch was planned with, ms since the epoch: rows at or before `lateEventsMs` are late; state at or before `evictionMs` goes. */
export interface Watermarks {
  readonly lateEventsMs: number;
  readonly evictionMs: number;
}

/** A stateful operator's event-time column: a watermarked timestamp, or a time window over one (judged by its end). */
export interface EventTimeKey {
  readonly attribute: Attribute;
  readonly window: boolean;
  readonly delayMs: number;
}

/** `withWatermark`: passes rows through and records their event times' min, max, sum and count in `metrics`. */
export interface EventTimeWatermarkExec {
  readonly kind: "EventTimeWatermarkExec";
  readonly eventTime: Attribute;
  readonly delay: string;
  /** The accumulator id its tasks add their event-time statistics to. */
  readonly metrics: number;
  readonly child: SparkPlan;
}

/**
 * Between a streaming aggregation's partial and final steps: merges this batch's partial buffers by key and
 * each with the key's buffers from the state (Spark's PartialMerge, StateStoreRestoreExec and PartialMerge
 * again, in one operator). Output: keys then buffers, one row per key of the batch.
 */
export interface StateStoreRestoreExec {
  readonly kind: "StateStoreRestoreExec";
  readonly keyExpressions: readonly Attribute[];
  readonly aggregateExpressions: readonly AggregateExpression[];
  readonly stateInfo: StatefulOperatorStateInfo;
  readonly child: SparkPlan;
}

/**
 * Stores each key's merged buffers as the next state version and emits what the output mode asks for:
 * every key (complete), the keys this batch changed (update), or the keys the watermark has passed, once,
 * as they are evicted (append). Keys whose event time is late are dropped; with a watermark, keys behind it
 * leave the state in update mode too.
 */
export interface StateStoreSaveExec {
  readonly kind: "StateStoreSaveExec";
  readonly keyExpressions: readonly Attribute[];
  readonly stateInfo: StatefulOperatorStateInfo;
  readonly outputMode: OutputModeName;
  /** The grouping key that is event time; null without one (no eviction, no late rows). */
  readonly eventTime: EventTimeKey | null;
  readonly watermarks: Watermarks;
  readonly metrics: number;
  readonly child: SparkPlan;
}

/**
 * `dropDuplicates` over a stream: a row whose key is not in the state is emitted and its key stored. With a
 * watermark, late rows are dropped, and keys leave the state once the watermark passes their event time (when
 * it is one of the keys) or, `withinWatermark`, their row's event time plus the delay.
 */
export interface StreamingDeduplicateExec {
  readonly kind: "StreamingDeduplicateExec";
  readonly keyExpressions: readonly Attribute[];
  readonly withinWatermark: boolean;
  /** The child's event-time column; null without a watermark. */
  readonly eventTime: EventTimeKey | null;
  readonly stateInfo: StatefulOperatorStateInfo;
  readonly watermarks: Watermarks;
  readonly metrics: number;
  readonly child: SparkPlan;
}

/** A limit over every batch of an append-mode stream: the state counts the rows emitted so far. */
export interface StreamingGlobalLimitExec {
  readonly kind: "StreamingGlobalLimitExec";
  readonly limit: number;
  readonly stateInfo: StatefulOperatorStateInfo;
  readonly metrics: number;
  readonly child: SparkPlan;
}

/** The stateful operators whose progress the engine reports (Spark's StateStoreWriter), with Spark's short names. */
export type StateStoreWriter = StateStoreSaveExec | StreamingDeduplicateExec | StreamingGlobalLimitExec;

export function stateOperatorName(p: StateStoreWriter): string {
  switch (p.kind) {
    case "StateStoreSaveExec":
      return "stateStoreSave";
    case "StreamingDeduplicateExec":
      return p.withinWatermark ? "dedupeWithinWatermark" : "dedupe";
    case "StreamingGlobalLimitExec":
      return "globalLimit";
  }
}
