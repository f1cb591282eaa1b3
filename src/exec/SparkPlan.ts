import type { Attribute } from "../expr/AttributeReference.js";
import type { Expression } from "../expr/Expression.js";
import type { AggregateExpression, ScalarFunction } from "../expr/FunctionCall.js";
import type { SortOrder } from "../expr/SortOrder.js";
import type { JoinType } from "../plan/logical/Join.js";
import type { DataSourceRelation } from "../plan/logical/Relations.js";
import type { Partitioning } from "./Partitioning.js";
import type { StreamingOperator } from "./streaming/StreamingOperators.js";

/**
 * Physical operators, with Spark's names: immutable plain data, like logical plans, so that a stage's operator
 * tree can be written as JSON and rebuilt on an executor. What an operator *does* lives in the runtime
 * (`runtime/`) and the code generator (`codegen/`); `kind` tables there must handle every operator.
 */
export type SparkPlan =
  | LocalTableScanExec
  | RangeExec
  | FileSourceScanExec
  | InputAdapter
  | ProjectExec
  | FilterExec
  | HashAggregateExec
  | SortExec
  | LocalLimitExec
  | GlobalLimitExec
  | CollectLimitExec
  | TakeOrderedAndProjectExec
  | UnionExec
  | CoalesceExec
  | GenerateExec
  | ShuffleExchangeExec
  | BroadcastExchangeExec
  | BroadcastHashJoinExec
  | ShuffledHashJoinExec
  | BroadcastNestedLoopJoinExec
  | StreamingOperator;

type SparkPlanKind = SparkPlan["kind"];
type SparkPlanOf<K extends SparkPlanKind> = Extract<SparkPlan, { kind: K }>;
/** One handler per operator kind: adding an operator breaks the build wherever it is not handled. */
export type SparkPlanTable<R> = { readonly [K in SparkPlanKind]: (p: SparkPlanOf<K>) => R };

export function dispatchExec<R>(table: SparkPlanTable<R>, p: SparkPlan): R {
  return (table[p.kind] as (p: SparkPlan) => R)(p);
}

/** Rows held in the plan; `numSlices` batches of them (`Scan OneRowRelation` is one empty row). */
export interface LocalTableScanExec {
  readonly kind: "LocalTableScanExec";
  readonly output: readonly Attribute[];
  readonly rows: readonly (readonly unknown[])[];
  readonly numSlices: number;
  readonly oneRowRelation: boolean;
}

export interface RangeExec {
  readonly kind: "RangeExec";
  readonly start: bigint;
  readonly end: bigint;
  readonly step: bigint;
  readonly numSlices: number;
  readonly output: readonly [Attribute];
}

export interface FileSourceScanExec {
  readonly kind: "FileSourceScanExec";
  readonly relation: DataSourceRelation;
  readonly output: readonly Attribute[];
}

/**
 * Where a stage's pipeline reads the output of another RDD (a shuffle, a scan's RDD): input `index` of the
 * stage's RDD. Only in plan fragments sent to executors, never in a planned tree.
 */
export interface InputAdapter {
  readonly kind: "InputAdapter";
  readonly index: number;
  readonly output: readonly Attribute[];
}

export interface ProjectExec {
  readonly kind: "ProjectExec";
  readonly projectList: readonly Expression[];
  readonly child: SparkPlan;
}

export interface FilterExec {
  readonly kind: "FilterExec";
  readonly condition: Expression;
  readonly child: SparkPlan;
}

/**
 * Spark's hash aggregation in two steps around an exchange: `Partial` folds each partition's rows into one
 * buffer per group (output: grouping attributes, then `bufferAttributes`), `Final` merges the buffers of each
 * group and computes `resultExpressions`, in which every aggregate stands as its `resultAttributes` entry.
 */
export interface HashAggregateExec {
  readonly kind: "HashAggregateExec";
  readonly mode: "Partial" | "Final";
  /** Named grouping expressions (Partial); their attributes (Final). */
  readonly groupingExpressions: readonly Expression[];
  readonly aggregateExpressions: readonly AggregateExpression[];
  /** One buffer column per aggregate, between the partial and the final step. */
  readonly bufferAttributes: readonly Attribute[];
  /** The value of each aggregate, as `resultExpressions` refers to it. */
  readonly resultAttributes: readonly Attribute[];
  readonly resultExpressions: readonly Expression[];
  readonly child: SparkPlan;
}

export interface SortExec {
  readonly kind: "SortExec";
  readonly sortOrder: readonly SortOrder[];
  readonly global: boolean;
  readonly child: SparkPlan;
}

export interface LocalLimitExec {
  readonly kind: "LocalLimitExec";
  readonly limit: number;
  readonly child: SparkPlan;
}

export interface GlobalLimitExec {
  readonly kind: "GlobalLimitExec";
  readonly limit: number;
  readonly child: SparkPlan;
}

/** A limit at the top of a plan: the driver takes the first `limit` rows (Spark's CollectLimitExec). */
export interface CollectLimitExec {
  readonly kind: "CollectLimitExec";
  readonly limit: number;
  readonly child: SparkPlan;
}

/**
 * `ORDER BY … LIMIT n` at the root: each partition keeps its first `limit` rows in order (Partial), then one
 * task merges those (Final) and projects them, instead of sorting every row across partitions.
 */
export interface TakeOrderedAndProjectExec {
  readonly kind: "TakeOrderedAndProjectExec";
  readonly mode: "Partial" | "Final";
  readonly limit: number;
  readonly sortOrder: readonly SortOrder[];
  /** What Final outputs; Partial outputs its child's rows. */
  readonly projectList: readonly Expression[];
  readonly child: SparkPlan;
}

export interface UnionExec {
  readonly kind: "UnionExec";
  readonly output: readonly Attribute[];
  readonly children: readonly SparkPlan[];
}

/** Fewer partitions without a shuffle: each output partition reads several input ones (`coalesce(n)`). */
export interface CoalesceExec {
  readonly kind: "CoalesceExec";
  readonly numPartitions: number;
  readonly child: SparkPlan;
}

export interface GenerateExec {
  readonly kind: "GenerateExec";
  readonly generator: ScalarFunction;
  readonly outer: boolean;
  readonly generatorOutput: readonly Attribute[];
  readonly child: SparkPlan;
}

export interface ShuffleExchangeExec {
  readonly kind: "ShuffleExchangeExec";
  readonly partitioning: Partitioning;
  readonly child: SparkPlan;
}

/** The whole of `child`, read by every task of the operator above it (Spark's BroadcastExchangeExec). */
export interface BroadcastExchangeExec {
  readonly kind: "BroadcastExchangeExec";
  readonly child: SparkPlan;
}

export type BuildSide = "BuildLeft" | "BuildRight";

interface HashJoin {
  readonly leftKeys: readonly Expression[];
  readonly rightKeys: readonly Expression[];
  readonly nullSafe: readonly boolean[];
  readonly joinType: JoinType;
  readonly buildSide: BuildSide;
  readonly condition: Expression | null;
  readonly left: SparkPlan;
  readonly right: SparkPlan;
}

export interface BroadcastHashJoinExec extends HashJoin {
  readonly kind: "BroadcastHashJoinExec";
}

export interface ShuffledHashJoinExec extends HashJoin {
  readonly kind: "ShuffledHashJoinExec";
}

/** A join without equality keys: every pair of rows is tested (the broadcast side is `buildSide`). */
export interface BroadcastNestedLoopJoinExec {
  readonly kind: "BroadcastNestedLoopJoinExec";
  readonly joinType: JoinType;
  readonly buildSide: BuildSide;
  readonly condition: Expression | null;
  /** The build side is a scalar subquery's result: more than one row is an error. */
  readonly singleRowBuild: boolean;
  readonly left: SparkPlan;
  readonly right: SparkPlan;
}

/** Freezes a node as the logical factories do: plans are shared between phases and must not change. */
export function exec<P extends SparkPlan>(node: P): P {
  return Object.freeze(node);
}
