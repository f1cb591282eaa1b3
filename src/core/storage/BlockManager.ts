import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import type { StorageLevel } from "./StorageLevel.js";
import { writeFileAtomic } from "../../util/atomicWrite.js";

/**
 * An executor's store of cached blocks: in memory while they fit in its storage share, least recently used
 * blocks moved to disk (when their level allows) or dropped to make room, as Spark's MemoryStore and DiskStore.
 * Every block stored or dropped is reported, so the driver knows where cached partitions live.
 */
export class BlockManager {
  /** Insertion order is recency order: a read moves a block to the end. */
  private readonly memory = new Map<string, { bytes: Buffer; level: StorageLevel }>();
  private readonly onDisk = new Set<string>();
  private memoryUsed = 0;

  constructor(
    private readonly dir: string,
    private readonly maxMemory: number,
    private readonly report: (blockId: string, stored: boolean) => void,
  ) {
    mkdirSync(dir, { recursive: true });
  }

  get memoryUsedBytes(): number {
    return this.memoryUsed;
  }

  get diskUsedBytes(): number {
    return [...this.onDisk].reduce((s, id) => s + (existsSync(this.path(id)) ? statSync(this.path(id)).size : 0), 0);
  }

  get(blockId: string): Buffer | undefined {
    const entry = this.memory.get(blockId);
    if (entry) {
      this.memory.delete(blockId);
      this.memory.set(blockId, entry);
      return entry.bytes;
    }
    return this.onDisk.has(blockId) ? readFileSync(this.path(blockId)) : undefined;
  }

  put(blockId: string, bytes: Buffer, level: StorageLevel): void {
    if (this.memory.has(blockId) || this.onDisk.has(blockId)) return;
    if (level.useMemory && this.makeRoom(bytes.length, blockId)) {
      this.memory.set(blockId, { bytes, level });
      this.memoryUsed += bytes.length;
    } else if (level.useDisk) {
      this.writeToDisk(blockId, bytes);
    } else {
      return; // MEMORY_ONLY and too big for memory: not cached, recomputed when needed, as in Spark
    }
    this.report(blockId, true);
  }

  remove(blockId: string): void {
    const entry = this.memory.get(blockId);
    if (entry) {
      this.memory.delete(blockId);
      this.memoryUsed -= entry.bytes.length;
    }
    if (this.onDisk.delete(blockId)) rmSync(this.path(blockId), { force: true });
    if (entry) this.report(blockId, false);
  }

  removeRdd(rddId: number): void {
    const prefix = `rdd_${rddId}_`;
    for (const id of [...this.memory.keys(), ...this.onDisk]) if (id.startsWith(prefix)) this.remove(id);
  }

  clear(): void {
    this.memory.clear();
    this.memoryUsed = 0;
    for (const name of existsSync(this.dir) ? readdirSync(this.dir) : []) rmSync(join(this.dir, name), { force: true });
    this.onDisk.clear();
  }

  /** Evicts least recently used blocks until `size` fits; false when it never could. */
  private makeRoom(size: number, forBlock: string): boolean {
    if (size > this.maxMemory) return false;
    for (const [id, entry] of this.memory) {
      if (this.memoryUsed + size <= this.maxMemory) break;
      if (id.split("_")[1] === forBlock.split("_")[1]) continue; // never evict a block of the RDD being cached
      this.memory.delete(id);
      this.memoryUsed -= entry.bytes.length;
      if (entry.level.useDisk) this.writeToDisk(id, entry.bytes);
      else this.report(id, false);
    }
    return this.memoryUsed + size <= this.maxMemory;
  }

  private writeToDisk(blockId: string, bytes: Buffer): void {
    writeFileAtomic(this.path(blockId), bytes);
    this.onDisk.add(blockId);
  }

  private path(blockId: string): string {
    return join(this.dir, blockId);
  }
}
