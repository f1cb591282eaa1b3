import type { Dependency } from "./Dependency.js";
import type { RDD } from "./RDD.js";
import type { CoalescedRDD } from "./CoalescedRDD.js";
import type { CoGroupedRDD } from "./CoGroupedRDD.js";
import type { MapPartitionsRDD } from "./MapPartitionsRDD.js";
import type { ShuffledRDD } from "./ShuffledRDD.js";
import type { UnionRDD } from "./UnionRDD.js";

/**
 * The RDD classes that transformations construct, filled in as each class's module loads. RDD.ts reaches its
 * subclasses through this table rather than importing them, because a subclass module must load after its base.
 */
export interface CoreRDDs {
  CoalescedRDD: typeof CoalescedRDD;
  CoGroupedRDD: typeof CoGroupedRDD;
  MapPartitionsRDD: typeof MapPartitionsRDD;
  ShuffledRDD: typeof ShuffledRDD;
  UnionRDD: typeof UnionRDD;
}
export const RDDs = {} as CoreRDDs;

/** Rebuilds an RDD of one kind on an executor from its serialized data and its rebuilt dependencies. */
export type RDDReviver = (data: never, deps: Dependency[], id: number) => RDD<unknown>;
const revivers = new Map<string, RDDReviver>();

const kindModules = new Set<string>();

/**
 * Any layer may add RDD kinds (the SQL engine adds RDDs of columnar batches). A kind defined above core gives
 * its module's URL (`import.meta.url`): task threads load those modules before their first task, since core
 * cannot import the layers above it.
 */
export function registerRDDKind(kind: string, revive: RDDReviver, module?: string): void {
  revivers.set(kind, revive);
  if (module !== undefined) kindModules.add(module);
}

/** The modules that define RDD kinds outside core, for task threads to load. */
export function rddKindModules(): string[] {
  return [...kindModules];
}

export function reviveRDD(kind: string, data: unknown, deps: Dependency[], id: number): RDD<unknown> {
  const revive = revivers.get(kind);
  if (!revive) throw new Error(`This executor cannot rebuild an RDD of kind '${kind}': no module registered it`);
  return revive(data as never, deps, id);
}
