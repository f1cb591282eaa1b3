import type { LogicalPlan } from "./LogicalPlan.js";
import { Plans } from "./PlanTree.js";

/** Whether a plan reads a stream (Spark's `LogicalPlan.isStreaming`): a streaming source, or one micro-batch of one. */
export function isStreaming(plan: LogicalPlan): boolean {
  return Plans.exists(plan, isStreamingLeaf);
}

export function isStreamingLeaf(p: LogicalPlan): boolean {
  switch (p.kind) {
    case "StreamingRelation":
      return true;
    case "LocalRelation":
      return p.isStreaming;
    case "DataSourceRelation":
      return p.source["isStreaming"] === true;
    default:
      return false;
  }
}
