import { semanticEquals } from "../../expr/ExpressionTree.js";
import { conjoin, splitConjuncts } from "../../expr/Predicates.js";
import { Plans } from "../logical/PlanTree.js";
import { Filter } from "../logical/UnaryNodes.js";
import { rule } from "../rules/Rule.js";

/** Spark's CombineFilters: adjacent filters become one, the lower condition first, without repeating a conjunct. */
export const CombineFilters = rule("CombineFilters", (plan) =>
  Plans.transformUp(plan, (node) => {
    if (node.kind !== "Filter" || node.child.kind !== "Filter") return node;
    const lower = splitConjuncts(node.child.condition);
    const upper = splitConjuncts(node.condition).filter((c) => !lower.some((l) => semanticEquals(l, c)));
    return Filter(conjoin([...lower, ...upper])!, node.child.child);
  }).node,
);
