import type { Expression } from "../../expr/Expression.js";
import { semanticEquals } from "../../expr/ExpressionTree.js";
import { FalseLiteral, TrueLiteral } from "../../expr/Literal.js";
import { GreaterThan, GreaterThanOrEqual, IsNotNull, IsNull, LessThan, LessThanOrEqual } from "../../expr/Predicates.js";
import { transformAllExpressions } from "../logical/PlanTree.js";
import { rule } from "../rules/Rule.js";

const isTrue = (e: Expression) => e.kind === "Literal" && e.value === true;
const isFalse = (e: Expression) => e.kind === "Literal" && e.value === false;

function simplify(e: Expression): Expression {
  switch (e.kind) {
    case "And":
      if (isTrue(e.left)) return e.right;
      if (isTrue(e.right)) return e.left;
      // false AND anything is false, even when the other side is null.
      if (isFalse(e.left) || isFalse(e.right)) return FalseLiteral;
      return semanticEquals(e.left, e.right) ? e.left : e;
    case "Or":
      if (isFalse(e.left)) return e.right;
      if (isFalse(e.right)) return e.left;
      if (isTrue(e.left) || isTrue(e.right)) return TrueLiteral;
      return semanticEquals(e.left, e.right) ? e.left : e;
    case "Not": {
      const c = e.child;
      switch (c.kind) {
        case "Not":
          return c.child;
        case "GreaterThan":
          return LessThanOrEqual(c.left, c.right);
        case "GreaterThanOrEqual":
          return LessThan(c.left, c.right);
        case "LessThan":
          return GreaterThanOrEqual(c.left, c.right);
        case "LessThanOrEqual":
          return GreaterThan(c.left, c.right);
        case "IsNull":
          return IsNotNull(c.child);
        case "IsNotNull":
          return IsNull(c.child);
        default:
          return e;
      }
    }
    default:
      return e;
  }
}

/**
 * Spark's BooleanSimplification: AND/OR with a constant side, repeated operands, double negation, and NOT of a
 * comparison (null stays null either way, so `NOT (a > b)` is `a <= b`).
 */
export const BooleanSimplification = rule("BooleanSimplification", (plan) => transformAllExpressions(plan, simplify));
