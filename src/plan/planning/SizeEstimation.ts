import type { Attribute } from "../../expr/AttributeReference.js";
import { dispatchPlan, type LogicalPlan, type PlanTable } from "../logical/LogicalPlan.js";
import { outputOf } from "../logical/PlanOutput.js";

/**
 * Spark's SizeInBytesOnlyStatsPlanVisitor: an estimate of how many bytes a plan's result takes, from which the
 * planner decides whether a join side is small enough to broadcast (`spark.sql.autoBroadcastJoinThreshold`).
 * Unknown sizes are `Number.MAX_SAFE_INTEGER`, so that they are never broadcast.
 */
export const UNKNOWN_SIZE = Number.MAX_SAFE_INTEGER;

/** Spark's per-row overhead in its size estimates (the row's header). */
const ROW_OVERHEAD = 8;

function rowSize(output: readonly Attribute[]): number {
  return ROW_OVERHEAD + output.reduce((sum, a) => sum + a.dataType.defaultSize, 0);
}

const capped = (n: number) => Math.min(n, UNKNOWN_SIZE);
const childSize = (p: { child: LogicalPlan }) => sizeInBytes(p.child);
/** A child's size scaled to this node's narrower or wider rows, as Spark's visitUnaryNode. */
const reshaped = (p: LogicalPlan & { child: LogicalPlan }) =>
  capped(Math.ceil((sizeInBytes(p.child) * rowSize(outputOf(p))) / Math.max(1, rowSize(outputOf(p.child)))));

const SIZE: PlanTable<number> = {
  UnresolvedRelation: () => UNKNOWN_SIZE,
  UnresolvedHaving: () => UNKNOWN_SIZE,
  OneRowRelation: () => 1,
  LocalRelation: (p) => Math.max(1, p.data.length * rowSize(p.output)),
  Range: (p) => {
    const count = p.step === 0n ? 0n : (p.end - p.start + p.step - (p.step > 0n ? 1n : -1n)) / p.step;
    return capped(Math.max(0, Number(count)) * 8);
  },
  DataSourceRelation: (p) => (typeof p.source["sizeInBytes"] === "number" ? (p.source["sizeInBytes"] as number) : UNKNOWN_SIZE),
  Project: reshaped,
  Filter: childSize,
  Aggregate: (p) => (p.groupingExpressions.length === 0 ? rowSize(outputOf(p)) : reshaped(p)),
  Join: (p) =>
    p.joinType === "LeftSemi" || p.joinType === "LeftAnti" ? sizeInBytes(p.left) : capped(sizeInBytes(p.left) * sizeInBytes(p.right)),
  Sort: childSize,
  GlobalLimit: (p) => Math.min(sizeInBytes(p.child), p.limit * rowSize(outputOf(p))),
  LocalLimit: childSize,
  Union: (p) => capped(p.children.reduce((sum, c) => sum + sizeInBytes(c), 0)),
  Except: (p) => sizeInBytes(p.left),
  Intersect: (p) => Math.min(sizeInBytes(p.left), sizeInBytes(p.right)),
  Distinct: childSize,
  Deduplicate: childSize,
  StreamingRelation: () => UNKNOWN_SIZE,
  EventTimeWatermark: childSize,
  SubqueryAlias: childSize,
  Repartition: childSize,
  Generate: reshaped,
};

export function sizeInBytes(plan: LogicalPlan): number {
  return dispatchPlan(SIZE, plan);
}
