import type { Attribute } from "../expr/AttributeReference.js";
import { explainString } from "../expr/ExpressionString.js";
import type { Expression } from "../expr/Expression.js";
import { TreeOps } from "../expr/TreeNode.js";
import { toAttribute } from "../plan/logical/PlanOutput.js";
import { withNullability } from "../expr/AttributeReference.js";
import { describePartitioning } from "./Partitioning.js";
import { IN_MEMORY_RELATION } from "./CacheManager.js";
import { dispatchExec, exec, type SparkPlan, type SparkPlanTable, type UnionExec } from "./SparkPlan.js";
import { describeStreamingOperator } from "./streaming/DescribeStreamingOperator.js";

/** How to reach each operator's children and rebuild it with new ones. */
interface Access {
  children(p: SparkPlan): readonly SparkPlan[];
  withChildren(p: SparkPlan, c: readonly SparkPlan[]): SparkPlan;
}

const leaf: Access = { children: () => [], withChildren: (p) => p };
const unary: Access = {
  children: (p) => [(p as { child: SparkPlan }).child],
  withChildren: (p, [child]) => exec({ ...p, child } as SparkPlan),
};
const binary: Access = {
  children: (p) => [(p as { left: SparkPlan }).left, (p as { right: SparkPlan }).right],
  withChildren: (p, [left, right]) => exec({ ...p, left, right } as SparkPlan),
};

const ACCESS: SparkPlanTable<Access> = {
  LocalTableScanExec: () => leaf,
  RangeExec: () => leaf,
  FileSourceScanExec: () => leaf,
  InputAdapter: () => leaf,
  ProjectExec: () => unary,
  FilterExec: () => unary,
  HashAggregateExec: () => unary,
  SortExec: () => unary,
  LocalLimitExec: () => unary,
  GlobalLimitExec: () => unary,
  CollectLimitExec: () => unary,
  TakeOrderedAndProjectExec: () => unary,
  GenerateExec: () => unary,
  CoalesceExec: () => unary,
  ShuffleExchangeExec: () => unary,
  BroadcastExchangeExec: () => unary,
  UnionExec: () => ({ children: (p) => (p as UnionExec).children, withChildren: (p, children) => exec({ ...p, children } as SparkPlan) }),
  BroadcastHashJoinExec: () => binary,
  ShuffledHashJoinExec: () => binary,
  BroadcastNestedLoopJoinExec: () => binary,
  EventTimeWatermarkExec: () => unary,
  StateStoreRestoreExec: () => unary,
  StateStoreSaveExec: () => unary,
  StreamingDeduplicateExec: () => unary,
  StreamingGlobalLimitExec: () => unary,
};

const list = (es: readonly Expression[]) => `[${es.map(explainString).join(", ")}]`;
const attrs = (es: readonly Expression[]) => `[${es.map(explainString).join(",")}]`;

/** Each operator's line in Spark's physical plan, e.g. `HashAggregate(keys=[a#1], functions=[sum(b#2)], …)`. */
const DESCRIBE: SparkPlanTable<string> = {
  LocalTableScanExec: (p) => (p.oneRowRelation ? "Scan OneRowRelation[]" : `LocalTableScan ${list(p.output)}`),
  RangeExec: (p) => `Range (${p.start}, ${p.end}, step=${p.step}, splits=${p.numSlices})`,
  FileSourceScanExec: (p) =>
    p.relation.source.format === IN_MEMORY_RELATION ? `InMemoryTableScan ${list(p.output)}` : `FileScan ${p.relation.source.format} ${attrs(p.output)} PushedFilters: ${list(p.relation.pushedFilters)}`,
  InputAdapter: (p) => `InputAdapter ${p.index}`,
  ProjectExec: (p) => `Project ${list(p.projectList)}`,
  FilterExec: (p) => `Filter ${explainString(p.condition)}`,
  HashAggregateExec: (p) => {
    const prefix = p.mode === "Partial" ? "partial_" : "";
    const functions = p.aggregateExpressions.map((a) => prefix + explainString(a)).join(", ");
    return `HashAggregate(keys=${list(p.groupingExpressions.map(toAttribute))}, functions=[${functions}], output=${list(outputOfExec(p))})`;
  },
  SortExec: (p) => `Sort ${list(p.sortOrder)}, ${p.global}, 0`,
  LocalLimitExec: (p) => `LocalLimit ${p.limit}`,
  GlobalLimitExec: (p) => `GlobalLimit ${p.limit}, 0`,
  CollectLimitExec: (p) => `CollectLimit ${p.limit}`,
  TakeOrderedAndProjectExec: (p) => `TakeOrderedAndProject(limit=${p.limit}, orderBy=${list(p.sortOrder)}, output=${list(outputOfExec(p))})`,
  UnionExec: () => "Union",
  CoalesceExec: (p) => `Coalesce ${p.numPartitions}`,
  GenerateExec: (p) => `Generate ${explainString(p.generator)}, ${attrs(outputOfExec(p.child))}, ${p.outer}, ${attrs(p.generatorOutput)}`,
  ShuffleExchangeExec: (p) => `Exchange ${describePartitioning(p.partitioning)}, ENSURE_REQUIREMENTS`,
  BroadcastExchangeExec: () => "BroadcastExchange IdentityBroadcastMode",
  BroadcastHashJoinExec: (p) =>
    `BroadcastHashJoin ${list(p.leftKeys)}, ${list(p.rightKeys)}, ${p.joinType}, ${p.buildSide}, false${p.condition ? `, ${explainString(p.condition)}` : ""}`,
  ShuffledHashJoinExec: (p) =>
    `ShuffledHashJoin ${list(p.leftKeys)}, ${list(p.rightKeys)}, ${p.joinType}, ${p.buildSide}${p.condition ? `, ${explainString(p.condition)}` : ""}`,
  BroadcastNestedLoopJoinExec: (p) => `BroadcastNestedLoopJoin ${p.buildSide}, ${p.joinType}${p.condition ? `, ${explainString(p.condition)}` : ""}`,
  EventTimeWatermarkExec: describeStreamingOperator,
  StateStoreRestoreExec: describeStreamingOperator,
  StateStoreSaveExec: describeStreamingOperator,
  StreamingDeduplicateExec: describeStreamingOperator,
  StreamingGlobalLimitExec: describeStreamingOperator,
};

/** The tree operations (transformUp/Down, collect, treeString) for physical plans. */
export const SparkPlans = new TreeOps<SparkPlan>({
  children: (p) => dispatchExec(ACCESS, p).children(p),
  withNewChildren: (p, c) => dispatchExec(ACCESS, p).withChildren(p, c),
  describe: (p) => dispatchExec(DESCRIBE, p),
});

const childOutput = (p: { child: SparkPlan }) => outputOfExec(p.child);
const joinOutput = (p: { joinType: string; left: SparkPlan; right: SparkPlan }): readonly Attribute[] => {
  const [l, r] = [outputOfExec(p.left), outputOfExec(p.right)];
  const nullable = (as: readonly Attribute[]) => as.map((a) => withNullability(a, true));
  switch (p.joinType) {
    case "LeftSemi":
    case "LeftAnti":
      return l;
    case "LeftOuter":
      return [...l, ...nullable(r)];
    case "RightOuter":
      return [...nullable(l), ...r];
    case "FullOuter":
      return [...nullable(l), ...nullable(r)];
    default:
      return [...l, ...r];
  }
};

const OUTPUT: SparkPlanTable<readonly Attribute[]> = {
  LocalTableScanExec: (p) => p.output,
  RangeExec: (p) => p.output,
  FileSourceScanExec: (p) => p.output,
  InputAdapter: (p) => p.output,
  ProjectExec: (p) => p.projectList.map(toAttribute),
  FilterExec: childOutput,
  HashAggregateExec: (p) =>
    p.mode === "Partial" ? [...p.groupingExpressions.map(toAttribute), ...p.bufferAttributes] : p.resultExpressions.map(toAttribute),
  SortExec: childOutput,
  LocalLimitExec: childOutput,
  GlobalLimitExec: childOutput,
  CollectLimitExec: childOutput,
  TakeOrderedAndProjectExec: (p) => (p.mode === "Partial" ? outputOfExec(p.child) : p.projectList.map(toAttribute)),
  UnionExec: (p) => p.output,
  CoalesceExec: childOutput,
  GenerateExec: (p) => [...outputOfExec(p.child), ...p.generatorOutput],
  ShuffleExchangeExec: childOutput,
  BroadcastExchangeExec: childOutput,
  BroadcastHashJoinExec: joinOutput,
  ShuffledHashJoinExec: joinOutput,
  BroadcastNestedLoopJoinExec: joinOutput,
  EventTimeWatermarkExec: childOutput,
  StateStoreRestoreExec: childOutput,
  StateStoreSaveExec: childOutput,
  StreamingDeduplicateExec: childOutput,
  StreamingGlobalLimitExec: childOutput,
};

export function outputOfExec(p: SparkPlan): readonly Attribute[] {
  return dispatchExec(OUTPUT, p);
}
