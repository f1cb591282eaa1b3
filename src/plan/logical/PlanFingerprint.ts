import { DataTypeBase } from "../../types/DataType.js";
import type { LogicalPlan } from "./LogicalPlan.js";

const dataIds = new WeakMap<object, number>();
let nextDataId = 0;

/**
 * A string that two plans share exactly when they are structurally the same, as Spark's `fastEquals` decides
 * whether a rule batch has converged. The rows of a LocalRelation count by identity, not by content, so that
 * comparing plans never walks (possibly millions of) local rows.
 */
export function planFingerprint(plan: LogicalPlan): string {
  return JSON.stringify(plan, function (this: unknown, key: string, value: unknown) {
    const raw = (this as Record<string, unknown>)[key];
    if (key === "data" && (this as { kind?: string }).kind === "LocalRelation" && Array.isArray(raw)) {
      let id = dataIds.get(raw);
      if (id === undefined) dataIds.set(raw, (id = nextDataId++));
      return `rows#${id}`;
    }
    if (typeof raw === "bigint") return `${raw}n`;
    if (raw instanceof DataTypeBase) return raw.json();
    return value;
  });
}
