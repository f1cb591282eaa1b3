import { join } from "node:path";
import { serialize } from "node:v8";
import { IllegalStateException } from "../../util/SparkException.js";
import { mapKey } from "../../util/keys.js";
import type { DataType } from "../../types/DataType.js";
import { reviveRow } from "../vector/ReviveValues.js";
import { cachedVersion, cachedVersions, cacheVersion, type StateMap } from "./LoadedStateCache.js";
import type { StateStoreConf } from "./StateStoreConf.js";
import {
  deltaPath,
  fileStamp,
  filesForVersion,
  listStoreFiles,
  readStoreFile,
  removeOldFiles,
  snapshotPath,
  writeStoreFile,
  type StateChange,
  type StateEntry,
} from "./StateStoreFiles.js";

/** Which store: one per stateful operator and shuffle partition of a query. */
export interface StateStoreId {
  /** `<checkpointLocation>/state`. */
  readonly checkpointLocation: string;
  readonly operatorId: number;
  readonly partitionId: number;
}

export function storeDirectory(id: StateStoreId): string {
  return join(id.checkpointLocation, String(id.operatorId), String(id.partitionId));
}

const EMPTY: StateMap = new Map();

/** A key's canonical form: equal keys made by different tasks, or read back from a file, are one entry. */
function canonicalKey(key: readonly unknown[]): unknown {
  return key.length === 1 ? mapKey(key[0]) : mapKey(key);
}

/**
 * A versioned key-value store of one operator's partition (Spark's HDFSBackedStateStore): a task loads
 * version V, reads and changes it, and `commit` writes the changes as version V + 1 (`V+1.delta`, and a full
 * snapshot now and then). Loading V takes the version from this thread's cache when a task here wrote or
 * read it, and otherwise rebuilds it from the latest snapshot at or before V and the deltas after it.
 * Keys are arrays of column values; values are what the operator stores. Values read back from a file have
 * been through V8 serialization, so operators revive class instances (decimals) in them; keys the store
 * revives itself.
 */
export class StateStore {
  /** The changes since the loaded version, by canonical key: what `commit` writes. */
  private readonly changes = new Map<unknown, StateChange>();
  /** The new version's entries: a copy of the loaded version made on the first change. */
  private changed: Map<unknown, StateEntry> | null = null;
  private committed = false;

  private constructor(
    readonly directory: string,
    readonly version: number,
    private readonly keyTypes: readonly DataType[],
    private readonly loaded: StateMap,
    private readonly conf: StateStoreConf,
    /** Whether the loaded version came from this thread's cache (Spark's loadedMapCacheHitCount). */
    readonly cacheHit: boolean,
  ) {}

  /**
   * Version `version` of a store; version 0 is empty. A version that files cannot rebuild is an error naming
   * the file. `keyTypes`: the key columns' types, by which keys that crossed a shuffle or a file are revived,
   * so that a decimal key is one key however it arrived.
   */
  static load(id: StateStoreId, version: number, conf: StateStoreConf, keyTypes: readonly DataType[]): StateStore {
    const dir = storeDirectory(id);
    if (version === 0) return new StateStore(dir, 0, keyTypes, EMPTY, conf, false);
    const useCache = conf.maxVersionsToRetainInMemory > 0;
    const cached = useCache ? cachedVersion(dir, version, fileStamp(deltaPath(dir, version))) : undefined;
    if (cached) return new StateStore(dir, version, keyTypes, cached, conf, true);
    const map = rebuild(dir, version, useCache, (key) => reviveRow(key, keyTypes));
    cacheVersion(dir, version, map, fileStamp(deltaPath(dir, version)), conf.maxVersionsToRetainInMemory);
    return new StateStore(dir, version, keyTypes, map, conf, false);
  }

  private get entriesNow(): StateMap {
    return this.changed ?? this.loaded;
  }

  get(key: readonly unknown[]): unknown | undefined {
    return this.entriesNow.get(this.canonical(key))?.[1];
  }

  has(key: readonly unknown[]): boolean {
    return this.entriesNow.has(this.canonical(key));
  }

  put(key: readonly unknown[], value: unknown): void {
    const revived = reviveRow(key, this.keyTypes);
    const k = canonicalKey(revived);
    const entry: StateEntry = [revived, value];
    this.writable(k).set(k, entry);
    this.changes.set(k, entry);
  }

  remove(key: readonly unknown[]): void {
    const revived = reviveRow(key, this.keyTypes);
    const k = canonicalKey(revived);
    if (!this.entriesNow.has(k)) return;
    this.writable(k).delete(k);
    this.changes.set(k, [revived]);
  }

  private canonical(key: readonly unknown[]): unknown {
    return canonicalKey(reviveRow(key, this.keyTypes));
  }

  /** Every entry; removing entries while iterating is allowed. */
  entries(): IterableIterator<StateEntry> {
    return this.entriesNow.values();
  }

  get numKeys(): number {
    return this.entriesNow.size;
  }

  /** Writes the changes as version `version + 1`, and snapshots and cleans up the store's files as due. */
  commit(): void {
    if (this.committed) throw new IllegalStateException(`Version ${this.version + 1} of state store ${this.directory} was already committed`);
    this.committed = true;
    const next = this.version + 1;
    const dir = this.directory;
    writeStoreFile(deltaPath(dir, next), dir, [...this.changes.values()]);
    const map = this.entriesNow;
    cacheVersion(dir, next, map, fileStamp(deltaPath(dir, next)), this.conf.maxVersionsToRetainInMemory);
    const files = listStoreFiles(dir);
    // Spark's doSnapshot: once loading the new version would replay more deltas than allowed, write it whole.
    if (filesForVersion(files, next).filter((f) => !f.snapshot).length > this.conf.minDeltasForSnapshot) {
      writeStoreFile(snapshotPath(dir, next), dir, [...map.values()]);
      files.push({ version: next, snapshot: true, path: snapshotPath(dir, next) });
    }
    removeOldFiles(files, next, this.conf.minVersionsToRetain);
  }

  /** The heap the entries take, estimated from a sample (V8 holds small values in about twice their serialized size). */
  estimatedMemoryBytes(): number {
    const map = this.entriesNow;
    if (map.size === 0) return 0;
    const sample: StateEntry[] = [];
    for (const e of map.values()) {
      sample.push(e);
      if (sample.length === 32) break;
    }
    return Math.round((2 * serialize(sample).length * map.size) / sample.length);
  }

  private writable(k: unknown): Map<unknown, StateEntry> {
    if (this.committed) throw new IllegalStateException(`Cannot change key ${String(k)} of state store ${this.directory}: version ${this.version + 1} was already committed`);
    this.changed ??= new Map(this.loaded);
    return this.changed;
  }
}

/**
 * A version rebuilt from the best start this thread or the files offer (a later cached version, or the latest
 * snapshot), then the deltas after it, each of which must exist.
 */
function rebuild(dir: string, version: number, useCache: boolean, revive: (key: readonly unknown[]) => unknown[]): StateMap {
  const files = listStoreFiles(dir);
  const snapshot = filesForVersion(files, version).find((f) => f.snapshot);
  let start = snapshot?.version ?? 0;
  let base: StateMap | undefined;
  for (const v of useCache ? cachedVersions(dir) : []) {
    if (v >= version || v <= start) continue;
    base = cachedVersion(dir, v, fileStamp(deltaPath(dir, v)));
    if (base) {
      start = v;
      break;
    }
  }
  const map = new Map<unknown, StateEntry>(base ?? []);
  const apply = (changes: readonly StateChange[]) => {
    for (const change of changes) {
      const key = revive(change[0]);
      const k = canonicalKey(key);
      if (change.length === 2) map.set(k, [key, change[1]]);
      else map.delete(k);
    }
  };
  if (!base && snapshot) apply(readStoreFile(snapshot.path, dir));
  for (let v = start + 1; v <= version; v++) apply(readStoreFile(deltaPath(dir, v), dir));
  return map;
}
