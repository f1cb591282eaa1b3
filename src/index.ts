/**
 * The package root: Kindling's public API, and the wiring that lets core find the cluster managers of
 * deploy/ (core itself imports no layer above it).
 */
import { registerSchedulerBackend } from "./core/scheduler/SchedulerBackendRegistry.js";
import { localBackendFactory } from "./deploy/LocalBackendFactory.js";

import "./connectors/index.js";

registerSchedulerBackend(localBackendFactory);

export { SparkSession, SparkSessionBuilder } from "./api/SparkSession.js";
export { RuntimeConfig } from "./api/RuntimeConfig.js";
export { DataFrame } from "./api/DataFrame.js";
export type { ExplainMode } from "./exec/Explain.js";
export { DataFrameReader } from "./api/DataFrameReader.js";
export { DataFrameWriter } from "./api/DataFrameWriter.js";
export { GroupedData } from "./api/GroupedData.js";
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
export { SparkException, IllegalArgumentException } from "./util/SparkException.js";
export * as types from "./types/index.js";
