import type { RDD } from "./RDD.js";
import type { Dependency } from "./Dependency.js";
import type { ShuffleHandle } from "../shuffle/ShuffleHandle.js";
import { NarrowDependency, OneToOneDependency, ShuffleDependency } from "./Dependency.js";
import { reviveRDD } from "./RDDKinds.js";
import { StorageLevel } from "../storage/StorageLevel.js";

/** One RDD as it travels in a task: its kind, its data, and its dependencies by id or shuffle handle. */
export interface RDDDescriptor {
  readonly id: number;
  readonly kind: string;
  readonly data: unknown;
  readonly deps: readonly ({ readonly narrow: number } | { readonly shuffle: ShuffleHandle })[];
  readonly storageLevel: string;
}

/** The part of an RDD's lineage that one stage computes: up to, not across, its shuffle boundaries. */
export interface Lineage {
  readonly rdds: readonly RDDDescriptor[];
  readonly root: number;
}

export function describeLineage(root: RDD<unknown>): Lineage {
  const rdds: RDDDescriptor[] = [];
  const seen = new Set<number>();
  const visit = (rdd: RDD<unknown>): void => {
    if (seen.has(rdd.id)) return;
    seen.add(rdd.id);
    for (const dep of rdd.dependencies) if (dep instanceof NarrowDependency) visit(dep.rdd);
    rdds.push({
      id: rdd.id,
      kind: rdd.kind,
      data: rdd.serialize(),
      deps: rdd.dependencies.map((d) => (d instanceof NarrowDependency ? { narrow: d.rdd.id } : { shuffle: d.handle })),
      storageLevel: rdd.storageLevel.name,
    });
  };
  visit(root);
  return { rdds, root: root.id };
}

/**
 * Rebuilds a lineage on an executor, parents first. Executors only compute, never plan, so every narrow
 * dependency comes back as one-to-one: it carries its parent, and partitions carry what maps them.
 */
export function reviveLineage(lineage: Lineage): RDD<unknown> {
  const built = new Map<number, RDD<unknown>>();
  for (const d of lineage.rdds) {
    const deps: Dependency[] = d.deps.map((dep) =>
      "narrow" in dep ? new OneToOneDependency(built.get(dep.narrow)!) : new ShuffleDependency(undefined, dep.shuffle));
    const rdd = reviveRDD(d.kind, d.data, deps, d.id);
    rdd.restoreStorageLevel(StorageLevel.fromName(d.storageLevel));
    built.set(d.id, rdd);
  }
  return built.get(lineage.root)!;
}
