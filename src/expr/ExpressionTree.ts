import { Alias } from "./Alias.js";
import { BinaryArithmetic, UnaryMinus } from "./Arithmetic.js";
import { CaseWhen } from "./CaseWhen.js";
import { Cast } from "./Cast.js";
import type { Expression, ExpressionOf, ExpressionTable } from "./Expression.js";
import { explainString } from "./ExpressionString.js";
import { GetArrayItem, GetMapValue, GetStructField } from "./ExtractValue.js";
import { AggregateExpression, ScalarFunction } from "./FunctionCall.js";
import { Like, RLike } from "./Like.js";
import { And, BinaryComparison, In, IsNotNull, IsNull, Not, Or } from "./Predicates.js";
import { SortOrder } from "./SortOrder.js";
import { InSubquery } from "./Subquery.js";
import { TreeOps } from "./TreeNode.js";
import { UnresolvedExtractValue, UnresolvedFunction } from "./Unresolved.js";

interface ChildAccess<E> {
  children(e: E): readonly Expression[];
  rebuild(e: E, c: readonly Expression[]): Expression;
}

const leaf: ChildAccess<Expression> = { children: () => [], rebuild: (e) => e };
const unary = <E extends { child: Expression }>(make: (e: E, child: Expression) => Expression): ChildAccess<E> => ({
  children: (e) => [e.child],
  rebuild: (e, [c]) => make(e, c!),
});
const binary = <E extends { left: Expression; right: Expression }>(make: (e: E, l: Expression, r: Expression) => Expression): ChildAccess<E> => ({
  children: (e) => [e.left, e.right],
  rebuild: (e, [l, r]) => make(e, l!, r!),
});
const arithmetic = binary<BinaryArithmetic>((e, l, r) => BinaryArithmetic(e.kind, l, r));
const comparison = binary<BinaryComparison>((e, l, r) =>
  BinaryComparison(e.kind, l, r),
);

/** How to reach and replace the children of each kind of expression. Subquery plans are not children here. */
const ACCESS: { readonly [K in keyof ExpressionTable<unknown>]: ChildAccess<ExpressionOf<K>> } = {
  Literal: leaf,
  AttributeReference: leaf,
  BoundReference: leaf,
  UnresolvedAttribute: leaf,
  UnresolvedStar: leaf,
  ScalarSubquery: leaf,
  Exists: leaf,
  OuterReference: leaf,
  Alias: unary((e, c) => Alias(c, e.name, e.exprId, e.qualifier)),
  UnresolvedFunction: access((e) => e.children, (e, c) => UnresolvedFunction(e.name, c, e.isDistinct)),
  UnresolvedExtractValue: access((e) => [e.child, e.extraction], (_e, [c, x]) => UnresolvedExtractValue(c!, x!)),
  Add: arithmetic,
  Subtract: arithmetic,
  Multiply: arithmetic,
  Divide: arithmetic,
  IntegralDivide: arithmetic,
  Remainder: arithmetic,
  UnaryMinus: unary((_e, c) => UnaryMinus(c)),
  EqualTo: comparison,
  EqualNullSafe: comparison,
  LessThan: comparison,
  LessThanOrEqual: comparison,
  GreaterThan: comparison,
  GreaterThanOrEqual: comparison,
  And: binary((_e, l, r) => And(l, r)),
  Or: binary((_e, l, r) => Or(l, r)),
  Not: unary((_e, c) => Not(c)),
  IsNull: unary((_e, c) => IsNull(c)),
  IsNotNull: unary((_e, c) => IsNotNull(c)),
  In: access((e) => [e.value, ...e.list], (_e, [v, ...list]) => In(v!, list)),
  Like: binary((e, l, r) => Like(l, r, e.escapeChar)),
  RLike: binary((_e, l, r) => RLike(l, r)),
  CaseWhen: access(
    (e) => [...e.branches.flat(), ...(e.elseValue ? [e.elseValue] : [])],
    (e, c) => CaseWhen(e.branches.map((_, i) => [c[2 * i]!, c[2 * i + 1]!] as const), e.elseValue ? c[c.length - 1]! : null),
  ),
  Cast: unary((e, c) => Cast(c, e.dataType)),
  SortOrder: unary((e, c) => SortOrder(c, e.direction, e.nullOrdering)),
  ScalarFunction: access((e) => e.children, (e, c) => ScalarFunction(e.name, c)),
  AggregateExpression: access((e) => e.children, (e, c) => AggregateExpression(e.name, c, e.isDistinct)),
  InSubquery: access((e) => [e.value], (e, [c]) => InSubquery(c!, e.plan)),
  GetStructField: unary((e, c) => GetStructField(c, e.ordinal, e.name)),
  GetArrayItem: access((e) => [e.child, e.ordinal], (_e, [c, o]) => GetArrayItem(c!, o!)),
  GetMapValue: access((e) => [e.child, e.key], (_e, [c, k]) => GetMapValue(c!, k!)),
};

function access<E>(children: (e: E) => readonly Expression[], rebuild: (e: E, c: readonly Expression[]) => Expression): ChildAccess<E> {
  return { children, rebuild };
}

const accessOf = (e: Expression) => ACCESS[e.kind] as ChildAccess<Expression>;

/** The tree operations (transformUp/Down, collect, …) for expressions. */
export const Expressions = new TreeOps<Expression>({
  children: (e) => accessOf(e).children(e),
  withNewChildren: (e, children) => accessOf(e).rebuild(e, children),
  describe: explainString,
});

const EXPRESSION_KINDS = new Set(Object.keys(ACCESS));

/** The node's own fields (not its children) as a string, for comparing nodes of one kind. */
function ownFields(e: Expression): string {
  return JSON.stringify(e, (key, v: unknown) => {
    if (typeof v === "bigint") return `${v}n`;
    const isChild = key !== "" && v !== null && typeof v === "object" && EXPRESSION_KINDS.has((v as { kind?: string }).kind ?? "");
    return isChild ? undefined : v;
  });
}

/**
 * Spark's `semanticEquals`: the two expressions compute the same thing. Attributes are the same column when
 * their ids are, whatever their qualifiers.
 */
export function semanticEquals(a: Expression, b: Expression): boolean {
  if (a.kind === "AttributeReference" && b.kind === "AttributeReference") return a.exprId === b.exprId;
  if (a.kind !== b.kind) return false;
  const [ca, cb] = [Expressions.children(a), Expressions.children(b)];
  return ca.length === cb.length && ca.every((c, i) => semanticEquals(c, cb[i]!)) && ownFields(a) === ownFields(b);
}
