import type { LogicalPlan } from "../logical/LogicalPlan.js";

/**
 * What the analyzer asks of the session catalog: the plan a table or view name stands for. Kindling's catalog
 * holds temporary views (`createOrReplaceTempView`); names are case-insensitive, as with Spark's defaults.
 */
export interface Catalog {
  lookupRelation(nameParts: readonly string[]): LogicalPlan | null;
  /** Every name that `lookupRelation` would find, for suggestions in errors. */
  relationNames(): readonly string[];
}

/** A catalog of temporary views held in memory; the DataFrame API's session owns one. */
export class TempViewCatalog implements Catalog {
  private readonly views = new Map<string, { name: string; plan: LogicalPlan }>();

  createOrReplaceTempView(name: string, plan: LogicalPlan): void {
    this.views.set(name.toLowerCase(), { name, plan });
  }

  dropTempView(name: string): boolean {
    return this.views.delete(name.toLowerCase());
  }

  lookupRelation(nameParts: readonly string[]): LogicalPlan | null {
    return nameParts.length === 1 ? (this.views.get(nameParts[0]!.toLowerCase())?.plan ?? null) : null;
  }

  relationNames(): readonly string[] {
    return [...this.views.values()].map((v) => v.name);
  }
}
