/**
 * The package root: Kindling's public API, and the wiring that lets core find the cluster managers of
 * deploy/ (core itself imports no layer above it).
 */
import { registerSchedulerBackend } from "./core/scheduler/SchedulerBackendRegistry.js";
import { localBackendFactory } from "./deploy/LocalBackendFactory.js";
import { localClusterBackendFactory, standaloneBackendFactory } from "./deploy/cluster/StandaloneBackendFactories.js";

import "./connectors/index.js";

registerSchedulerBackend(localBackendFactory);
registerSchedulerBackend(localClusterBackendFactory);
registerSchedulerBackend(standaloneBackendFactory);

export { SparkSession, SparkSessionBuilder } from "./api/SparkSession.js";
export { RuntimeConfig } from "./api/RuntimeConfig.js";
export { DataFrame } from "./api/DataFrame.js";
export type { ExplainMode } from "./exec/Explain.js";
export { DataFrameReader } from "./api/DataFrameReader.js";
export { DataFrameWriter } from "./api/DataFrameWriter.js";
export { GroupedData } from "./api/GroupedData.js";
export { DataStreamReader } from "./api/DataStreamReader.js";
export { MemoryStream } from "./api/MemoryStream.js";
export { DataStreamWriter } from "./api/DataStreamWriter.js";
export type { ForeachBatchFunction } from "./api/ForeachBatchSink.js";
export type { ForeachWriter } from "./connectors/sinks/ForeachWriter.js";
export { Trigger } from "./streaming/Trigger.js";
export type { TriggerKeywords } from "./streaming/Trigger.js";
export { OutputMode } from "./streaming/OutputMode.js";
export { StreamingQuery } from "./streaming/StreamingQuery.js";
export type { StreamStatus } from "./streaming/MicroBatchExecution.js";
export { StreamingQueryManager } from "./streaming/StreamingQueryManager.js";
export { StreamingQueryException } from "./streaming/StreamingQueryException.js";
export { StreamingQueryProgress, SourceProgress, SinkProgress } from "./streaming/StreamingQueryProgress.js";
export type { StateOperatorProgress, DurationMs } from "./streaming/StreamingQueryProgress.js";
export type { StreamingQueryListener, QueryStartedEvent, QueryProgressEvent, QueryIdleEvent, QueryTerminatedEvent } from "./streaming/StreamingQueryListener.js";
export type { Source, SourceBatch, SourceContext, StreamSourceProvider, ReadLimit } from "./streaming/Source.js";
export type { Sink, SinkContext, StreamSinkProvider } from "./streaming/Sink.js";
export type { Offset } from "./streaming/Offset.js";
export { registerStreamSource, registerStreamSink } from "./streaming/StreamingProviders.js";
export { Column } from "./api/Column.js";
export type { ColumnOrName } from "./api/Column.js";
export type { RowObject } from "./exec/RowObjects.js";
export type { LocalRow } from "./api/LocalRows.js";
export * as functions from "./api/functions.js";
export { AnalysisException } from "./expr/AnalysisException.js";
export { SparkConf } from "./core/SparkConf.js";
export { SparkContext } from "./core/SparkContext.js";
export { TaskContext } from "./core/TaskContext.js";
export { RDD } from "./core/rdd/RDD.js";
export type { Pair } from "./core/rdd/RDD.js";
export { StorageLevel } from "./core/storage/StorageLevel.js";
export { Broadcast } from "./core/broadcast/Broadcast.js";
export { AccumulatorV2, LongAccumulator, DoubleAccumulator, CollectionAccumulator } from "./core/Accumulator.js";
export type { SparkListener, SparkListenerEvent, StageInfo, TaskInfo } from "./core/scheduler/SparkListenerEvent.js";
export type { TaskMetrics } from "./core/scheduler/TaskMetrics.js";
export type { TaskEndReason } from "./core/scheduler/TaskEndReason.js";
export { SparkException, IllegalArgumentException, IllegalStateException } from "./util/SparkException.js";
export * as types from "./types/index.js";
