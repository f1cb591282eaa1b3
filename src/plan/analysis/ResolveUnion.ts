import { Alias } from "../../expr/Alias.js";
import { AnalysisException, closestMatches, toSQLId } from "../../expr/AnalysisException.js";
import type { Expression } from "../../expr/Expression.js";
import { Literal } from "../../expr/Literal.js";
import type { LogicalPlan } from "../logical/LogicalPlan.js";
import { outputOf } from "../logical/PlanOutput.js";
import { Plans } from "../logical/PlanTree.js";
import { Project } from "../logical/UnaryNodes.js";
import { Union } from "../logical/Union.js";
import { rule } from "../rules/Rule.js";
import { sameName } from "./NameResolution.js";
import { childrenResolved } from "./ResolveReferences.js";

/**
 * Spark's ResolveUnion: `unionByName` reorders each later child's columns to the first child's names (adding
 * null columns for missing ones when allowed); a positional union must have equally many columns everywhere.
 */
export const ResolveUnion = rule("ResolveUnion", (plan) =>
  Plans.transformUp(plan, (node) => {
    if (node.kind !== "Union" || !childrenResolved(node)) return node;
    if (node.byName) return Union(byName(node.children, node.allowMissingColumns));
    const first = outputOf(node.children[0]!).length;
    node.children.forEach((c, i) => {
      const n = outputOf(c).length;
      if (n !== first) {
        throw new AnalysisException(
          "NUM_COLUMNS_MISMATCH",
          `UNION can only be performed on inputs with the same number of columns, but the first input has ${first} columns and the ${ordinal(i + 1)} input has ${n} columns.`,
        );
      }
    });
    return node;
  }).node,
);

function ordinal(n: number): string {
  return ["zeroth", "first", "second", "third", "fourth", "fifth"][n] ?? `${n}th`;
}

function byName(children: readonly LogicalPlan[], allowMissingColumns: boolean): LogicalPlan[] {
  const outputs = children.map(outputOf);
  const names = [...outputs[0]!.map((a) => a.name)];
  if (allowMissingColumns) for (const o of outputs.slice(1)) for (const a of o) if (!names.some((n) => sameName(n, a.name))) names.push(a.name);
  return children.map((child, i) => {
    const output = outputs[i]!;
    const columns: Expression[] = names.map((name) => {
      const found = output.find((a) => sameName(a.name, name));
      if (found) return found;
      if (!allowMissingColumns) {
        const suggestions = closestMatches(name, output.map((a) => a.name)).map((n) => toSQLId(n));
        throw new AnalysisException(
          "UNRESOLVED_COLUMN.WITH_SUGGESTION",
          `A column, variable, or function parameter with name ${toSQLId(name)} cannot be resolved. Did you mean one of the following? [${suggestions.join(", ")}].`,
        );
      }
      const type = outputs.flatMap((o) => o).find((a) => sameName(a.name, name))!.dataType;
      return Alias(Literal(null, type), name);
    });
    const unchanged = columns.length === output.length && columns.every((c, j) => c === output[j]);
    return unchanged ? child : Project(columns, child);
  });
}
