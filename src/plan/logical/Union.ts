import type { LogicalPlan } from "./LogicalPlan.js";

/**
 * UNION ALL of its children, matched by position, or by column name (`unionByName`, optionally filling
 * columns missing on one side with nulls).
 */
export interface Union {
  readonly kind: "Union";
  readonly children: readonly LogicalPlan[];
  readonly byName: boolean;
  readonly allowMissingColumns: boolean;
}

export function Union(children: readonly LogicalPlan[], byName = false, allowMissingColumns = false): Union {
  return Object.freeze({ kind: "Union", children: Object.freeze([...children]), byName, allowMissingColumns });
}
