import type { Partition } from "../../core/rdd/Partition.js";
import type { SparkConf } from "../../core/SparkConf.js";
import { bytesConf, intConf } from "../../core/ConfigEntry.js";
import type { FileFormat, FileSplit } from "./FileFormat.js";
import type { InputFile } from "./FileListing.js";
import type { FileOptions } from "./FileOptions.js";

export const FILES_MAX_PARTITION_BYTES = bytesConf("spark.sql.files.maxPartitionBytes", "128m",
  "The most bytes of files to pack into one partition of a file scan.");
export const FILES_OPEN_COST_IN_BYTES = bytesConf("spark.sql.files.openCostInBytes", "4m",
  "What opening a file costs, counted in bytes, when packing files into the partitions of a scan.");
export const FILES_MIN_PARTITION_NUM = intConf("spark.sql.files.minPartitionNum", undefined,
  "The suggested least number of partitions of a file scan; the default parallelism by default.", 1);

/** A piece of one input file, with the directory values of its partition columns. */
export interface PartitionedFile extends FileSplit {
  readonly partitionValues: InputFile["partitionValues"];
  readonly size: number;
}

/** One task of a file scan: a few small files, or one piece of a large one. */
export interface FilePartition extends Partition {
  readonly files: readonly PartitionedFile[];
}

/**
 * Spark's FilePartition.getFilePartitions: splitable files are cut into pieces of at most maxSplitBytes (the
 * smaller of maxPartitionBytes and the input's share per core, but not under the open cost); pieces, largest
 * first, are packed into partitions of up to maxSplitBytes, each file counting its open cost too.
 */
export function planFilePartitions(files: readonly InputFile[], format: FileFormat, options: FileOptions, conf: SparkConf, defaultParallelism: number): FilePartition[] {
  const maxPartitionBytes = conf.getEntry(FILES_MAX_PARTITION_BYTES);
  const openCost = conf.getEntry(FILES_OPEN_COST_IN_BYTES);
  const minPartitions = conf.getEntry(FILES_MIN_PARTITION_NUM, defaultParallelism);
  const totalBytes = files.reduce((sum, f) => sum + f.size + openCost, 0);
  const maxSplitBytes = Math.min(maxPartitionBytes, Math.max(openCost, totalBytes / minPartitions));
  const splitable = format.isSplitable(options);
  const pieces: PartitionedFile[] = files.flatMap((f) => {
    if (!splitable || f.path.endsWith(".gz") || f.size <= maxSplitBytes) return [{ ...f, start: 0, length: f.size }];
    const out: PartitionedFile[] = [];
    for (let start = 0; start < f.size; start += maxSplitBytes) out.push({ ...f, start, length: Math.min(maxSplitBytes, f.size - start) });
    return out;
  }).sort((a, b) => b.length - a.length);
  const partitions: FilePartition[] = [];
  let current: PartitionedFile[] = [];
  let currentSize = 0;
  for (const piece of pieces) {
    if (current.length > 0 && currentSize + piece.length > maxSplitBytes) {
      partitions.push({ index: partitions.length, files: current });
      current = [];
      currentSize = 0;
    }
    current.push(piece);
    currentSize += piece.length + openCost;
  }
  if (current.length > 0) partitions.push({ index: partitions.length, files: current });
  return partitions;
}
