import { evaluate } from "../../expr/Evaluator.js";
import { Expressions } from "../../expr/ExpressionTree.js";
import { dataTypeOf, isFoldable } from "../../expr/ExpressionTypes.js";
import { Literal } from "../../expr/Literal.js";
import { mapExpressions, Plans } from "../logical/PlanTree.js";
import { rule, type Rule } from "../rules/Rule.js";
import type { OptimizerContext } from "./OptimizerContext.js";

/** Spark's ConstantFolding: an expression of constants only is computed once, here, and becomes a literal. */
export function ConstantFolding(ctx: OptimizerContext): Rule {
  const evalContext = { timeZone: ctx.timeZone, currentTimestamp: ctx.currentTimestamp };
  return rule("ConstantFolding", (plan) =>
    Plans.transformUp(plan, (node) =>
      mapExpressions(node, (e) =>
        Expressions.transformDown(e, (n) => (n.kind !== "Literal" && isFoldable(n) ? Literal(evaluate(n, [], evalContext), dataTypeOf(n)) : n)).node,
      ),
    ).node,
  );
}
