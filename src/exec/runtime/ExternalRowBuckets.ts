import { SpillFile, spillDir } from "../../core/shuffle/SpillFile.js";
import { Spillable } from "../../core/shuffle/Spillable.js";
import type { TaskContext } from "../../core/TaskContext.js";
import type { DataType } from "../../types/DataType.js";
import { hashKey } from "../../util/keys.js";
import type { Row } from "../vector/ColumnarBatch.js";
import { reviveRow } from "../vector/ReviveValues.js";

/** log2 of the number of buckets a spilled side is split into: each holds about 1/64 of it. */
const BUCKET_BITS = 6;
export const BUCKETS = 1 << BUCKET_BITS;

/**
 * The rows of one side of a shuffled hash join, held in memory while they fit the task's memory share. Past it
 * they are split by join key into BUCKETS buckets in spill files, so that a join can take one bucket of each
 * side at a time (a grace hash join): rows of equal keys share a bucket. Rows whose key matches nothing (null)
 * go to bucket 0, which keeps them for outer and anti joins.
 */
export class ExternalRowBuckets {
  private rows: Row[] = [];
  private readonly spills: SpillFile[] = [];
  private readonly spillable: Spillable;

  constructor(
    private readonly key: (row: Row) => unknown,
    private readonly types: readonly DataType[],
    private readonly task: TaskContext,
  ) {
    this.spillable = new Spillable(task.env);
  }

  insertAll(rows: Iterable<Row>): void {
    for (const row of rows) {
      this.rows.push(row);
      if (this.spillable.shouldSpill(this.rows.length, row)) this.spill();
    }
  }

  get spilled(): boolean {
    return this.spills.length > 0;
  }

  /** All rows, when none had to be spilled. */
  get inMemory(): readonly Row[] {
    if (this.spilled) throw new Error("ExternalRowBuckets.inMemory: rows were spilled; read them bucket by bucket after spillRest()");
    this.notePeak();
    return this.rows;
  }

  /** The rows still in memory go to disk too, so that what comes next (the other side, a bucket) has the memory. */
  spillRest(): void {
    if (this.rows.length > 0) this.spill();
  }

  /** One bucket's rows (all on disk after spillRest), read back from every spill file, values restored by column type. */
  *bucket(b: number): IterableIterator<Row> {
    for (const file of this.spills) for (const row of file.read<Row>(b)) yield reviveRow(row, this.types);
  }

  delete(): void {
    for (const file of this.spills) file.delete();
  }

  /**
   * The bucket of a row: the top bits of a multiplicative hash of its key. The shuffle already chose this task's
   * rows by a hash of the same key modulo the partition count; the top bits stay spread among them.
   */
  private bucketOf(row: Row): number {
    const k = this.key(row);
    return k === null ? 0 : Math.imul(hashKey(k), 0x9e3779b1) >>> (32 - BUCKET_BITS);
  }

  /** The rows held now, in Spark's peakExecutionMemory of the task. */
  private notePeak(): void {
    const metrics = this.task.metrics;
    metrics.peakExecutionMemory = Math.max(metrics.peakExecutionMemory, this.spillable.estimatedBytes(this.rows.length));
  }

  private spill(): void {
    this.notePeak();
    const buckets: Row[][] = Array.from({ length: BUCKETS }, () => []);
    for (const row of this.rows) buckets[this.bucketOf(row)]!.push(row);
    const file = new SpillFile(spillDir(this.task.env.localDir), buckets);
    this.spills.push(file);
    this.task.metrics.memoryBytesSpilled += this.spillable.estimatedBytes(this.rows.length);
    this.task.metrics.diskBytesSpilled += file.bytes;
    this.rows = [];
    this.spillable.reset();
  }
}
