import { AllTuples, type Distribution } from "../Partitioning.js";
import type { StateStoreRestoreExec, StateStoreSaveExec, StreamingDeduplicateExec } from "./StreamingOperators.js";

/**
 * What a keyed stateful operator needs of its input (Spark's StatefulOpClusteredDistribution): each key in
 * the partition whose state holds it, so hashed on exactly the keys into exactly the state's partitions, in
 * every batch; without keys, everything in the one partition.
 */
export function statefulDistribution(p: StateStoreRestoreExec | StateStoreSaveExec | StreamingDeduplicateExec): Distribution[] {
  if (p.keyExpressions.length === 0) return [AllTuples];
  return [{ kind: "ClusteredDistribution", clustering: p.keyExpressions, requiredNumPartitions: p.stateInfo.numPartitions }];
}
