import { outputOf } from "../logical/PlanOutput.js";
import { Plans } from "../logical/PlanTree.js";
import { rule } from "../rules/Rule.js";

/** Spark's RemoveNoopOperators: a projection that outputs exactly its input's columns, in order, does nothing. */
export const RemoveNoopOperators = rule("RemoveNoopOperators", (plan) =>
  Plans.transformUp(plan, (node) => {
    if (node.kind !== "Project") return node;
    const input = outputOf(node.child);
    const same =
      node.projectList.length === input.length &&
      node.projectList.every((e, i) => e.kind === "AttributeReference" && e.exprId === input[i]!.exprId && e.name === input[i]!.name);
    return same ? node.child : node;
  }).node,
);
