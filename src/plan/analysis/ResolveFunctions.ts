import type { Expression } from "../../expr/Expression.js";
import { Expressions } from "../../expr/ExpressionTree.js";
import { isResolved } from "../../expr/ExpressionTypes.js";
import { resolveFunction } from "../../expr/functions/FunctionRegistry.js";
import { transformAllExpressions } from "../logical/PlanTree.js";
import { rule } from "../rules/Rule.js";

/**
 * Replaces calls by name with the registry's resolved nodes once their arguments are resolved (`count(*)`
 * needs none). Unknown names and wrong argument counts fail here, naming the function.
 */
export const ResolveFunctions = rule("ResolveFunctions", (plan) => transformAllExpressions(plan, resolveCall));

function resolveCall(e: Expression): Expression {
  if (e.kind !== "UnresolvedFunction") return e;
  const countStar = e.children.length === 1 && e.children[0]!.kind === "UnresolvedStar";
  return countStar || e.children.every(isResolved) ? resolveFunction(e.name, e.children, e.isDistinct) : e;
}

/** Resolves the calls within one expression, for rules that resolve expressions outside the plan's own nodes. */
export function resolveFunctionsIn(e: Expression): Expression {
  return Expressions.transformUp(e, resolveCall).node;
}
