import type { Expression } from "../../expr/Expression.js";
import { IllegalArgumentException } from "../../util/SparkException.js";
import type { LogicalPlan } from "./LogicalPlan.js";

/** Spark's join types, by their names in plans (`Join LeftOuter, …`). */
export type JoinType = "Inner" | "Cross" | "LeftOuter" | "RightOuter" | "FullOuter" | "LeftSemi" | "LeftAnti";

/**
 * A join on `condition` (none: every pair). `usingColumns` is `JOIN … USING (a, b)` or `join(df, ["a", "b"])`
 * before analysis, which turns it into equalities and a projection that keeps one copy of each column.
 */
export interface Join {
  readonly kind: "Join";
  readonly left: LogicalPlan;
  readonly right: LogicalPlan;
  readonly joinType: JoinType;
  readonly condition: Expression | null;
  readonly usingColumns: readonly string[] | null;
}

export function Join(left: LogicalPlan, right: LogicalPlan, joinType: JoinType, condition: Expression | null = null, usingColumns: readonly string[] | null = null): Join {
  return Object.freeze({ kind: "Join", left, right, joinType, condition, usingColumns: usingColumns && Object.freeze([...usingColumns]) });
}

/** The join type a user names (`"left"`, `"left_outer"`, `"semi"`, `"full outer"`), as Spark's `JoinType.apply`. */
export function joinTypeFromString(name: string): JoinType {
  const key = name.toLowerCase().replace(/[_\s]/g, "");
  const found = JOIN_TYPE_NAMES[key];
  if (!found) {
    throw new IllegalArgumentException(
      `Unsupported join type '${name}'. Supported join types include: 'inner', 'outer', 'full', 'fullouter', 'full_outer', 'leftouter', 'left', 'left_outer', 'rightouter', 'right', 'right_outer', 'leftsemi', 'left_semi', 'semi', 'leftanti', 'left_anti', 'anti', 'cross'.`,
    );
  }
  return found;
}

const JOIN_TYPE_NAMES: Readonly<Record<string, JoinType>> = {
  inner: "Inner",
  cross: "Cross",
  outer: "FullOuter", full: "FullOuter", fullouter: "FullOuter",
  left: "LeftOuter", leftouter: "LeftOuter",
  right: "RightOuter", rightouter: "RightOuter",
  leftsemi: "LeftSemi", semi: "LeftSemi",
  leftanti: "LeftAnti", anti: "LeftAnti",
};
