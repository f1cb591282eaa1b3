import type { TaskContext } from "../TaskContext.js";
import { SpillFile, spillDir } from "./SpillFile.js";
import { Spillable } from "./Spillable.js";

/**
 * Sorts records within a task's memory share: sorted runs are spilled as the buffer fills, and the output
 * merges the runs and the last buffer, holding one chunk of each run at a time.
 */
export class ExternalSorter<T> {
  private buffer: T[] = [];
  private readonly runs: SpillFile[] = [];
  private readonly spillable: Spillable;

  constructor(private readonly compare: (a: T, b: T) => number, private readonly ctx: TaskContext) {
    this.spillable = new Spillable(ctx.env);
  }

  insertAll(records: Iterable<T>): void {
    for (const record of records) {
      this.buffer.push(record);
      if (this.spillable.shouldSpill(this.buffer.length, record)) this.spill();
    }
  }

  iterator(): IterableIterator<T> {
    this.ctx.metrics.peakExecutionMemory = Math.max(this.ctx.metrics.peakExecutionMemory, this.spillable.estimatedBytes(this.buffer.length));
    this.buffer.sort(this.compare);
    if (this.runs.length === 0) return this.buffer[Symbol.iterator]();
    const sources = [...this.runs.map((r) => r.read<T>(0)), this.buffer[Symbol.iterator]()];
    return this.merge(sources);
  }

  private *merge(sources: Iterator<T>[]): IterableIterator<T> {
    // A binary heap of the head of each run, ordered by `compare`; ties go to the earlier run, keeping the sort stable.
    const heap: { value: T; source: number }[] = [];
    const less = (a: { value: T; source: number }, b: { value: T; source: number }): boolean => {
      const c = this.compare(a.value, b.value);
      return c < 0 || (c === 0 && a.source < b.source);
    };
    const push = (item: { value: T; source: number }): void => {
      heap.push(item);
      let i = heap.length - 1;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!less(heap[i]!, heap[parent]!)) break;
        [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
        i = parent;
      }
    };
    const pop = (): { value: T; source: number } => {
      const top = heap[0]!;
      const lastItem = heap.pop()!;
      if (heap.length > 0) {
        heap[0] = lastItem;
        let i = 0;
        for (;;) {
          const l = 2 * i + 1;
          const r = l + 1;
          let m = i;
          if (l < heap.length && less(heap[l]!, heap[m]!)) m = l;
          if (r < heap.length && less(heap[r]!, heap[m]!)) m = r;
          if (m === i) break;
          [heap[i], heap[m]] = [heap[m]!, heap[i]!];
          i = m;
        }
      }
      return top;
    };
    try {
      sources.forEach((it, source) => {
        const next = it.next();
        if (!next.done) push({ value: next.value, source });
      });
      while (heap.length > 0) {
        const top = pop();
        yield top.value;
        const next = sources[top.source]!.next();
        if (!next.done) push({ value: next.value, source: top.source });
      }
    } finally {
      for (const run of this.runs) run.delete();
    }
  }

  private spill(): void {
    this.buffer.sort(this.compare);
    const run = new SpillFile(spillDir(this.ctx.env.localDir), [this.buffer]);
    this.runs.push(run);
    this.ctx.metrics.memoryBytesSpilled += this.spillable.estimatedBytes(this.buffer.length);
    this.ctx.metrics.diskBytesSpilled += run.bytes;
    this.buffer = [];
    this.spillable.reset();
  }
}
