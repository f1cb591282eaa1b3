import type { Expression } from "../../expr/Expression.js";
import { explainString } from "../../expr/ExpressionString.js";
import type { StatefulOperatorStateInfo, StreamingOperator } from "./StreamingOperators.js";

const list = (es: readonly Expression[]) => `[${es.map(explainString).join(", ")}]`;
const mode = (m: string) => m[0]!.toUpperCase() + m.slice(1);

/** Spark's `state info [ checkpoint = …, opId = 0, ver = 3, numPartitions = 200]` (there is no run id). */
function stateInfo(s: StatefulOperatorStateInfo): string {
  return `state info [ checkpoint = ${s.checkpointLocation}, opId = ${s.operatorId}, ver = ${s.storeVersion}, numPartitions = ${s.numPartitions}]`;
}

/** A streaming operator's line in the physical plan, as Spark prints it. */
export function describeStreamingOperator(p: StreamingOperator): string {
  switch (p.kind) {
    case "EventTimeWatermarkExec":
      return `EventTimeWatermark ${explainString(p.eventTime)}: ${p.eventTime.dataType.simpleString()}, ${p.delay}`;
    case "StateStoreRestoreExec":
      return `StateStoreRestore ${list(p.keyExpressions)}, ${stateInfo(p.stateInfo)}, 2`;
    case "StateStoreSaveExec":
      return `StateStoreSave ${list(p.keyExpressions)}, ${stateInfo(p.stateInfo)}, ${mode(p.outputMode)}, ${p.watermarks.lateEventsMs}, ${p.watermarks.evictionMs}, 2`;
    case "StreamingDeduplicateExec":
      return `${p.withinWatermark ? "StreamingDeduplicateWithinWatermark" : "StreamingDeduplicate"} ${list(p.keyExpressions)}, ${stateInfo(p.stateInfo)}, ${p.watermarks.lateEventsMs}, ${p.watermarks.evictionMs}`;
    case "StreamingGlobalLimitExec":
      return `StreamingGlobalLimit ${p.limit}, ${stateInfo(p.stateInfo)}, Append`;
  }
}
