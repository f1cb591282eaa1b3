import type { DataSourceOptions } from "../../exec/datasource/DataSource.js";
import type { StructType } from "../../types/StructType.js";
import type { FileSource } from "./FileSourceProvider.js";
import { listInputFiles } from "./FileListing.js";

/**
 * The `source` of a file relation as spark.read records it. Its size (the files' bytes) lets the planner
 * choose a broadcast join as Spark does for small files.
 */
export function fileRelationSource(format: string, paths: readonly string[], options: DataSourceOptions, schema: StructType): FileSource {
  const sizeInBytes = listInputFiles(paths).reduce((sum, f) => sum + f.size, 0);
  return { format, paths: [...paths], options, schema: schema.jsonValue(), sizeInBytes };
}
