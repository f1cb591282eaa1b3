import type { Expression } from "../expr/Expression.js";
import { explainString } from "../expr/ExpressionString.js";
import type { SortOrder } from "../expr/SortOrder.js";

/** How an operator's output rows are spread over partitions (Spark's physical Partitioning). */
export type Partitioning =
  | { readonly kind: "HashPartitioning"; readonly expressions: readonly Expression[]; readonly numPartitions: number }
  | { readonly kind: "RangePartitioning"; readonly ordering: readonly SortOrder[]; readonly numPartitions: number }
  | { readonly kind: "RoundRobinPartitioning"; readonly numPartitions: number }
  | { readonly kind: "SinglePartition" }
  | { readonly kind: "UnknownPartitioning"; readonly numPartitions: number };

/** What an operator needs of its child's partitioning (Spark's Distribution). */
export type Distribution =
  | { readonly kind: "UnspecifiedDistribution" }
  | { readonly kind: "AllTuples" }
  /**
   * Rows with equal `clustering` values in the same partition, hashed exactly on these (join sides must agree);
   * into exactly `requiredNumPartitions` when given (a stateful operator's state has that many partitions).
   */
  | { readonly kind: "ClusteredDistribution"; readonly clustering: readonly Expression[]; readonly requiredNumPartitions?: number }
  | { readonly kind: "OrderedDistribution"; readonly ordering: readonly SortOrder[] }
  | { readonly kind: "BroadcastDistribution" };

export const UnspecifiedDistribution: Distribution = Object.freeze({ kind: "UnspecifiedDistribution" });
export const AllTuples: Distribution = Object.freeze({ kind: "AllTuples" });
export const BroadcastDistribution: Distribution = Object.freeze({ kind: "BroadcastDistribution" });

export function numPartitionsOf(p: Partitioning): number {
  return p.kind === "SinglePartition" ? 1 : p.numPartitions;
}

const sameExpressions = (a: readonly Expression[], b: readonly Expression[]) =>
  a.length === b.length && a.every((e, i) => explainString(e) === explainString(b[i]!));

/** Whether rows partitioned as `p` already meet `d`, so no exchange is needed (Spark's `satisfies`). */
export function satisfies(p: Partitioning, d: Distribution): boolean {
  if (d.kind === "UnspecifiedDistribution") return true;
  if (d.kind === "BroadcastDistribution") return false;
  if (numPartitionsOf(p) === 1 && d.kind !== "ClusteredDistribution") return true;
  switch (d.kind) {
    case "AllTuples":
      return false;
    case "ClusteredDistribution":
      return p.kind === "HashPartitioning" && sameExpressions(p.expressions, d.clustering) && (d.requiredNumPartitions ?? p.numPartitions) === p.numPartitions;
    case "OrderedDistribution":
      return p.kind === "RangePartitioning" && sameExpressions(p.ordering, d.ordering);
  }
}

/** Spark's text for a partitioning in `Exchange` lines: `hashpartitioning(a#1, 200)`. */
export function describePartitioning(p: Partitioning): string {
  switch (p.kind) {
    case "HashPartitioning":
      return `hashpartitioning(${p.expressions.map(explainString).join(", ")}, ${p.numPartitions})`;
    case "RangePartitioning":
      return `rangepartitioning(${p.ordering.map(explainString).join(", ")}, ${p.numPartitions})`;
    case "RoundRobinPartitioning":
      return `RoundRobinPartitioning(${p.numPartitions})`;
    case "SinglePartition":
      return "SinglePartition";
    case "UnknownPartitioning":
      return `UnknownPartitioning(${p.numPartitions})`;
  }
}
