import { dataTypeOf } from "../../expr/ExpressionTypes.js";
import { transformAllExpressions } from "../logical/PlanTree.js";
import { rule } from "../rules/Rule.js";

/** Spark's SimplifyCasts: a cast to the type the value already has does nothing. */
export const SimplifyCasts = rule("SimplifyCasts", (plan) =>
  transformAllExpressions(plan, (e) => (e.kind === "Cast" && dataTypeOf(e.child).equals(e.dataType) ? e.child : e)),
);
