import type { RDD } from "../core/rdd/RDD.js";
import type { Attribute } from "../expr/AttributeReference.js";
import type { ColumnarBatch } from "./vector/ColumnarBatch.js";

/** Batches of `rdd` (columns `from`) narrowed to `to`, a subset of them in any order, as a pruned scan must give. */
export function narrowColumns(rdd: RDD<ColumnarBatch>, from: readonly Attribute[], to: readonly Attribute[]): RDD<ColumnarBatch> {
  const columns = to.map((a) => from.findIndex((c) => c.exprId === a.exprId));
  if (columns.every((c, i) => c === i) && columns.length === from.length) return rdd;
  return rdd.map((b: ColumnarBatch) => ({ numRows: b.numRows, columns: columns.map((c) => b.columns[c]!) }), { columns });
}
