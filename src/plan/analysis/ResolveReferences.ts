import { Alias } from "../../expr/Alias.js";
import { AnalysisException, toSQLId } from "../../expr/AnalysisException.js";
import type { Attribute } from "../../expr/AttributeReference.js";
import type { Expression } from "../../expr/Expression.js";
import { Expressions } from "../../expr/ExpressionTree.js";
import { dataTypeOf, isResolved } from "../../expr/ExpressionTypes.js";
import { GetArrayItem, GetMapValue, GetStructField } from "../../expr/ExtractValue.js";
import { OuterReference } from "../../expr/Subquery.js";
import type { UnresolvedStar } from "../../expr/Unresolved.js";
import { Aggregate } from "../logical/Aggregate.js";
import type { LogicalPlan } from "../logical/LogicalPlan.js";
import { isPlanResolved, outputOf } from "../logical/PlanOutput.js";
import { mapExpressions, Plans } from "../logical/PlanTree.js";
import { Project } from "../logical/UnaryNodes.js";
import { rule, type Rule } from "../rules/Rule.js";
import { extractFields, qualifiedName, resolveName, sameName } from "./NameResolution.js";

/**
 * Spark's ResolveReferences: once a node's children are resolved, the names in its expressions are looked up in
 * the children's output (then, inside a subquery, in the enclosing queries' columns, as outer references), `*`
 * is expanded, and `x[k]` / `x.f` become struct, array or map extractions.
 */
export function ResolveReferences(outerScopes: readonly (readonly Attribute[])[]): Rule {
  return rule("ResolveReferences", (plan) =>
    Plans.transformUp(plan, (node) => {
      if (!childrenResolved(node) || node.kind === "UnresolvedHaving" || (node.kind === "Join" && node.usingColumns !== null)) return node;
      const input = Plans.children(node).flatMap(outputOf);
      const resolve = (e: Expression) => resolveExpression(e, input, outerScopes);
      switch (node.kind) {
        case "Project": {
          const list = resolveSelectList(node.projectList, input, resolve);
          return list ? Project(list, node.child) : node;
        }
        case "Aggregate": {
          const list = resolveSelectList(node.aggregateExpressions, input, resolve);
          const grouping = node.groupingExpressions.map(resolve);
          return list || grouping.some((g, i) => g !== node.groupingExpressions[i]) ? Aggregate(grouping, list ?? node.aggregateExpressions, node.child) : node;
        }
        default:
          return mapExpressions(node, resolve);
      }
    }).node,
  );
}

export function childrenResolved(node: LogicalPlan): boolean {
  return Plans.children(node).every(isPlanResolved);
}

/** The list with stars expanded and names resolved; null when nothing changed. */
function resolveSelectList(list: readonly Expression[], input: readonly Attribute[], resolve: (e: Expression) => Expression): Expression[] | null {
  let changed = false;
  const out = list.flatMap((e) => {
    if (e.kind === "UnresolvedStar") {
      changed = true;
      return expandStar(e, input);
    }
    const r = resolve(e);
    if (r === e) return [e];
    changed = true;
    // `SELECT s.x` names its column `x`, as Spark does for a nested field at the top of a select list.
    return [e.kind === "UnresolvedAttribute" && r.kind === "GetStructField" ? Alias(r, r.name) : r];
  });
  return changed ? out : null;
}

/** `*` is every input column; `t.*` those of relation `t`, or the fields of struct column `t`. */
function expandStar(star: UnresolvedStar, input: readonly Attribute[]): Expression[] {
  if (star.target === null) return [...input];
  const target = star.target;
  const ofRelation = input.filter((a) => a.qualifier.length >= target.length && a.qualifier.slice(a.qualifier.length - target.length).every((q, i) => sameName(q, target[i]!)));
  if (ofRelation.length > 0) return ofRelation;
  const struct = resolveName(target, input);
  if (struct && isResolved(struct)) {
    const t = dataTypeOf(struct);
    if (t.kind === "struct") return t.fields.map((f, i) => Alias(GetStructField(struct, i, f.name), f.name));
  }
  throw new AnalysisException(
    "CANNOT_RESOLVE_STAR_EXPAND",
    `Cannot resolve ${toSQLId(target)}.* given input columns ${input.map(qualifiedName).join(", ")}. Please check that the specified table or struct exists and is accessible in the input columns.`,
  );
}

/** Resolves the names and extractions of one expression; what cannot be resolved yet is left as it is. */
export function resolveExpression(e: Expression, input: readonly Attribute[], outerScopes: readonly (readonly Attribute[])[]): Expression {
  return Expressions.transformUp(e, (n) => {
    if (n.kind === "UnresolvedAttribute") return resolveName(n.nameParts, input) ?? resolveOuter(n.nameParts, outerScopes) ?? n;
    if (n.kind === "UnresolvedExtractValue" && isResolved(n.child) && isResolved(n.extraction)) return resolveExtractValue(n.child, n.extraction) ?? n;
    return n;
  }).node;
}

function resolveOuter(nameParts: readonly string[], outerScopes: readonly (readonly Attribute[])[]): Expression | null {
  for (let i = outerScopes.length - 1; i >= 0; i--) {
    const found = resolveName(nameParts, outerScopes[i]!);
    if (found) return Expressions.transformUp(found, (n) => (n.kind === "AttributeReference" ? OuterReference(n) : n)).node;
  }
  return null;
}

/** `child[extraction]`: a field of a struct (by name), an item of an array, or a value of a map. */
function resolveExtractValue(child: Expression, extraction: Expression): Expression | null {
  const t = dataTypeOf(child);
  switch (t.kind) {
    case "struct":
      return extraction.kind === "Literal" && typeof extraction.value === "string" ? extractFields(child, [extraction.value]) : null;
    case "array":
      return GetArrayItem(child, extraction);
    case "map":
      return GetMapValue(child, extraction);
    default:
      throw new AnalysisException(
        "INVALID_EXTRACT_BASE_FIELD_TYPE",
        `Can't extract a value from ${toSQLId(child.kind === "AttributeReference" ? child.name : "expression")}. Need a complex type [STRUCT, ARRAY, MAP] but got "${t.sql()}".`,
      );
  }
}
