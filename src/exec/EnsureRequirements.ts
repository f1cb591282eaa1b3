import {
  AllTuples,
  BroadcastDistribution,
  UnspecifiedDistribution,
  numPartitionsOf,
  satisfies,
  type Distribution,
  type Partitioning,
} from "./Partitioning.js";
import { dispatchExec, exec, type SparkPlan, type SparkPlanTable } from "./SparkPlan.js";
import { statefulDistribution } from "./streaming/StatefulDistribution.js";
import { SparkPlans } from "./SparkPlanTree.js";

/**
 * Spark's EnsureRequirements: wherever a child's output partitioning does not meet what its parent requires,
 * an exchange goes in between. This is the only place exchanges are added (besides an explicit repartition).
 */
export function ensureRequirements(plan: SparkPlan, shufflePartitions: number): SparkPlan {
  return SparkPlans.transformUp(plan, (node) => {
    const required = requiredChildDistribution(node);
    const children = SparkPlans.children(node);
    let changed = false;
    const exchange = (child: SparkPlan, d: Distribution): SparkPlan => {
      changed = true;
      if (d.kind === "BroadcastDistribution") return exec({ kind: "BroadcastExchangeExec", child });
      return exec({ kind: "ShuffleExchangeExec", partitioning: partitioningFor(d, shufflePartitions), child });
    };
    let next = children.map((child, i) => {
      const d = required[i] ?? UnspecifiedDistribution;
      return satisfies(outputPartitioning(child), d) ? child : exchange(child, d);
    });
    // Both sides of a shuffled join must have as many partitions: a side hashed into another count is shuffled again.
    if (node.kind === "ShuffledHashJoinExec") {
      const counts = next.map((c) => numPartitionsOf(outputPartitioning(c)));
      if (counts[0] !== counts[1]) next = next.map((c, i) => (counts[i] === shufflePartitions ? c : exchange(c, required[i]!)));
    }
    return changed ? SparkPlans.shape.withNewChildren(node, next) : node;
  }).node;
}

function partitioningFor(d: Distribution, n: number): Partitioning {
  switch (d.kind) {
    case "ClusteredDistribution":
      return { kind: "HashPartitioning", expressions: d.clustering, numPartitions: d.requiredNumPartitions ?? n };
    case "OrderedDistribution":
      return { kind: "RangePartitioning", ordering: d.ordering, numPartitions: n };
    default:
      return { kind: "SinglePartition" };
  }
}

const none = (): Distribution[] => [];
const buildSide = (p: { buildSide: "BuildLeft" | "BuildRight"; joinType: string }): Distribution[] => {
  // A full outer nested loop emits the build side's unmatched rows once: only one task may stream.
  const streamed = p.joinType === "FullOuter" ? AllTuples : UnspecifiedDistribution;
  return p.buildSide === "BuildLeft" ? [BroadcastDistribution, streamed] : [streamed, BroadcastDistribution];
};

const REQUIRED: SparkPlanTable<Distribution[]> = {
  LocalTableScanExec: none,
  RangeExec: none,
  FileSourceScanExec: none,
  InputAdapter: none,
  ProjectExec: none,
  FilterExec: none,
  HashAggregateExec: (p) =>
    p.mode === "Partial" ? [] : [p.groupingExpressions.length === 0 ? AllTuples : { kind: "ClusteredDistribution", clustering: p.groupingExpressions }],
  SortExec: (p) => (p.global ? [{ kind: "OrderedDistribution", ordering: p.sortOrder }] : []),
  LocalLimitExec: none,
  GlobalLimitExec: () => [AllTuples],
  CollectLimitExec: none,
  TakeOrderedAndProjectExec: (p) => (p.mode === "Final" ? [AllTuples] : []),
  UnionExec: none,
  CoalesceExec: none,
  GenerateExec: none,
  ShuffleExchangeExec: none,
  BroadcastExchangeExec: none,
  BroadcastHashJoinExec: buildSide,
  ShuffledHashJoinExec: (p) => [
    { kind: "ClusteredDistribution", clustering: p.leftKeys },
    { kind: "ClusteredDistribution", clustering: p.rightKeys },
  ],
  BroadcastNestedLoopJoinExec: buildSide,
  EventTimeWatermarkExec: none,
  StateStoreRestoreExec: statefulDistribution,
  StateStoreSaveExec: statefulDistribution,
  StreamingDeduplicateExec: statefulDistribution,
  StreamingGlobalLimitExec: () => [AllTuples],
};

function requiredChildDistribution(p: SparkPlan): Distribution[] {
  return dispatchExec(REQUIRED, p);
}

const passThrough = (p: { child: SparkPlan }) => outputPartitioning(p.child);
const streamed = (p: { buildSide: "BuildLeft" | "BuildRight"; left: SparkPlan; right: SparkPlan }) =>
  outputPartitioning(p.buildSide === "BuildLeft" ? p.right : p.left);

const PARTITIONING: SparkPlanTable<Partitioning> = {
  LocalTableScanExec: (p) => (p.numSlices === 1 ? { kind: "SinglePartition" } : { kind: "UnknownPartitioning", numPartitions: p.numSlices }),
  RangeExec: (p) => (p.numSlices === 1 ? { kind: "SinglePartition" } : { kind: "UnknownPartitioning", numPartitions: p.numSlices }),
  FileSourceScanExec: () => ({ kind: "UnknownPartitioning", numPartitions: 0 }),
  InputAdapter: () => ({ kind: "UnknownPartitioning", numPartitions: 0 }),
  ProjectExec: passThrough,
  FilterExec: passThrough,
  HashAggregateExec: passThrough,
  SortExec: passThrough,
  LocalLimitExec: passThrough,
  GlobalLimitExec: passThrough,
  CollectLimitExec: () => ({ kind: "SinglePartition" }),
  TakeOrderedAndProjectExec: passThrough,
  UnionExec: (p) => ({ kind: "UnknownPartitioning", numPartitions: p.children.reduce((n, c) => n + numPartitionsOf(outputPartitioning(c)), 0) }),
  GenerateExec: passThrough,
  CoalesceExec: (p) => (p.numPartitions === 1 ? { kind: "SinglePartition" } : { kind: "UnknownPartitioning", numPartitions: p.numPartitions }),
  ShuffleExchangeExec: (p) => p.partitioning,
  BroadcastExchangeExec: passThrough,
  BroadcastHashJoinExec: streamed,
  ShuffledHashJoinExec: (p) => outputPartitioning(p.left),
  BroadcastNestedLoopJoinExec: streamed,
  EventTimeWatermarkExec: passThrough,
  StateStoreRestoreExec: passThrough,
  StateStoreSaveExec: passThrough,
  StreamingDeduplicateExec: passThrough,
  StreamingGlobalLimitExec: passThrough,
};

function outputPartitioning(p: SparkPlan): Partitioning {
  return dispatchExec(PARTITIONING, p);
}
