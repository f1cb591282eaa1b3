import type { SparkContext } from "../../core/SparkContext.js";
import type { RDD } from "../../core/rdd/RDD.js";
import type { DataSourceRelation } from "../../plan/logical/Relations.js";
import type { StructType } from "../../types/StructType.js";
import type { ColumnarBatch } from "../vector/ColumnarBatch.js";
import { AnalysisException } from "../../expr/AnalysisException.js";

/** Reader options as PySpark takes them: strings, numbers or booleans, keys case-insensitive as in Spark. */
export type DataSourceOptions = Readonly<Record<string, string>>;

/**
 * A batch data source (a file format, later Kafka): connectors/ implement it and register it by format name;
 * the SQL engine asks it for a schema when a DataFrame is read and for an RDD of batches when a query runs.
 */
export interface DataSourceProvider {
  readonly format: string;
  /** The relation's schema: the user's, or inferred from the data. Fails (before any job) on a missing path. */
  resolveSchema(paths: readonly string[], options: DataSourceOptions, userSchema: StructType | undefined): Promise<StructType> | StructType;
  /**
   * The rows of `relation` as batches holding exactly `relation.output`'s columns, in order. `pushedFilters`
   * may be used to skip data; the plan filters again above the scan.
   */
  scan(sc: SparkContext, relation: DataSourceRelation): RDD<ColumnarBatch>;
}

const providers = new Map<string, DataSourceProvider>();

export function registerDataSource(provider: DataSourceProvider): void {
  providers.set(provider.format.toLowerCase(), provider);
}

export function dataSourceFor(format: string): DataSourceProvider {
  const provider = providers.get(format.toLowerCase());
  if (!provider) {
    const known = [...providers.keys()].sort().join(", ") || "none";
    throw new AnalysisException("DATA_SOURCE_NOT_FOUND", `Failed to find the data source: ${format}. Known formats: ${known}.`);
  }
  return provider;
}
