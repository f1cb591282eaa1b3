/**
 * One slice of an RDD. Partitions are plain data: they travel to executors inside tasks, so a partition
 * carries what its task needs to compute it (a slice of parallelized data, a file range, parent partitions).
 */
export interface Partition {
  readonly index: number;
}
