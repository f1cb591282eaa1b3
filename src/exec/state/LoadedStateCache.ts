import type { StateEntry } from "./StateStoreFiles.js";

/** A version of a store, by each key's canonical form. Never changed once cached: a new version is a copy. */
export type StateMap = ReadonlyMap<unknown, StateEntry>;

interface Loaded {
  readonly map: StateMap;
  /** The stamp of the delta file the version was written to, checked on use: a rewrite elsewhere makes it stale. */
  readonly stamp: string;
}

/**
 * The versions of stores this thread has loaded or written (Spark's loadedMaps of a provider), so that the
 * next batch's task for the same partition, when it runs on this thread, reads no file. Module state is
 * per thread: each executor thread has its own. Bounded: per store the latest versions, and the stores
 * used last.
 */
const stores = new Map<string, Map<number, Loaded>>();
const MAX_STORES = 256;

/** The cached version, if its delta file still has the stamp it had when cached. */
export function cachedVersion(dir: string, version: number, stamp: string | null): StateMap | undefined {
  const loaded = stores.get(dir)?.get(version);
  return loaded && loaded.stamp === stamp ? loaded.map : undefined;
}

/** The versions of a store cached here, latest first. */
export function cachedVersions(dir: string): number[] {
  return [...(stores.get(dir)?.keys() ?? [])].sort((a, b) => b - a);
}

export function cacheVersion(dir: string, version: number, map: StateMap, stamp: string | null, keep: number): void {
  let versions = stores.get(dir);
  stores.delete(dir);
  if (keep === 0 || stamp === null) return;
  versions ??= new Map();
  versions.set(version, { map, stamp });
  for (const v of [...versions.keys()].sort((a, b) => b - a).slice(keep)) versions.delete(v);
  stores.set(dir, versions);
  if (stores.size > MAX_STORES) stores.delete(stores.keys().next().value!);
}
