import { EqualNullSafe, conjoin } from "../../expr/Predicates.js";
import { Join } from "../logical/Join.js";
import { outputOf } from "../logical/PlanOutput.js";
import { Plans } from "../logical/PlanTree.js";
import { Distinct } from "../logical/UnaryNodes.js";
import { rule } from "../rules/Rule.js";

/**
 * Spark's ReplaceExceptWithAntiJoin and ReplaceIntersectWithSemiJoin: EXCEPT keeps the distinct left rows
 * that have no equal right row, INTERSECT those that have one; rows are equal column by column with nulls
 * equal (`<=>`), as set operations compare them.
 */
export const ReplaceSetOperationsWithJoins = rule("ReplaceSetOperationsWithJoins", (plan) =>
  Plans.transformUp(plan, (node) => {
    if (node.kind !== "Except" && node.kind !== "Intersect") return node;
    const right = outputOf(node.right);
    const sameRow = conjoin(outputOf(node.left).map((a, i) => EqualNullSafe(a, right[i]!)));
    return Distinct(Join(node.left, node.right, node.kind === "Except" ? "LeftAnti" : "LeftSemi", sameRow));
  }).node,
);
