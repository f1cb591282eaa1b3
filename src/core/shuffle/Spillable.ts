import { serialize } from "node:v8";
import type { TaskEnv } from "../TaskEnv.js";

/**
 * Decides when an in-memory buffer of records must go to disk: past the task's share of execution memory
 * (estimated from a sample of records), or past spark.shuffle.spill.numElementsForceSpillThreshold.
 */
export class Spillable {
  private bytesPerRecord = 0;
  private nextSample = 64;

  constructor(private readonly env: TaskEnv) {}

  /** Called as each record is buffered; `recent` is sized only when the estimate is refreshed. */
  shouldSpill(count: number, recent: unknown): boolean {
    if (count >= this.env.spillRecordThreshold) return true;
    if (count >= this.nextSample) {
      // V8's heap holds a small record in roughly twice its serialized size.
      const size = 2 * serialize(recent).length;
      this.bytesPerRecord = this.bytesPerRecord === 0 ? size : (this.bytesPerRecord + size) / 2;
      this.nextSample = count * 2;
    }
    return count * this.bytesPerRecord > this.env.taskMemoryBytes;
  }

  estimatedBytes(count: number): number {
    return Math.round(count * this.bytesPerRecord);
  }

  /** After a spill the buffer starts empty; sampling starts again so a new record shape is noticed. */
  reset(): void {
    this.nextSample = 64;
  }
}
