import type { Expression } from "../../expr/Expression.js";
import type { SortOrder } from "../../expr/SortOrder.js";
import type { LogicalPlan } from "../../plan/logical/LogicalPlan.js";
import { planFromJson, planToJson } from "../../plan/logical/PlanJson.js";
import type { SparkPlan } from "../SparkPlan.js";

/**
 * What one RDD of a query computes on an executor, as plain data: a pipeline of physical operators whose
 * leaves are InputAdapters (the RDD's inputs, whose kinds the RDD carries), and what the pipeline's rows
 * become (batches, or records for an exchange's map side). It travels as JSON, the form plans already have, and is compiled once per
 * executor thread for each distinct text.
 */
export interface StageFragment {
  readonly plan: SparkPlan;
  readonly output: OutputKind;
  readonly timeZone: string;
  readonly codegen: boolean;
}

/**
 * How input i reaches the pipeline: batches from a narrow parent, `[partitionId, batch]` records from a
 * shuffle read, `[start, end, step]` slices of a Range, or every record of a one-partition shuffle read by
 * every task (a broadcast, or a range partitioner's samples).
 */
export type InputKind = "batches" | "shuffled" | "range" | "broadcast";

/** What the pipeline's batches become: themselves, or `[partitionId, batch]` records for a shuffle's map side. */
export type OutputKind =
  | { readonly kind: "batches" }
  | { readonly kind: "hash"; readonly expressions: readonly Expression[]; readonly numPartitions: number }
  | { readonly kind: "roundRobin"; readonly numPartitions: number }
  | { readonly kind: "single" }
  /** A sample of the sort keys of each partition, weighted by how many rows each sampled row stands for. */
  | { readonly kind: "sample"; readonly ordering: readonly SortOrder[]; readonly sampleSize: number }
  /** Range partitioning, with bounds chosen from the samples that broadcast input `samples` holds. */
  | { readonly kind: "range"; readonly ordering: readonly SortOrder[]; readonly numPartitions: number; readonly samples: number };

// Physical plans are plain data of the same shapes as logical ones, so the plan layer's JSON form carries them.
export function fragmentToJson(f: StageFragment): string {
  return planToJson(f as unknown as LogicalPlan);
}

export function fragmentFromJson(json: string): StageFragment {
  return planFromJson(json) as unknown as StageFragment;
}
