import { ARITHMETIC_SYMBOL, type BinaryArithmetic } from "./Arithmetic.js";
import type { AttributeReference } from "./AttributeReference.js";
import { dispatch, type Expression, type ExpressionTable } from "./Expression.js";
import { dataTypeOf, isResolved } from "./ExpressionTypes.js";
import type { Literal } from "./Literal.js";
import { COMPARISON_SYMBOL, type BinaryComparison } from "./Predicates.js";
import { formatValue } from "./ValueFormat.js";

/**
 * Expressions as Spark prints them. Two renderings: `explainString` for plans (`(a#1 + 1)`, `isnotnull(a#1)`),
 * with ids, and `prettyName` for the name Spark gives an unaliased column (`(a + 1)`, `(a IS NOT NULL)`).
 */
type Mode = "explain" | "pretty";

export function explainString(e: Expression): string {
  return render(e, "explain");
}

export function prettyName(e: Expression): string {
  return render(e, "pretty");
}

function render(e: Expression, mode: Mode): string {
  return dispatch(mode === "explain" ? EXPLAIN : PRETTY, e);
}

/** Spark marks bigint attributes and aliases with `L`: `id#0L`. */
function attributeString(a: AttributeReference): string {
  return `${a.name}#${a.exprId}${a.dataType.kind === "long" ? "L" : ""}`;
}

/** Spark's Literal.toString in explain; its pretty form differs only for null, booleans and datetimes. */
function literalString(l: Literal, mode: Mode): string {
  if (l.value === null || l.value === undefined) return mode === "pretty" ? "NULL" : "null";
  const text = formatValue(l.value, l.dataType, "UTC");
  if (mode === "pretty" && l.dataType.kind === "date") return `DATE '${text}'`;
  if (mode === "pretty" && l.dataType.kind === "timestamp") return `TIMESTAMP '${text}'`;
  return text;
}

function renderers(mode: Mode): ExpressionTable<string> {
  const r = (e: Expression) => render(e, mode);
  const binary = (symbol: string) => (e: { left: Expression; right: Expression }) => `(${r(e.left)} ${symbol} ${r(e.right)})`;
  const arithmetic = (e: BinaryArithmetic) =>
    binary(ARITHMETIC_SYMBOL[e.kind])(e);
  const comparison = (e: BinaryComparison) =>
    binary(COMPARISON_SYMBOL[e.kind])(e);
  const call = (name: string, args: readonly Expression[]) => `${name}(${args.map(r).join(", ")})`;
  return {
    Literal: (e) => literalString(e, mode),
    AttributeReference: (e) => (mode === "explain" ? attributeString(e) : e.name),
    BoundReference: (e) => `input[${e.ordinal}, ${e.dataType.simpleString()}, ${e.nullable}]`,
    Alias: (e) => (mode === "explain" ? `${r(e.child)} AS ${e.name}#${e.exprId}${isResolved(e.child) && dataTypeOf(e.child).kind === "long" ? "L" : ""}` : e.name),
    UnresolvedAttribute: (e) => (mode === "explain" ? "'" : "") + e.nameParts.join("."),
    UnresolvedStar: (e) => (e.target ? `${e.target.join(".")}.*` : "*"),
    UnresolvedFunction: (e) => (mode === "explain" ? "'" : "") + call(e.name, e.children),
    UnresolvedExtractValue: (e) => `${r(e.child)}[${r(e.extraction)}]`,
    Add: arithmetic,
    Subtract: arithmetic,
    Multiply: arithmetic,
    Divide: arithmetic,
    IntegralDivide: arithmetic,
    Remainder: arithmetic,
    UnaryMinus: (e) => (mode === "explain" ? `-${r(e.child)}` : `(- ${r(e.child)})`),
    EqualTo: comparison,
    EqualNullSafe: comparison,
    LessThan: comparison,
    LessThanOrEqual: comparison,
    GreaterThan: comparison,
    GreaterThanOrEqual: comparison,
    And: binary("AND"),
    Or: binary("OR"),
    Not: (e) => (mode === "explain" ? `NOT ${r(e.child)}` : `(NOT ${r(e.child)})`),
    IsNull: (e) => (mode === "explain" ? `isnull(${r(e.child)})` : `(${r(e.child)} IS NULL)`),
    IsNotNull: (e) => (mode === "explain" ? `isnotnull(${r(e.child)})` : `(${r(e.child)} IS NOT NULL)`),
    In: (e) => (mode === "explain" ? `${r(e.value)} IN (${e.list.map(r).join(",")})` : `(${r(e.value)} IN (${e.list.map(r).join(", ")}))`),
    Like: (e) => `${r(e.left)} LIKE ${r(e.right)}${e.escapeChar === "\\" ? "" : ` ESCAPE '${e.escapeChar}'`}`,
    RLike: (e) => `${r(e.left)} RLIKE ${r(e.right)}`,
    CaseWhen: (e) =>
      `CASE${e.branches.map(([c, v]) => ` WHEN ${r(c)} THEN ${r(v)}`).join("")}${e.elseValue ? ` ELSE ${r(e.elseValue)}` : ""} END`,
    Cast: (e) => (mode === "explain" ? `cast(${r(e.child)} as ${e.dataType.simpleString()})` : `CAST(${r(e.child)} AS ${e.dataType.sql()})`),
    SortOrder: (e) => `${r(e.child)} ${e.direction === "Ascending" ? "ASC" : "DESC"} ${e.nullOrdering === "NullsFirst" ? "NULLS FIRST" : "NULLS LAST"}`,
    // Spark names a time window column `window`, whatever its arguments, so that queries can refer to it.
    ScalarFunction: (e) => (mode === "pretty" && e.name === "window" ? "window" : call(e.name, e.children)),
    AggregateExpression: (e) => `${e.name}(${e.isDistinct ? (mode === "explain" ? "distinct " : "DISTINCT ") : ""}${e.children.map(r).join(", ")})`,
    ScalarSubquery: () => "scalarsubquery()",
    Exists: () => "exists()",
    InSubquery: (e) => `${r(e.value)} IN (listquery())`,
    OuterReference: (e) => `outer(${r(e.attribute)})`,
    GetStructField: (e) => `${r(e.child)}.${e.name}`,
    GetArrayItem: (e) => `${r(e.child)}[${r(e.ordinal)}]`,
    GetMapValue: (e) => `${r(e.child)}[${r(e.key)}]`,
  };
}

const EXPLAIN = renderers("explain");
const PRETTY = renderers("pretty");
