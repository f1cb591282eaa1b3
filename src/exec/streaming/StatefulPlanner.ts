import type { Attribute } from "../../expr/AttributeReference.js";
import { explainString } from "../../expr/ExpressionString.js";
import type { Aggregate } from "../../plan/logical/Aggregate.js";
import { unsupportedOperation } from "../../plan/analysis/UnsupportedOperationChecker.js";
import { eventTimeColumns, eventTimeOf, type EventTimeColumn } from "../../plan/logical/EventTimeColumns.js";
import { isStreaming } from "../../plan/logical/IsStreaming.js";
import { outputOf } from "../../plan/logical/PlanOutput.js";
import type { EventTimeWatermark } from "../../plan/logical/Streaming.js";
import type { Deduplicate, GlobalLimit } from "../../plan/logical/UnaryNodes.js";
import { SparkException } from "../../util/SparkException.js";
import { exec, type HashAggregateExec, type SparkPlan } from "../SparkPlan.js";
import type { SqlConf } from "../SqlConf.js";
import type { StreamingPlanContext } from "./StreamingPlanContext.js";
import type { EventTimeKey, StatefulOperatorStateInfo, Watermarks } from "./StreamingOperators.js";

/**
 * How a micro-batch plans the operators that keep state across batches (Spark's StatefulAggregationStrategy,
 * StreamingDeduplicationStrategy, StreamingGlobalLimitStrategy and IncrementalExecution's state preparation
 * in one): each gets its state's location and version, the batch's watermarks, and an accumulator for its
 * metrics. Operator ids count from the top of the plan, in the order planning meets them, so the same query
 * gives every operator the same id in every batch.
 */
export class StatefulPlanner {
  private nextOperatorId = 0;

  constructor(private readonly ctx: StreamingPlanContext, private readonly conf: SqlConf) {}

  /** `withWatermark`: the rows pass through an operator that gathers their event-time statistics. */
  watermark(p: EventTimeWatermark, child: SparkPlan): SparkPlan {
    return exec({ kind: "EventTimeWatermarkExec", eventTime: p.eventTime, delay: p.delay, metrics: this.ctx.newMetricsAccumulator("eventTimeStats"), child });
  }

  /**
   * Spark's planStreamingAggregation: the batch's partial aggregate, an exchange on the keys (EnsureRequirements
   * adds it), then StateStoreRestore and StateStoreSave between it and the final aggregate. `planBatch` plans
   * the aggregate as a batch query would: Final over Partial.
   */
  aggregate(p: Aggregate, planBatch: () => SparkPlan): SparkPlan {
    const operatorId = this.nextOperatorId++;
    const final = planBatch() as HashAggregateExec;
    const keys = final.groupingExpressions as readonly Attribute[];
    const columns = eventTimeColumns(p.child);
    const timeIndex = p.groupingExpressions.findIndex((g) => eventTimeOf(g, columns) !== null);
    const eventTime = timeIndex < 0 ? null : eventTimeKey(keys[timeIndex]!, eventTimeOf(p.groupingExpressions[timeIndex]!, columns)!);
    if (this.ctx.outputMode === "append" && !eventTime) {
      throw unsupportedOperation("Append output mode not supported when there are streaming aggregations on streaming DataFrames/DataSets without watermark");
    }
    const stateInfo = this.stateInfo(operatorId, keys.length > 0);
    const restore = exec({ kind: "StateStoreRestoreExec", keyExpressions: keys, aggregateExpressions: final.aggregateExpressions, stateInfo, child: final.child });
    const save = exec({
      kind: "StateStoreSaveExec",
      keyExpressions: keys,
      stateInfo,
      outputMode: this.ctx.outputMode,
      eventTime,
      watermarks: this.watermarks,
      metrics: this.ctx.newMetricsAccumulator("stateStoreSave"),
      child: restore,
    });
    return exec({ ...final, child: save });
  }

  /** `dropDuplicates` / `dropDuplicatesWithinWatermark` over a stream: StreamingDeduplicateExec, keyed by the columns named (all, when none are). */
  deduplicate(p: Deduplicate, planChild: () => SparkPlan): SparkPlan {
    const operatorId = this.nextOperatorId++;
    const child = planChild();
    const output = outputOf(p.child);
    const keys = (p.keys.length > 0 ? p.keys : output).map((k) => {
      if (k.kind !== "AttributeReference") throw new SparkException(`dropDuplicates keys must be columns, but got ${explainString(k)}.`, { errorClass: "INTERNAL_ERROR" });
      return k;
    });
    const columns = eventTimeColumns(p.child);
    const times = output.filter((a) => columns.has(a.exprId));
    if (p.withinWatermark && times.length !== 1) {
      throw unsupportedOperation(
        times.length === 0
          ? "dropDuplicatesWithinWatermark is not supported on streaming DataFrames/DataSets without watermark"
          : `More than one event time columns are available. Please ensure there is at most one event time column per stream. event time columns: ${times.map(explainString).join(", ")}`,
      );
    }
    // A key that is event time evicts by itself; otherwise the first event-time column only judges late rows.
    const time = times.find((a) => keys.some((k) => k.exprId === a.exprId)) ?? times[0];
    return exec({
      kind: "StreamingDeduplicateExec",
      keyExpressions: keys,
      withinWatermark: p.withinWatermark,
      eventTime: time ? eventTimeKey(time, columns.get(time.exprId)!) : null,
      stateInfo: this.stateInfo(operatorId, keys.length > 0),
      watermarks: this.watermarks,
      metrics: this.ctx.newMetricsAccumulator(p.withinWatermark ? "dedupeWithinWatermark" : "dedupe"),
      child,
    });
  }

  /** Whether a limit must count across batches: over a stream whose batches only append rows. */
  limitsAcrossBatches(p: GlobalLimit): boolean {
    return this.ctx.outputMode === "append" && isStreaming(p.child);
  }

  /** Spark's StreamingGlobalLimitExec, over the per-partition limit that `limit(n)` puts below it. */
  globalLimit(p: GlobalLimit, planChild: () => SparkPlan): SparkPlan {
    const operatorId = this.nextOperatorId++;
    const child = planChild();
    return exec({ kind: "StreamingGlobalLimitExec", limit: p.limit, stateInfo: this.stateInfo(operatorId, false), metrics: this.ctx.newMetricsAccumulator("globalLimit"), child });
  }

  private get watermarks(): Watermarks {
    return { lateEventsMs: this.ctx.eventTimeWatermarkForLateEventsMs, evictionMs: this.ctx.eventTimeWatermarkMs };
  }

  /** Keyed state has the shuffle's partitions; without keys, one. */
  private stateInfo(operatorId: number, keyed: boolean): StatefulOperatorStateInfo {
    return {
      checkpointLocation: this.ctx.stateCheckpointLocation,
      operatorId,
      storeVersion: this.ctx.batchId,
      numPartitions: keyed ? this.conf.shufflePartitions : 1,
      storeConf: this.conf.stateStore,
    };
  }
}

function eventTimeKey(attribute: Attribute, column: EventTimeColumn): EventTimeKey {
  return { attribute, window: column.window, delayMs: column.delayMs };
}
