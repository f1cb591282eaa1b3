import type { Attribute } from "../../expr/AttributeReference.js";
import type { Expression } from "../../expr/Expression.js";
import { bindReferences, evaluator } from "../../expr/Evaluator.js";
import { referencesOf } from "../../plan/logical/PlanOutput.js";
import type { StructType } from "../../types/StructType.js";
import type { InputFile } from "./FileListing.js";
import { partitionRow } from "./FileListing.js";

/**
 * Spark's partition pruning: of the filters pushed into a file scan, those on partition columns alone decide
 * for each directory whether its files are read at all. A file stays when every such filter is true for its
 * partition values (null or false drops it, as a Filter would drop every row). The plan filters again above.
 */
export function prunePartitions(files: readonly InputFile[], pushedFilters: readonly Expression[], output: readonly Attribute[],
  partitionSchema: StructType, zone: string): InputFile[] {
  const partitionAttrs = output.filter((a) => partitionSchema.fieldNames().includes(a.name));
  const ids = new Set(partitionAttrs.map((a) => a.exprId));
  const filters = pushedFilters
    .filter((f) => referencesOf(f).every((a) => ids.has(a.exprId)))
    .map((f) => evaluator(bindReferences(f, partitionAttrs)));
  if (filters.length === 0) return [...files];
  const positions = partitionAttrs.map((a) => partitionSchema.fieldNames().indexOf(a.name));
  const ctx = { timeZone: zone };
  return files.filter((file) => {
    const values = partitionRow(file, partitionSchema, zone);
    const row = positions.map((p) => values[p]);
    return filters.every((f) => f(row, ctx) === true);
  });
}
