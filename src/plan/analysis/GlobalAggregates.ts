import { containsAggregate } from "../../expr/ExpressionTypes.js";
import { Aggregate } from "../logical/Aggregate.js";
import { Plans } from "../logical/PlanTree.js";
import { rule } from "../rules/Rule.js";

/** `SELECT count(*) FROM t` has no GROUP BY but aggregates: it is an Aggregate with no grouping (Spark's GlobalAggregates). */
export const GlobalAggregates = rule("GlobalAggregates", (plan) =>
  Plans.transformUp(plan, (node) => (node.kind === "Project" && node.projectList.some(containsAggregate) ? Aggregate([], node.projectList, node.child) : node)).node,
);
