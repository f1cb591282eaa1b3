import { Alias } from "../../expr/Alias.js";
import { AggregateExpression } from "../../expr/FunctionCall.js";
import { semanticEquals } from "../../expr/ExpressionTree.js";
import { Aggregate } from "../logical/Aggregate.js";
import { isStreaming } from "../logical/IsStreaming.js";
import { outputOf } from "../logical/PlanOutput.js";
import { Plans } from "../logical/PlanTree.js";
import { rule } from "../rules/Rule.js";

/** DISTINCT is a group-by on every column. */
export const ReplaceDistinctWithAggregate = rule("ReplaceDistinctWithAggregate", (plan) =>
  Plans.transformUp(plan, (node) => {
    if (node.kind !== "Distinct") return node;
    const output = outputOf(node.child);
    return Aggregate(output, output, node.child);
  }).node,
);

/**
 * dropDuplicates(keys) is a group-by on the keys, keeping the first value of every other column. Not over a
 * stream: there it emits each new key's row as it comes (StreamingDeduplicateExec).
 */
export const ReplaceDeduplicateWithAggregate = rule("ReplaceDeduplicateWithAggregate", (plan) =>
  Plans.transformUp(plan, (node) => {
    if (node.kind !== "Deduplicate" || isStreaming(node)) return node;
    const output = outputOf(node.child);
    const keys = node.keys.length > 0 ? node.keys : output;
    const columns = output.map((a) => (keys.some((k) => semanticEquals(k, a)) ? a : Alias(AggregateExpression("first", [a]), a.name, a.exprId)));
    return Aggregate(keys, columns, node.child);
  }).node,
);
