import { Alias } from "../../expr/Alias.js";
import { BinaryArithmetic, UnaryMinus } from "../../expr/Arithmetic.js";
import { CaseWhen } from "../../expr/CaseWhen.js";
import { Cast } from "../../expr/Cast.js";
import type { Expression } from "../../expr/Expression.js";
import { Expressions } from "../../expr/ExpressionTree.js";
import { dataTypeOf, isResolved } from "../../expr/ExpressionTypes.js";
import { GetArrayItem } from "../../expr/ExtractValue.js";
import { AggregateExpression, ScalarFunction } from "../../expr/FunctionCall.js";
import { aggregateFunctionDefinition, scalarFunctionDefinition } from "../../expr/functions/FunctionRegistry.js";
import { Like, RLike } from "../../expr/Like.js";
import { And, BinaryComparison, In, Not, Or } from "../../expr/Predicates.js";
import { InSubquery } from "../../expr/Subquery.js";
import { implicitCast, type AbstractDataType } from "../../types/AbstractDataType.js";
import { BooleanType, DoubleType, IntegerType, LongType, StringType } from "../../types/AtomicTypes.js";
import type { DataType } from "../../types/DataType.js";
import { decimalForType } from "../../types/DecimalPrecision.js";
import { findCommonTypeForBinaryComparison, findTightestCommonType, findWiderCommonType } from "../../types/TypeCoercion.js";
import { isFractional, isIntegral } from "../../types/TypeUtils.js";
import type { LogicalPlan } from "../logical/LogicalPlan.js";
import { isPlanResolved, outputOf } from "../logical/PlanOutput.js";
import { Plans, transformAllExpressions } from "../logical/PlanTree.js";
import { Filter, Project } from "../logical/UnaryNodes.js";
import { Join } from "../logical/Join.js";
import { rule } from "../rules/Rule.js";
import { childrenResolved } from "./ResolveReferences.js";

/**
 * Spark's TypeCoercion rules with ANSI mode off: implicit casts that make operands agree (numeric promotion,
 * decimal precision, strings read as numbers or dates where compared with them, arguments cast to what a
 * function expects). What cannot be reconciled is left for CheckAnalysis to report.
 */
const castTo = (e: Expression, t: DataType): Expression => (dataTypeOf(e).equals(t) ? e : Cast(e, t));

/** The types both operands of arithmetic are cast to, or null to leave them as they are. */
function arithmeticOperandTypes(kind: BinaryArithmetic["kind"], l: DataType, r: DataType): [DataType, DataType] | null {
  const datetime = l.kind === "date" || l.kind === "timestamp" || l.kind === "interval";
  if (datetime && (kind === "Add" || kind === "Subtract")) {
    if (l.kind === "date" && isIntegral(r)) return [l, IntegerType];
    return null;
  }
  // Strings in arithmetic are read as doubles; a NULL takes the other side's type.
  let [lt, rt] = [l.kind === "string" ? DoubleType : l, r.kind === "string" ? DoubleType : r];
  if (lt.kind === "null" && rt.kind === "null") return [DoubleType, DoubleType];
  if (lt.kind === "null") lt = rt;
  if (rt.kind === "null") rt = lt;
  const decimal = lt.kind === "decimal" || rt.kind === "decimal";
  if (decimal) {
    if (isFractional(lt) || isFractional(rt)) return [DoubleType, DoubleType];
    return [decimalForType(lt) ?? lt, decimalForType(rt) ?? rt];
  }
  if (kind === "Divide") return [DoubleType, DoubleType];
  if (kind === "IntegralDivide") return [LongType, LongType];
  const common = findTightestCommonType(lt, rt);
  return common ? [common, common] : null;
}

function coerceArithmetic(e: BinaryArithmetic): Expression {
  const [l, r] = [dataTypeOf(e.left), dataTypeOf(e.right)];
  // `1 + date` is `date + 1`, as Spark's DateAdd.
  if (e.kind === "Add" && isIntegral(l) && r.kind === "date") return BinaryArithmetic("Add", e.right, castTo(e.left, IntegerType));
  const types = arithmeticOperandTypes(e.kind, l, r);
  if (!types) return e;
  const [left, right] = [castTo(e.left, types[0]), castTo(e.right, types[1])];
  return left === e.left && right === e.right ? e : BinaryArithmetic(e.kind, left, right);
}

function castArguments(args: readonly Expression[], expected: readonly AbstractDataType[] | null): Expression[] | null {
  if (!expected) return null;
  let changed = false;
  const out = args.map((a, i) => {
    const target = implicitCast(dataTypeOf(a), expected[i]!);
    const cast = target ? castTo(a, target) : a;
    changed ||= cast !== a;
    return cast;
  });
  return changed ? out : null;
}

const toBoolean = (e: Expression) => (dataTypeOf(e).kind === "null" ? Cast(e, BooleanType) : e);

function coerce(e: Expression): Expression {
  if (!Expressions.children(e).every(isResolved)) return e;
  switch (e.kind) {
    case "Add":
    case "Subtract":
    case "Multiply":
    case "Divide":
    case "IntegralDivide":
    case "Remainder":
      return coerceArithmetic(e);
    case "EqualTo":
    case "EqualNullSafe":
    case "LessThan":
    case "LessThanOrEqual":
    case "GreaterThan":
    case "GreaterThanOrEqual": {
      const [l, r] = [dataTypeOf(e.left), dataTypeOf(e.right)];
      if (l.equals(r) || (l.kind === "decimal" && r.kind === "decimal")) return e;
      const common = findCommonTypeForBinaryComparison(l, r);
      return common ? BinaryComparison(e.kind, castTo(e.left, common), castTo(e.right, common)) : e;
    }
    case "In": {
      const types = [e.value, ...e.list].map(dataTypeOf);
      if (types.every((t) => t.equals(types[0]!))) return e;
      const common = findWiderCommonType(types);
      return common ? In(castTo(e.value, common), e.list.map((x) => castTo(x, common))) : e;
    }
    case "CaseWhen": {
      const values = [...e.branches.map(([, v]) => v), ...(e.elseValue ? [e.elseValue] : [])];
      const common = findWiderCommonType(values.map(dataTypeOf));
      if (!common) return e;
      const next = CaseWhen(e.branches.map(([c, v]) => [toBoolean(c), castTo(v, common)] as const), e.elseValue && castTo(e.elseValue, common));
      const same = Expressions.children(next).every((c, i) => c === Expressions.children(e)[i]);
      return same ? e : next;
    }
    case "And":
    case "Or": {
      const [l, r] = [toBoolean(e.left), toBoolean(e.right)];
      return l === e.left && r === e.right ? e : e.kind === "And" ? And(l, r) : Or(l, r);
    }
    case "Not":
      return dataTypeOf(e.child).kind === "null" ? Not(toBoolean(e.child)) : e;
    case "Like":
    case "RLike": {
      const [l, r] = [castArgumentTo(e.left, StringType), castArgumentTo(e.right, StringType)];
      if (l === e.left && r === e.right) return e;
      return e.kind === "Like" ? Like(l, r, e.escapeChar) : RLike(l, r);
    }
    case "UnaryMinus":
      return dataTypeOf(e.child).kind === "string" ? UnaryMinus(Cast(e.child, DoubleType)) : e;
    case "InSubquery": {
      // Spark's InConversion: both sides of `x IN (SELECT y …)` are cast to the type they compare as.
      const plan = e.plan as LogicalPlan;
      if (!isPlanResolved(plan)) return e;
      const column = outputOf(plan)[0]!;
      const valueType = dataTypeOf(e.value);
      if (valueType.equals(column.dataType)) return e;
      const common = findCommonTypeForBinaryComparison(valueType, column.dataType);
      if (!common) return e;
      const castPlan = column.dataType.equals(common) ? plan : Project([Alias(Cast(column, common), column.name)], plan);
      return InSubquery(castTo(e.value, common), castPlan);
    }
    case "GetArrayItem":
      return isIntegral(dataTypeOf(e.ordinal)) && dataTypeOf(e.ordinal).kind !== "integer" ? GetArrayItem(e.child, Cast(e.ordinal, IntegerType)) : e;
    case "ScalarFunction": {
      const def = scalarFunctionDefinition(e.name);
      const args = def.inputTypes ? castArguments(e.children, def.inputTypes(e.children.map(dataTypeOf))) : null;
      return args ? ScalarFunction(e.name, args) : e;
    }
    case "AggregateExpression": {
      const def = aggregateFunctionDefinition(e.name);
      const args = def.inputTypes ? castArguments(e.children, def.inputTypes(e.children.map(dataTypeOf))) : null;
      return args ? AggregateExpression(e.name, args, e.isDistinct) : e;
    }
    default:
      return e;
  }
}

function castArgumentTo(e: Expression, t: DataType): Expression {
  const target = implicitCast(dataTypeOf(e), t);
  return target ? castTo(e, target) : e;
}

/** Implicit casts within expressions, and NULL conditions of filters and joins read as booleans. */
export const ImplicitTypeCasts = rule("ImplicitTypeCasts", (plan) => {
  const coerced = transformAllExpressions(plan, coerce);
  return Plans.transformUp(coerced, (node) => {
    if (node.kind === "Filter" && childrenResolved(node) && isResolved(node.condition) && dataTypeOf(node.condition).kind === "null") {
      return Filter(Cast(node.condition, BooleanType), node.child);
    }
    if (node.kind === "Join" && node.condition && isResolved(node.condition) && dataTypeOf(node.condition).kind === "null") {
      return Join(node.left, node.right, node.joinType, Cast(node.condition, BooleanType), node.usingColumns);
    }
    return node;
  }).node;
});

/**
 * Spark's WidenSetOperationTypes: each column of a union, EXCEPT or INTERSECT takes the wider type of that
 * column in every input.
 */
export const WidenSetOperationTypes = rule("WidenSetOperationTypes", (plan) =>
  Plans.transformUp(plan, (node) => {
    const setOperation = node.kind === "Except" || node.kind === "Intersect" || (node.kind === "Union" && !node.byName);
    if (!setOperation || !childrenResolved(node)) return node;
    const inputs = Plans.children(node);
    const outputs = inputs.map(outputOf);
    if (outputs.some((o) => o.length !== outputs[0]!.length)) return node;
    const widened = outputs[0]!.map((_, i) => findWiderCommonType(outputs.map((o) => o[i]!.dataType)));
    if (widened.some((t) => t === null)) return node;
    const children = inputs.map((child, c): LogicalPlan => {
      const output = outputs[c]!;
      if (output.every((a, i) => a.dataType.equals(widened[i]!))) return child;
      return Project(output.map((a, i) => (a.dataType.equals(widened[i]!) ? a : Alias(Cast(a, widened[i]!), a.name))), child);
    });
    return children.every((c, i) => c === inputs[i]) ? node : Plans.shape.withNewChildren(node, children);
  }).node,
);
