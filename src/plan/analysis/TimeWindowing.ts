import { AnalysisException } from "../../expr/AnalysisException.js";
import { AttributeReference } from "../../expr/AttributeReference.js";
import type { Expression } from "../../expr/Expression.js";
import { Expressions, semanticEquals } from "../../expr/ExpressionTree.js";
import { dataTypeOf, isResolved } from "../../expr/ExpressionTypes.js";
import { ScalarFunction } from "../../expr/FunctionCall.js";
import { isSlidingWindow, WINDOW_TYPE } from "../../expr/functions/TimeWindowFunctions.js";
import { Generate } from "../logical/Generate.js";
import { expressionsOf, mapExpressions, Plans } from "../logical/PlanTree.js";
import { rule } from "../rules/Rule.js";
import { childrenResolved } from "./ResolveReferences.js";

const isSlidingCall = (e: Expression): e is ScalarFunction =>
  e.kind === "ScalarFunction" && e.name === "window" && isResolved(e) && dataTypeOf(e.children[0]!).kind === "timestamp" && isSlidingWindow(e.children);

/**
 * Spark's TimeWindowing for sliding windows: each row belongs to several windows, so the operator that uses
 * `window(ts, size, slide)` reads its input through a Generate that emits one row per window, and refers to
 * the generated `window` column instead of the call.
 */
export const TimeWindowing = rule("TimeWindowing", (plan) =>
  Plans.transformUp(plan, (node) => {
    if (!childrenResolved(node) || Plans.children(node).length !== 1) return node;
    const calls = expressionsOf(node).flatMap((e) => Expressions.collect(e, (n) => (isSlidingCall(n) ? n : undefined)));
    if (calls.length === 0) return node;
    if (calls.some((c) => !semanticEquals(c, calls[0]!))) {
      throw new AnalysisException(
        "_LEGACY_ERROR_TEMP_1170",
        "Multiple time/session window expressions would result in a cartesian product of rows, therefore they are currently not supported.",
      );
    }
    const call = calls[0]!;
    const window = AttributeReference("window", WINDOW_TYPE, true);
    const generate = Generate(ScalarFunction("sliding_windows", call.children), false, [window], Plans.children(node)[0]!);
    const rewritten = mapExpressions(node, (e) => Expressions.transformDown(e, (n) => (semanticEquals(n, call) ? window : n)).node);
    return Plans.shape.withNewChildren(rewritten, [generate]);
  }).node,
);
