import type { TaskContext } from "../TaskContext.js";
import { hashKey, mapKey, nonNegativeMod } from "../../util/keys.js";
import { SpillFile, spillDir } from "./SpillFile.js";
import { Spillable } from "./Spillable.js";

const BUCKETS = 64;

/**
 * Combines [key, value] records by key within a task's memory share. When the map outgrows it, its combiners
 * are spilled into BUCKETS hash buckets; at the end each bucket is merged on its own, so the largest thing held
 * at once is one bucket's keys rather than all of them.
 */
export class ExternalAppendOnlyMap<K, V, C> {
  private map = new Map<unknown, [K, C]>();
  private readonly spills: SpillFile[] = [];
  private readonly spillable: Spillable;
  private elementsRead = 0;

  constructor(
    private readonly createCombiner: (v: V) => C,
    private readonly mergeValue: (c: C, v: V) => C,
    private readonly mergeCombiners: (a: C, b: C) => C,
    private readonly ctx: TaskContext,
  ) {
    this.spillable = new Spillable(ctx.env);
  }

  insertAll(records: Iterable<[K, V]>): void {
    for (const record of records) {
      // this.map, not a local copy: a spill replaces it with an empty map.
      const key = mapKey(record[0]);
      const entry = this.map.get(key);
      if (entry) entry[1] = this.mergeValue(entry[1], record[1]);
      else this.map.set(key, [record[0], this.createCombiner(record[1])]);
      // Records read, not keys, measure the map, as Spark's elementsRead: a combiner may keep every value (groupByKey).
      if (this.spillable.shouldSpill(++this.elementsRead, record)) this.spill();
    }
  }

  *iterator(): IterableIterator<[K, C]> {
    this.ctx.metrics.peakExecutionMemory = Math.max(this.ctx.metrics.peakExecutionMemory, this.spillable.estimatedBytes(this.elementsRead));
    if (this.spills.length === 0) {
      yield* this.map.values();
      return;
    }
    const inMemory = this.bucketed(this.map.values());
    this.map = new Map();
    try {
      for (let b = 0; b < BUCKETS; b++) {
        const merged = new Map<unknown, [K, C]>();
        const add = (entry: [K, C]): void => {
          const key = mapKey(entry[0]);
          const existing = merged.get(key);
          if (existing) existing[1] = this.mergeCombiners(existing[1], entry[1]);
          else merged.set(key, entry);
        };
        for (const file of this.spills) for (const entry of file.read<[K, C]>(b)) add(entry);
        for (const entry of inMemory[b]!) add(entry);
        inMemory[b] = [];
        yield* merged.values();
      }
    } finally {
      for (const file of this.spills) file.delete();
    }
  }

  private bucketed(entries: Iterable<[K, C]>): [K, C][][] {
    const buckets: [K, C][][] = Array.from({ length: BUCKETS }, () => []);
    for (const entry of entries) buckets[nonNegativeMod(hashKey(entry[0]), BUCKETS)]!.push(entry);
    return buckets;
  }

  private spill(): void {
    const file = new SpillFile(spillDir(this.ctx.env.localDir), this.bucketed(this.map.values()));
    this.spills.push(file);
    this.ctx.metrics.memoryBytesSpilled += this.spillable.estimatedBytes(this.elementsRead);
    this.ctx.metrics.diskBytesSpilled += file.bytes;
    this.map = new Map();
    this.elementsRead = 0;
    this.spillable.reset();
  }
}
