import type { RDD } from "../core/rdd/RDD.js";
import { AnalysisException } from "../expr/AnalysisException.js";
import type { Attribute } from "../expr/AttributeReference.js";
import { DataSourceRelation } from "../plan/logical/Relations.js";
import { registerDataSource } from "./datasource/DataSource.js";
import { narrowColumns } from "./NarrowColumns.js";
import type { ColumnarBatch } from "./vector/ColumnarBatch.js";

/** The data source name of a relation over an RDD that is already planned (Spark's LogicalRDD). */
const EXISTING_RDD = "ExistingRDD";

const rdds = new Map<number, { readonly rdd: RDD<ColumnarBatch>; readonly output: readonly Attribute[] }>();
let nextId = 0;

/**
 * A leaf over `rdd`, whose batches hold `output`'s columns (Spark's LogicalRDD): queries over it run the RDD
 * as it is rather than planning again what made it. foreachBatch gives a micro-batch this way, so that the
 * user's queries over it do not run the stateful operators twice. Valid until `release()`.
 */
export function logicalRDD(output: readonly Attribute[], rdd: RDD<ColumnarBatch>): { plan: DataSourceRelation; release(): void } {
  const id = nextId++;
  rdds.set(id, { rdd, output });
  return { plan: DataSourceRelation(output, { format: EXISTING_RDD, rddId: id }), release: () => rdds.delete(id) };
}

registerDataSource({
  format: EXISTING_RDD,
  resolveSchema: () => {
    throw new AnalysisException("INTERNAL_ERROR", `${EXISTING_RDD} is not a format to read.`);
  },
  scan: (_sc, relation) => {
    const entry = rdds.get(relation.source["rddId"] as number);
    if (!entry) throw new AnalysisException("INTERNAL_ERROR", "This DataFrame was a micro-batch of a streaming query and is no longer valid: use it only inside its foreachBatch function (persist or collect what you need there).");
    return narrowColumns(entry.rdd, entry.output, relation.output);
  },
});
