import { conjoin, splitConjuncts } from "../../expr/Predicates.js";
import { outputOf } from "../logical/PlanOutput.js";
import { Plans } from "../logical/PlanTree.js";
import { isStreaming } from "../logical/IsStreaming.js";
import { LocalRelation } from "../logical/Relations.js";
import { Filter } from "../logical/UnaryNodes.js";
import { rule } from "../rules/Rule.js";

/** Spark's PruneFilters: conjuncts that are always true go; a filter that is always false or null keeps no rows. */
export const PruneFilters = rule("PruneFilters", (plan) =>
  Plans.transformUp(plan, (node) => {
    if (node.kind !== "Filter") return node;
    const conjuncts = splitConjuncts(node.condition);
    if (conjuncts.some((c) => c.kind === "Literal" && c.value !== true)) return LocalRelation(outputOf(node), [], isStreaming(node));
    const rest = conjuncts.filter((c) => !(c.kind === "Literal" && c.value === true));
    if (rest.length === conjuncts.length) return node;
    const condition = conjoin(rest);
    return condition ? Filter(condition, node.child) : node.child;
  }).node,
);
