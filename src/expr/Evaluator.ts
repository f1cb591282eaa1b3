import { SparkException } from "../util/SparkException.js";
import type { BinaryArithmetic } from "./Arithmetic.js";
import { arithmetic, negate } from "./ArithmeticEvaluator.js";
import type { Attribute } from "./AttributeReference.js";
import { BoundReference } from "./BoundReference.js";
import { castValue } from "./CastEvaluator.js";
import type { EvalContext } from "./EvalContext.js";
import { dispatch, type Expression, type ExpressionTable } from "./Expression.js";
import { explainString } from "./ExpressionString.js";
import { Expressions } from "./ExpressionTree.js";
import { dataTypeOf } from "./ExpressionTypes.js";
import { scalarFunctionDefinition } from "./functions/FunctionRegistry.js";
import { javaRegex, likePatternToRegex } from "./JavaRegex.js";
import { compareValues } from "./Ordering.js";
import type { BinaryComparison } from "./Predicates.js";

/**
 * Spark's interpreted evaluation of one expression on one row, as the reference that generated code must
 * agree with. An expression is compiled once into nested closures (types and function definitions looked up
 * then, not per row); a row is an array of column values in the representations the data types document.
 */
export type Row = readonly unknown[];
export type Evaluate = (row: Row, ctx: EvalContext) => unknown;

/** The compiled form of a bound expression (attributes replaced by `bindReferences`). */
export function evaluator(e: Expression): Evaluate {
  return dispatch(COMPILE, e);
}

/** Evaluates a bound expression on one row; prefer `evaluator` when evaluating many rows. */
export function evaluate(e: Expression, row: Row, ctx: EvalContext): unknown {
  return evaluator(e)(row, ctx);
}

/** Replaces each attribute by a BoundReference to its position in `input` (Spark's `bindReference`). */
export function bindReferences(e: Expression, input: readonly Attribute[]): Expression {
  return Expressions.transformUp(e, (n) => {
    if (n.kind !== "AttributeReference") return n;
    const ordinal = input.findIndex((a) => a.exprId === n.exprId);
    if (ordinal < 0) {
      throw new SparkException(`Couldn't find ${explainString(n)} in [${input.map(explainString).join(",")}]`, { errorClass: "INTERNAL_ERROR" });
    }
    return BoundReference(ordinal, n.dataType, n.nullable);
  }).node;
}

function cannotEvaluate(why: string) {
  return (e: Expression): Evaluate => {
    throw new SparkException(`Cannot evaluate ${explainString(e)}: ${why}.`, { errorClass: "INTERNAL_ERROR" });
  };
}

/** `f(l, r)` when both sides are non-null, else null (Spark's NullIntolerant binary expressions). */
function strictBinary(e: { left: Expression; right: Expression }, f: (l: unknown, r: unknown) => unknown): Evaluate {
  const [left, right] = [evaluator(e.left), evaluator(e.right)];
  return (row, ctx) => {
    const l = left(row, ctx);
    if (l === null) return null;
    const r = right(row, ctx);
    return r === null ? null : f(l, r);
  };
}

function strictUnary(child: Expression, f: (v: unknown) => unknown): Evaluate {
  const c = evaluator(child);
  return (row, ctx) => {
    const v = c(row, ctx);
    return v === null ? null : f(v);
  };
}

function compileArithmetic(e: BinaryArithmetic): Evaluate {
  const [left, right] = [evaluator(e.left), evaluator(e.right)];
  const f = arithmetic(e.kind, dataTypeOf(e.left), dataTypeOf(e.right), dataTypeOf(e));
  return (row, ctx) => {
    const l = left(row, ctx);
    if (l === null) return null;
    const r = right(row, ctx);
    return r === null ? null : f(l, r, ctx.timeZone);
  };
}

type Comparison = Exclude<BinaryComparison, { kind: "EqualNullSafe" }>;
const COMPARISON_TEST: Readonly<Record<Comparison["kind"], (c: number) => boolean>> = {
  EqualTo: (c) => c === 0,
  LessThan: (c) => c < 0,
  LessThanOrEqual: (c) => c <= 0,
  GreaterThan: (c) => c > 0,
  GreaterThanOrEqual: (c) => c >= 0,
};

function compileComparison(e: Comparison): Evaluate {
  const type = dataTypeOf(e.left);
  const test = COMPARISON_TEST[e.kind];
  return strictBinary(e, (l, r) => test(compareValues(l, r, type)));
}

const COMPILE: ExpressionTable<Evaluate> = {
  Literal: (e) => {
    const v = e.value ?? null;
    return () => v;
  },
  BoundReference: (e) => (row) => row[e.ordinal] ?? null,
  AttributeReference: cannotEvaluate("it is not bound to an input column; call bindReferences with the operator's input first"),
  Alias: (e) => evaluator(e.child),
  UnresolvedAttribute: cannotEvaluate("it is unresolved; analyze the plan first"),
  UnresolvedStar: cannotEvaluate("it is unresolved; analyze the plan first"),
  UnresolvedFunction: cannotEvaluate("it is unresolved; analyze the plan first"),
  UnresolvedExtractValue: cannotEvaluate("it is unresolved; analyze the plan first"),
  Add: compileArithmetic,
  Subtract: compileArithmetic,
  Multiply: compileArithmetic,
  Divide: compileArithmetic,
  IntegralDivide: compileArithmetic,
  Remainder: compileArithmetic,
  UnaryMinus: (e) => strictUnary(e.child, negate(dataTypeOf(e.child))),
  EqualTo: compileComparison,
  LessThan: compileComparison,
  LessThanOrEqual: compileComparison,
  GreaterThan: compileComparison,
  GreaterThanOrEqual: compileComparison,
  EqualNullSafe: (e) => {
    const [left, right, type] = [evaluator(e.left), evaluator(e.right), dataTypeOf(e.left)];
    return (row, ctx) => {
      const [l, r] = [left(row, ctx), right(row, ctx)];
      return l === null || r === null ? l === r : compareValues(l, r, type) === 0;
    };
  },
  // Three-valued logic: false AND null is false, true OR null is true; otherwise null wins.
  And: (e) => {
    const [left, right] = [evaluator(e.left), evaluator(e.right)];
    return (row, ctx) => {
      const l = left(row, ctx);
      if (l === false) return false;
      const r = right(row, ctx);
      if (r === false) return false;
      return l === null || r === null ? null : true;
    };
  },
  Or: (e) => {
    const [left, right] = [evaluator(e.left), evaluator(e.right)];
    return (row, ctx) => {
      const l = left(row, ctx);
      if (l === true) return true;
      const r = right(row, ctx);
      if (r === true) return true;
      return l === null || r === null ? null : false;
    };
  },
  Not: (e) => strictUnary(e.child, (v) => !v),
  IsNull: (e) => {
    const c = evaluator(e.child);
    return (row, ctx) => c(row, ctx) === null;
  },
  IsNotNull: (e) => {
    const c = evaluator(e.child);
    return (row, ctx) => c(row, ctx) !== null;
  },
  In: (e) => {
    const [value, list, type] = [evaluator(e.value), e.list.map(evaluator), dataTypeOf(e.value)];
    return (row, ctx) => {
      const v = value(row, ctx);
      if (v === null) return null;
      let sawNull = false;
      for (const item of list) {
        const x = item(row, ctx);
        if (x === null) sawNull = true;
        else if (compareValues(v, x, type) === 0) return true;
      }
      return sawNull ? null : false;
    };
  },
  Like: (e) => strictBinary(e, (s, pattern) => likePatternToRegex(pattern as string, e.escapeChar).test(s as string)),
  RLike: (e) => strictBinary(e, (s, pattern) => javaRegex(pattern as string).test(s as string)),
  CaseWhen: (e) => {
    const branches = e.branches.map(([c, v]) => [evaluator(c), evaluator(v)] as const);
    const otherwise = e.elseValue ? evaluator(e.elseValue) : () => null;
    return (row, ctx) => {
      for (const [condition, value] of branches) if (condition(row, ctx) === true) return value(row, ctx);
      return otherwise(row, ctx);
    };
  },
  Cast: (e) => {
    const [child, from] = [evaluator(e.child), dataTypeOf(e.child)];
    return (row, ctx) => castValue(child(row, ctx), from, e.dataType, ctx.timeZone);
  },
  SortOrder: (e) => evaluator(e.child),
  ScalarFunction: (e) => {
    const def = scalarFunctionDefinition(e.name);
    const [args, types, resultType] = [e.children.map(evaluator), e.children.map(dataTypeOf), dataTypeOf(e)];
    return (row, ctx) => {
      const values = args.map((a) => a(row, ctx));
      if (!def.nullSafe && values.some((v) => v === null)) return null;
      return def.eval(values, types, ctx, resultType) ?? null;
    };
  },
  AggregateExpression: cannotEvaluate("aggregate functions are evaluated by the Aggregate operator, group by group"),
  ScalarSubquery: cannotEvaluate("subqueries are planned and run as their own queries"),
  Exists: cannotEvaluate("subqueries are rewritten into joins by the optimizer"),
  InSubquery: cannotEvaluate("subqueries are rewritten into joins by the optimizer"),
  OuterReference: cannotEvaluate("outer references are rewritten into join conditions by the optimizer"),
  GetStructField: (e) => strictUnary(e.child, (v) => (v as unknown[])[e.ordinal] ?? null),
  GetArrayItem: (e) =>
    strictBinary({ left: e.child, right: e.ordinal }, (a, i) => {
      const index = Number(i);
      return index >= 0 && index < (a as unknown[]).length ? ((a as unknown[])[index] ?? null) : null;
    }),
  GetMapValue: (e) => {
    const keyType = dataTypeOf(e.key);
    return strictBinary({ left: e.child, right: e.key }, (m, k) => {
      for (const [key, value] of m as Map<unknown, unknown>) if (compareValues(key, k, keyType) === 0) return value ?? null;
      return null;
    });
  },
};

