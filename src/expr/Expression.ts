import type { Alias } from "./Alias.js";
import type { BinaryArithmetic, UnaryMinus } from "./Arithmetic.js";
import type { AttributeReference } from "./AttributeReference.js";
import type { BoundReference } from "./BoundReference.js";
import type { CaseWhen } from "./CaseWhen.js";
import type { Cast } from "./Cast.js";
import type { GetArrayItem, GetMapValue, GetStructField } from "./ExtractValue.js";
import type { AggregateExpression, ScalarFunction } from "./FunctionCall.js";
import type { Like, RLike } from "./Like.js";
import type { Literal } from "./Literal.js";
import type { And, BinaryComparison, In, IsNotNull, IsNull, Not, Or } from "./Predicates.js";
import type { SortOrder } from "./SortOrder.js";
import type { Exists, InSubquery, OuterReference, ScalarSubquery } from "./Subquery.js";
import type { UnresolvedAttribute, UnresolvedExtractValue, UnresolvedFunction, UnresolvedStar } from "./Unresolved.js";

/**
 * Every kind of expression, discriminated by `kind`. Each table keyed by `ExpressionKind` (children, types,
 * printing, evaluation) must name every kind, so adding a node fails the build until all of them handle it.
 */
export type Expression =
  | Literal
  | AttributeReference
  | BoundReference
  | Alias
  | UnresolvedAttribute
  | UnresolvedStar
  | UnresolvedFunction
  | UnresolvedExtractValue
  | BinaryArithmetic
  | UnaryMinus
  | BinaryComparison
  | And
  | Or
  | Not
  | IsNull
  | IsNotNull
  | In
  | Like
  | RLike
  | CaseWhen
  | Cast
  | SortOrder
  | ScalarFunction
  | AggregateExpression
  | ScalarSubquery
  | Exists
  | InSubquery
  | OuterReference
  | GetStructField
  | GetArrayItem
  | GetMapValue;

export type ExpressionKind = Expression["kind"];

/** The node type of one kind, for tables of handlers: `ExpressionOf<"Cast">` is `Cast`. */
export type ExpressionOf<K extends ExpressionKind> = Extract<Expression, { kind: K }>;

/** A table with one handler per expression kind; leaving a kind out is a compile error. */
export type ExpressionTable<R> = { readonly [K in ExpressionKind]: (e: ExpressionOf<K>) => R };

/** Calls the handler for `e`'s kind. */
export function dispatch<R>(table: ExpressionTable<R>, e: Expression): R {
  return (table[e.kind] as (e: Expression) => R)(e);
}
