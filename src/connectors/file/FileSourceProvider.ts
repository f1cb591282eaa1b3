import type { SparkContext } from "../../core/SparkContext.js";
import type { RDD } from "../../core/rdd/RDD.js";
import type { DataSourceOptions, DataSourceProvider } from "../../exec/datasource/DataSource.js";
import type { ColumnarBatch } from "../../exec/vector/ColumnarBatch.js";
import type { DataSourceRelation } from "../../plan/logical/Relations.js";
import { StructType } from "../../types/StructType.js";
import { dataTypeFromJson } from "../../types/DataTypeJson.js";
import { AnalysisException } from "../../expr/AnalysisException.js";
import type { FileFormat } from "./FileFormat.js";
import { inferPartitionSchema, listInputFiles } from "./FileListing.js";
import { FileOptions } from "./FileOptions.js";
import { FileScanRDD } from "./FileScanRDD.js";
import { planFilePartitions } from "./FilePartition.js";
import { prunePartitions } from "./PartitionPruning.js";
import { toStatsFilter } from "./StatsFilter.js";

/** Rows per columnar batch that a scan produces. */
const BATCH_SIZE = 4096;

/**
 * What a file relation keeps in its `source`: plain data, so the plan can be printed, compared and shipped.
 * `schema` is the relation's full schema (data columns, then partition columns) as StructType JSON.
 */
export type FileSource = {
  readonly format: string;
  readonly paths: readonly string[];
  readonly options: DataSourceOptions;
  readonly schema: unknown;
  readonly sizeInBytes: number;
};

/**
 * The `source` of a file relation as spark.read records it. Its size (the files' bytes) lets the planner
 * choose a broadcast join as Spark does for small files.
 */
export function fileRelationSource(format: string, paths: readonly string[], options: DataSourceOptions, schema: StructType): FileSource {
  const sizeInBytes = listInputFiles(paths).reduce((sum, f) => sum + f.size, 0);
  return { format, paths: [...paths], options, schema: schema.jsonValue(), sizeInBytes };
}

/** The time zone for reading and writing timestamps: the reader's `timeZone` option, else the machine's. */
export function sourceTimeZone(options: FileOptions): string {
  return options.get("timeZone") ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/**
 * A file format as a data source (Spark's HadoopFsRelation): lists and checks the input on the driver,
 * discovers partition directories, infers or takes the schema, and scans the files that pushed filters on
 * partition columns leave, packed into tasks as Spark's FilePartition.
 */
export class FileSourceProvider implements DataSourceProvider {
  readonly format: string;

  constructor(private readonly fileFormat: FileFormat) {
    this.format = fileFormat.name;
  }

  /**
   * The user's schema, or the data's; partition columns the user's schema does not name are appended, as
   * Spark does. A path that does not exist fails here, before any job.
   */
  resolveSchema(paths: readonly string[], options: DataSourceOptions, userSchema: StructType | undefined): StructType {
    const opts = new FileOptions(this.format, options);
    this.fileFormat.checkOptions(opts);
    const files = listInputFiles(paths);
    const partitionSchema = inferPartitionSchema(files);
    if (userSchema !== undefined) {
      this.fileFormat.checkReadSchema(userSchema, opts);
      const named = new Set(userSchema.fieldNames());
      return new StructType([...userSchema.fields, ...partitionSchema.fields.filter((f) => !named.has(f.name))]);
    }
    if (files.length === 0 && this.format !== "text") {
      throw new AnalysisException("UNABLE_TO_INFER_SCHEMA", `Unable to infer schema for ${this.format === "json" ? "JSON" : this.format === "csv" ? "CSV" : "Parquet"}. It must be specified manually.`);
    }
    const dataSchema = this.fileFormat.inferSchema(files, { options: opts, zone: sourceTimeZone(opts) });
    const partitionNames = new Set(partitionSchema.fieldNames());
    return new StructType([...dataSchema.fields.filter((f) => !partitionNames.has(f.name)), ...partitionSchema.fields]);
  }

  scan(sc: SparkContext, relation: DataSourceRelation): RDD<ColumnarBatch> {
    const source = relation.source as unknown as FileSource;
    const schema = dataTypeFromJson(source.schema) as StructType;
    const allFiles = listInputFiles(source.paths);
    const partitionNames = new Set(inferPartitionSchema(allFiles).fieldNames());
    const dataSchema = new StructType(schema.fields.filter((f) => !partitionNames.has(f.name)));
    const partitionSchema = new StructType(schema.fields.filter((f) => partitionNames.has(f.name)));
    const opts = new FileOptions(this.format, source.options);
    const files = prunePartitions(allFiles, relation.pushedFilters, relation.output, partitionSchema, sourceTimeZone(opts));
    const all = [...dataSchema.fieldNames(), ...partitionSchema.fieldNames()];
    const outputColumns = relation.output.map((a) => {
      const i = all.indexOf(a.name);
      if (i < 0) throw new AnalysisException("UNRESOLVED_COLUMN", `The ${this.format} relation at ${source.paths.join(", ")} has no column \`${a.name}\`; it has [${all.join(", ")}].`);
      return i;
    });
    const partitions = planFilePartitions(files, this.fileFormat, opts, sc.conf, sc.defaultParallelism);
    return new FileScanRDD(sc, {
      format: this.format,
      options: source.options,
      zone: sourceTimeZone(opts),
      dataSchema: dataSchema.jsonValue(),
      partitionSchema: partitionSchema.jsonValue(),
      outputColumns,
      batchSize: BATCH_SIZE,
      statsFilters: relation.pushedFilters.flatMap((f) => toStatsFilter(f, relation.output.filter((a) => !partitionNames.has(a.name))) ?? []),
    }, partitions).setName(`${this.format} ${source.paths.join(",")}`);
  }
}
