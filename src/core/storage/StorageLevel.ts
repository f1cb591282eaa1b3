/**
 * Where a cached RDD's partitions are kept. Executor task slots are worker threads that share no heap, so a
 * cached block is always held serialized; `deserialized` is kept for Spark's names and printing.
 */
export class StorageLevel {
  private constructor(
    readonly useDisk: boolean,
    readonly useMemory: boolean,
    readonly deserialized: boolean,
    readonly replication: number,
    readonly name: string,
  ) {}

  static readonly NONE = new StorageLevel(false, false, false, 1, "NONE");
  static readonly DISK_ONLY = new StorageLevel(true, false, false, 1, "DISK_ONLY");
  static readonly MEMORY_ONLY = new StorageLevel(false, true, true, 1, "MEMORY_ONLY");
  static readonly MEMORY_ONLY_SER = new StorageLevel(false, true, false, 1, "MEMORY_ONLY_SER");
  static readonly MEMORY_AND_DISK = new StorageLevel(true, true, true, 1, "MEMORY_AND_DISK");
  static readonly MEMORY_AND_DISK_SER = new StorageLevel(true, true, false, 1, "MEMORY_AND_DISK_SER");

  static fromName(name: string): StorageLevel {
    const level = LEVELS.find((l) => l.name === name);
    if (!level) throw new Error(`Unknown storage level '${name}'; use one of ${LEVELS.map((l) => l.name).join(", ")}`);
    return level;
  }

  get isValid(): boolean {
    return this.useDisk || this.useMemory;
  }

  toString(): string {
    return this.name;
  }
}

const LEVELS = [
  StorageLevel.NONE, StorageLevel.DISK_ONLY, StorageLevel.MEMORY_ONLY, StorageLevel.MEMORY_ONLY_SER,
  StorageLevel.MEMORY_AND_DISK, StorageLevel.MEMORY_AND_DISK_SER,
];
