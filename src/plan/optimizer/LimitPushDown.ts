import { Join } from "../logical/Join.js";
import type { LogicalPlan } from "../logical/LogicalPlan.js";
import { Plans } from "../logical/PlanTree.js";
import { GlobalLimit, Limit, LocalLimit } from "../logical/UnaryNodes.js";
import { Union } from "../logical/Union.js";
import { rule } from "../rules/Rule.js";

/** `plan` limited to `n` rows per partition, unless it already is. */
function limited(n: number, plan: LogicalPlan): LogicalPlan {
  return plan.kind === "LocalLimit" && plan.limit <= n ? plan : LocalLimit(n, plan);
}

/**
 * Spark's LimitPushDown: a limit over a union limits each of its inputs, and over an outer join limits the
 * side whose every row survives the join. The limit above stays, since these only bound each input.
 */
export const LimitPushDown = rule("LimitPushDown", (plan) =>
  Plans.transformDown(plan, (node) => {
    if (node.kind !== "LocalLimit") return node;
    const child = node.child;
    if (child.kind === "Union") {
      const children = child.children.map((c) => limited(node.limit, c));
      return children.every((c, i) => c === child.children[i]) ? node : LocalLimit(node.limit, Union(children, child.byName, child.allowMissingColumns));
    }
    if (child.kind === "Join" && (child.joinType === "LeftOuter" || child.joinType === "RightOuter")) {
      const left = child.joinType === "LeftOuter" ? limited(node.limit, child.left) : child.left;
      const right = child.joinType === "RightOuter" ? limited(node.limit, child.right) : child.right;
      return left === child.left && right === child.right ? node : LocalLimit(node.limit, Join(left, right, child.joinType, child.condition));
    }
    return node;
  }).node,
);

/** A `LIMIT n` (a GlobalLimit over a LocalLimit of the same n) as its limit and input, or null. */
function asLimit(plan: LogicalPlan): { limit: number; child: LogicalPlan } | null {
  return plan.kind === "GlobalLimit" && plan.child.kind === "LocalLimit" && plan.child.limit === plan.limit ? { limit: plan.limit, child: plan.child.child } : null;
}

/** Spark's EliminateLimits: two adjacent limits of one kind (or two LIMITs) are the smaller one. */
export const CombineLimits = rule("CombineLimits", (plan) =>
  Plans.transformUp(plan, (node) => {
    const outer = asLimit(node);
    const inner = outer && asLimit(outer.child);
    if (outer && inner) return Limit(Math.min(outer.limit, inner.limit), inner.child);
    if (node.kind === "GlobalLimit" && node.child.kind === "GlobalLimit") return GlobalLimit(Math.min(node.limit, node.child.limit), node.child.child);
    if (node.kind === "LocalLimit" && node.child.kind === "LocalLimit") return LocalLimit(Math.min(node.limit, node.child.limit), node.child.child);
    return node;
  }).node,
);
