import type { LogicalPlan } from "../logical/LogicalPlan.js";
import { mapSubqueryPlans, Plans } from "../logical/PlanTree.js";
import { rule } from "../rules/Rule.js";

function eliminate(plan: LogicalPlan): LogicalPlan {
  return Plans.transformUp(plan, (node) => (node.kind === "SubqueryAlias" ? node.child : mapSubqueryPlans(node, eliminate))).node;
}

/** Aliases only matter for resolving names; after analysis they are removed, in subqueries too. */
export const EliminateSubqueryAliases = rule("EliminateSubqueryAliases", eliminate);
