import { AnalysisException } from "../../expr/AnalysisException.js";
import { Expressions } from "../../expr/ExpressionTree.js";
import type { Aggregate } from "../logical/Aggregate.js";
import { eventTimeColumns, eventTimeOf } from "../logical/EventTimeColumns.js";
import { isStreaming } from "../logical/IsStreaming.js";
import type { Join } from "../logical/Join.js";
import type { LogicalPlan } from "../logical/LogicalPlan.js";
import { outputOf, referencesOf } from "../logical/PlanOutput.js";
import { Plans } from "../logical/PlanTree.js";
import type { Distinct } from "../logical/UnaryNodes.js";

type OutputMode = "append" | "update" | "complete";

/** Spark prints an output mode by its class name. */
const modeName = (m: OutputMode) => m[0]!.toUpperCase() + m.slice(1);

/**
 * Spark's error for a query that cannot run as a stream: its message, then (when known) the operator at fault,
 * as Spark's AnalysisException shows its plan.
 */
export function unsupportedOperation(message: string, operator?: LogicalPlan): AnalysisException {
  return new AnalysisException("", operator ? `${message};\n${Plans.treeString(operator).trimEnd()}` : message);
}

export interface StreamingCheckOptions {
  /** `spark.sql.streaming.statefulOperator.checkCorrectness.enabled` (default true): refuse chains of stateful operators that may drop rows. */
  readonly checkCorrectness?: boolean;
}

/**
 * Spark's UnsupportedOperationChecker.checkForStreaming: refuses, before a streaming query starts, what its
 * micro-batches cannot compute incrementally in `outputMode`, with Spark's messages. Kindling has no
 * stream-stream joins yet, so it refuses those too.
 */
export function checkForStreaming(plan: LogicalPlan, outputMode: OutputMode, options: StreamingCheckOptions = {}): void {
  if (!isStreaming(plan)) throw unsupportedOperation("Queries without streaming sources cannot be executed with writeStream.start()", plan);
  const aggregates = streamingAggregates(plan);
  const mode = modeName(outputMode);
  if (outputMode === "append" && aggregates.length > 0 && !hasEventTimeKey(aggregates[0]!)) {
    throw unsupportedOperation(`${mode} output mode not supported when there are streaming aggregations on streaming DataFrames/DataSets without watermark`, plan);
  }
  if (outputMode === "complete" && aggregates.length === 0) {
    throw unsupportedOperation(`${mode} output mode not supported when there are no streaming aggregations on streaming DataFrames/Datasets`, plan);
  }
  // Whether a subplan's rows are the whole result in every batch, not just the batch's new rows.
  const containsCompleteData = (p: LogicalPlan) =>
    !isStreaming(p) || (outputMode === "complete" && Plans.exists(p, (n) => n.kind === "Aggregate" && isStreaming(n)));
  foreachUp(plan, (p) => {
    switch (p.kind) {
      case "Aggregate":
        if (isStreaming(p.child) && p.aggregateExpressions.some((e) => Expressions.exists(e, (n) => n.kind === "AggregateExpression" && n.isDistinct))) {
          throw unsupportedOperation("Distinct aggregations are not supported on streaming DataFrames/Datasets. Consider using approx_count_distinct() instead.", p);
        }
        break;
      case "Join":
        checkJoin(p, outputMode);
        break;
      case "Deduplicate":
        if (p.withinWatermark && isStreaming(p) && eventTimeColumns(p.child).size === 0) {
          throw unsupportedOperation("dropDuplicatesWithinWatermark is not supported on streaming DataFrames/DataSets without watermark", plan);
        }
        break;
      case "Union":
        if (new Set(p.children.map(isStreaming)).size === 2) throw unsupportedOperation("Union between streaming and batch DataFrames/Datasets is not supported", p);
        break;
      case "Except":
        if (isStreaming(p.right)) throw unsupportedOperation("Except on a streaming DataFrame/Dataset on the right is not supported", p);
        break;
      case "Intersect":
        if (isStreaming(p.left) || isStreaming(p.right)) throw unsupportedOperation("Intersect of streaming DataFrames/Datasets is not supported", p);
        break;
      case "GlobalLimit":
      case "LocalLimit":
        if (isStreaming(p.child) && outputMode === "update") throw unsupportedOperation("Limits are not supported on streaming DataFrames/Datasets in Update output mode", p);
        break;
      case "Sort":
        if (!containsCompleteData(p)) {
          throw unsupportedOperation("Sorting is not supported on streaming DataFrames/Datasets, unless it is on aggregated DataFrame/Dataset in Complete output mode", p);
        }
        break;
    }
  });
  if (options.checkCorrectness ?? true) checkGlobalWatermarkLimit(plan, outputMode);
}

/** The streaming aggregations, top first; a streaming DISTINCT is one (the optimizer makes it an Aggregate). */
function streamingAggregates(plan: LogicalPlan): (Aggregate | Distinct)[] {
  return Plans.collect(plan, (p) => ((p.kind === "Aggregate" || p.kind === "Distinct") && isStreaming(p) ? p : undefined));
}

/** Whether an aggregation groups by an event-time column, so that append mode knows when a group is final. */
function hasEventTimeKey(p: Aggregate | Distinct): boolean {
  const columns = eventTimeColumns(p.child);
  const keys = p.kind === "Aggregate" ? p.groupingExpressions : outputOf(p.child);
  return keys.some((k) => eventTimeOf(k, columns) !== null);
}

function checkJoin(j: Join, outputMode: OutputMode): void {
  const [left, right] = [isStreaming(j.left), isStreaming(j.right)];
  if (left && right) {
    if (outputMode !== "append") {
      throw unsupportedOperation(`Join between two streaming DataFrames/Datasets is not supported in ${modeName(outputMode)} output mode, only in Append output mode`, j);
    }
    throw unsupportedOperation(
      `Stream-stream ${j.joinType} join between two streaming DataFrame/Datasets is not supported yet: join a streaming DataFrame/Dataset with a static one instead`,
      j,
    );
  }
  switch (j.joinType) {
    case "FullOuter":
      if (left) throw unsupportedOperation("FullOuter joins with streaming DataFrames/Datasets on the left and a static DataFrame/Dataset on the right is not supported", j);
      if (right) throw unsupportedOperation("FullOuter joins with streaming DataFrames/Datasets on the right and a static DataFrame/Dataset on the left is not supported", j);
      return;
    case "LeftAnti":
      if (right) throw unsupportedOperation("LeftAnti joins with a streaming DataFrame/Dataset on the right are not supported", j);
      return;
    case "LeftOuter":
    case "LeftSemi":
      if (right) throw unsupportedOperation(`${j.joinType} join with a streaming DataFrame/Dataset on the right and a static DataFrame/Dataset on the left is not supported`, j);
      return;
    case "RightOuter":
      if (left) throw unsupportedOperation("RightOuter join with a streaming DataFrame/Dataset on the left and a static DataFrame/DataSet on the right not supported", j);
      return;
    default:
      return;
  }
}

/**
 * Spark's checkStreamingQueryGlobalWatermarkLimit: a stateful operator above an aggregation that emits in
 * update or complete mode would see that aggregation's rows as late, under the one global watermark.
 */
function checkGlobalWatermarkLimit(plan: LogicalPlan, outputMode: OutputMode): void {
  const emitsLateRows = (p: LogicalPlan) => (p.kind === "Aggregate" || p.kind === "Distinct") && isStreaming(p) && outputMode !== "append";
  Plans.foreach(plan, (p) => {
    if (!isStatefulOperation(p)) return;
    if (!Plans.children(p).some((c) => Plans.exists(c, emitsLateRows))) return;
    throw unsupportedOperation(
      "Detected pattern of possible 'correctness' issue due to global watermark. The query contains stateful operation which can emit rows " +
        'older than the current watermark plus allowed late record delay, which are "late rows" in downstream stateful operations and these ' +
        "rows can be discarded. Please refer the programming guide doc for more details. If you understand the possible risk of correctness " +
        "issue and still need to run the query, you can disable this check by setting the config " +
        "`spark.sql.streaming.statefulOperator.checkCorrectness.enabled` to false.",
      plan,
    );
  });
}

/** The operators that keep state (a deduplication only when one of its keys is event time). */
function isStatefulOperation(p: LogicalPlan): boolean {
  switch (p.kind) {
    case "Aggregate":
    case "Distinct":
      return isStreaming(p);
    case "Join":
      return isStreaming(p.left) && isStreaming(p.right);
    case "Deduplicate": {
      if (!isStreaming(p)) return false;
      if (p.withinWatermark) return true;
      const columns = eventTimeColumns(p.child);
      const keys = p.keys.length > 0 ? p.keys : outputOf(p.child);
      return keys.some((k) => referencesOf(k).some((a) => columns.has(a.exprId)));
    }
    default:
      return false;
  }
}

/** Visits every node, children before parents, as Spark's foreachUp. */
function foreachUp(plan: LogicalPlan, f: (p: LogicalPlan) => void): void {
  for (const c of Plans.children(plan)) foreachUp(c, f);
  f(plan);
}
