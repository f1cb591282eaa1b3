import { Alias } from "../../expr/Alias.js";
import type { Expression } from "../../expr/Expression.js";
import { Expressions } from "../../expr/ExpressionTree.js";

/**
 * Spark's AliasHelper: rewriting an expression that sits above a projection so that it can sit below it, by
 * replacing references to the projection's aliases with the aliased expressions.
 */
export function aliasMap(projectList: readonly Expression[]): Map<number, Alias> {
  const map = new Map<number, Alias>();
  for (const e of projectList) if (e.kind === "Alias") map.set(e.exprId, e);
  return map;
}

/** `e` with each reference to an alias replaced by what the alias computes (Spark's `replaceAlias`). */
export function replaceAlias(e: Expression, aliases: ReadonlyMap<number, Alias>): Expression {
  return Expressions.transformUp(e, (n) => (n.kind === "AttributeReference" ? (aliases.get(n.exprId)?.child ?? n) : n)).node;
}

/**
 * Like `replaceAlias` for an item of a select list: a top-level reference keeps its name and id, so that the
 * list's output stays the same (Spark's `replaceAliasButKeepName`).
 */
export function replaceAliasButKeepName(e: Expression, aliases: ReadonlyMap<number, Alias>): Expression {
  if (e.kind === "AttributeReference") {
    const alias = aliases.get(e.exprId);
    return alias ? Alias(alias.child, e.name, e.exprId, e.qualifier) : e;
  }
  if (e.kind === "Alias") return Alias(replaceAlias(e.child, aliases), e.name, e.exprId, e.qualifier);
  return replaceAlias(e, aliases);
}
