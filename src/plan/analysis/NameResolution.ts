import { AnalysisException, toSQLId } from "../../expr/AnalysisException.js";
import type { Attribute } from "../../expr/AttributeReference.js";
import type { Expression } from "../../expr/Expression.js";
import { dataTypeOf } from "../../expr/ExpressionTypes.js";
import { GetStructField } from "../../expr/ExtractValue.js";

/**
 * Spark's `LogicalPlan.resolve(nameParts)`: finds what a possibly qualified name refers to among an operator's
 * input columns, case-insensitively (`spark.sql.caseSensitive` is false by default). `t.a` is column `a` of
 * relation `t` when there is one, else field `a` of a struct column `t`.
 */
export const sameName = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

function qualifierMatches(qualifier: readonly string[], parts: readonly string[]): boolean {
  // A qualifier [db, t] matches `db.t.a` and also just `t.a`.
  for (let n = qualifier.length; n >= 1; n--) {
    const suffix = qualifier.slice(qualifier.length - n);
    if (suffix.length === parts.length && suffix.every((q, i) => sameName(q, parts[i]!))) return true;
  }
  return false;
}

/** How a name matched an attribute: the attribute, and the nested field names still to extract from it. */
interface Match {
  readonly attribute: Attribute;
  readonly nestedFields: readonly string[];
}

function candidates(nameParts: readonly string[], input: readonly Attribute[]): Match[] {
  const qualified: Match[] = [];
  for (const a of input) {
    for (let q = Math.min(a.qualifier.length, nameParts.length - 1); q >= 1; q--) {
      if (qualifierMatches(a.qualifier, nameParts.slice(0, q)) && sameName(a.name, nameParts[q]!)) {
        qualified.push({ attribute: a, nestedFields: nameParts.slice(q + 1) });
        break;
      }
    }
  }
  if (qualified.length > 0) return qualified;
  return input.filter((a) => sameName(a.name, nameParts[0]!)).map((a) => ({ attribute: a, nestedFields: nameParts.slice(1) }));
}

/** Extracts struct fields by name, as Spark's ExtractValue on a struct; null when a field does not exist. */
export function extractFields(e: Expression, fields: readonly string[]): Expression | null {
  let current = e;
  for (const name of fields) {
    const t = dataTypeOf(current);
    if (t.kind !== "struct") return null;
    const ordinal = t.fields.findIndex((f) => sameName(f.name, name));
    if (ordinal < 0) return null;
    current = GetStructField(current, ordinal, t.fields[ordinal]!.name);
  }
  return current;
}

/**
 * The expression `nameParts` refers to among `input`, or null when nothing matches. Several matches are an
 * ambiguity, reported as Spark's AMBIGUOUS_REFERENCE.
 */
export function resolveName(nameParts: readonly string[], input: readonly Attribute[]): Expression | null {
  const found = candidates(nameParts, input);
  const distinct = found.filter((m, i) => found.findIndex((o) => o.attribute.exprId === m.attribute.exprId) === i);
  if (distinct.length > 1) {
    throw new AnalysisException(
      "AMBIGUOUS_REFERENCE",
      `Reference ${toSQLId(nameParts)} is ambiguous, could be: [${distinct.map((m) => toSQLId([...m.attribute.qualifier, m.attribute.name, ...m.nestedFields])).join(", ")}].`,
    );
  }
  const match = distinct[0];
  return match ? extractFields(match.attribute, match.nestedFields) : null;
}

/** How Spark names a column in suggestions: with its qualifier, each part backquoted. */
export function qualifiedName(a: Attribute): string {
  return toSQLId([...a.qualifier, a.name]);
}
