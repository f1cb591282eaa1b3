import { IllegalArgumentException } from "../../util/SparkException.js";

/**
 * The state store's settings (Spark's StateStoreConf). Tasks read no SQL conf: these are read when a
 * micro-batch is planned and travel in each stateful operator's node.
 */
export interface StateStoreConf {
  /** `spark.sql.streaming.stateStore.minDeltasForSnapshot`: a snapshot is written once more delta files than this rebuild the latest version. */
  readonly minDeltasForSnapshot: number;
  /** `spark.sql.streaming.minBatchesToRetain`: how many recent versions stay recoverable from files. */
  readonly minVersionsToRetain: number;
  /** `spark.sql.streaming.maxBatchesToRetainInMemory`: how many loaded versions of a store a thread keeps. */
  readonly maxVersionsToRetainInMemory: number;
}

const MIN_DELTAS_FOR_SNAPSHOT = "spark.sql.streaming.stateStore.minDeltasForSnapshot";
const MIN_BATCHES_TO_RETAIN = "spark.sql.streaming.minBatchesToRetain";
const MAX_BATCHES_TO_RETAIN_IN_MEMORY = "spark.sql.streaming.maxBatchesToRetainInMemory";

export function readStateStoreConf(get: (key: string) => string | undefined): StateStoreConf {
  return {
    minDeltasForSnapshot: intAtLeast(MIN_DELTAS_FOR_SNAPSHOT, get(MIN_DELTAS_FOR_SNAPSHOT) ?? "10", 1),
    minVersionsToRetain: intAtLeast(MIN_BATCHES_TO_RETAIN, get(MIN_BATCHES_TO_RETAIN) ?? "100", 1),
    maxVersionsToRetainInMemory: intAtLeast(MAX_BATCHES_TO_RETAIN_IN_MEMORY, get(MAX_BATCHES_TO_RETAIN_IN_MEMORY) ?? "2", 0),
  };
}

function intAtLeast(key: string, raw: string, min: number): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new IllegalArgumentException(`${key} should be an integer of at least ${min}, but was '${raw}'`);
  return n;
}
