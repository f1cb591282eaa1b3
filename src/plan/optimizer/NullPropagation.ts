import type { Expression } from "../../expr/Expression.js";
import { Expressions } from "../../expr/ExpressionTree.js";
import { dataTypeOf, nullableOf } from "../../expr/ExpressionTypes.js";
import { FalseLiteral, Literal, TrueLiteral } from "../../expr/Literal.js";
import { transformAllExpressions } from "../logical/PlanTree.js";
import { rule } from "../rules/Rule.js";

/** Operators whose result is null whenever an operand is (Spark's NullIntolerant). */
const NULL_INTOLERANT = new Set(["Add", "Subtract", "Multiply", "Divide", "IntegralDivide", "Remainder", "UnaryMinus", "EqualTo", "LessThan", "LessThanOrEqual", "GreaterThan", "GreaterThanOrEqual", "Not", "Cast", "Like", "RLike", "GetStructField", "GetArrayItem", "GetMapValue"]);

const isNullLiteral = (e: Expression) => e.kind === "Literal" && e.value === null;

/** Spark's NullPropagation: null tests of columns that cannot be null, and null-intolerant operators on a NULL. */
export const NullPropagation = rule("NullPropagation", (plan) =>
  transformAllExpressions(plan, (e) => {
    if (e.kind === "IsNull" && !nullableOf(e.child)) return FalseLiteral;
    if (e.kind === "IsNotNull" && !nullableOf(e.child)) return TrueLiteral;
    if (NULL_INTOLERANT.has(e.kind) && Expressions.children(e).some(isNullLiteral)) return Literal(null, dataTypeOf(e));
    return e;
  }),
);
