import { AnalysisException } from "../../expr/AnalysisException.js";
import { AttributeReference } from "../../expr/AttributeReference.js";
import type { Expression } from "../../expr/Expression.js";
import { prettyName } from "../../expr/ExpressionString.js";
import { Expressions } from "../../expr/ExpressionTree.js";
import { dataTypeOf, isResolved } from "../../expr/ExpressionTypes.js";
import type { ScalarFunction } from "../../expr/FunctionCall.js";
import { scalarFunctionDefinition } from "../../expr/functions/FunctionRegistry.js";
import { Generate } from "../logical/Generate.js";
import { Plans } from "../logical/PlanTree.js";
import { Project } from "../logical/UnaryNodes.js";
import { rule } from "../rules/Rule.js";

const isGenerator = (e: Expression): e is ScalarFunction => e.kind === "ScalarFunction" && scalarFunctionDefinition(e.name).generator === true;

/**
 * Spark's ExtractGenerator: `SELECT a, explode(xs) AS x` runs the generator in a Generate operator below the
 * projection, whose output columns (named `col`, or `key` and `value` for a map, unless aliased) the projection
 * then selects.
 */
export const ResolveGenerate = rule("ResolveGenerate", (plan) =>
  Plans.transformUp(plan, (node) => {
    if (node.kind !== "Project" || !node.projectList.every(isResolved)) return node;
    const topLevel = node.projectList.filter((e) => isGenerator(e) || (e.kind === "Alias" && isGenerator(e.child)));
    const nested = node.projectList.filter((e) => !topLevel.includes(e) && Expressions.exists(e, isGenerator));
    if (nested.length > 0) {
      throw new AnalysisException(
        "UNSUPPORTED_GENERATOR.NESTED_IN_EXPRESSIONS",
        `The generator is not supported: nested in expressions "${prettyName(nested[0]!)}".`,
      );
    }
    if (topLevel.length === 0) return node;
    if (topLevel.length > 1) {
      throw new AnalysisException(
        "UNSUPPORTED_GENERATOR.MULTI_GENERATOR",
        `The generator is not supported: only one generator allowed per SELECT clause but found ${topLevel.length}: ${topLevel.map((e) => `"${prettyName(e)}"`).join(", ")}.`,
      );
    }
    const item = topLevel[0]!;
    const generator = (item.kind === "Alias" ? item.child : item) as ScalarFunction;
    const columns = generatorOutput(generator, item.kind === "Alias" ? [item.name] : null);
    return Project(
      node.projectList.flatMap((e) => (e === item ? columns : [e])),
      Generate(generator, false, columns, node.child),
    );
  }).node,
);

/** The generator's columns (Spark's elementSchema), renamed by the aliases it was given, if any. */
function generatorOutput(generator: ScalarFunction, aliases: readonly string[] | null): AttributeReference[] {
  const type = dataTypeOf(generator);
  const fields = dataTypeOf(generator.children[0]!).kind === "map" && type.kind === "struct" ? type.fields : [{ name: "col", dataType: type, nullable: true }];
  if (aliases && aliases.length !== fields.length) {
    throw new AnalysisException(
      "UDTF_ALIAS_NUMBER_MISMATCH",
      `The number of aliases supplied in the AS clause does not match the number of columns output by the UDTF. Expected ${fields.length} aliases, but got ${aliases.join(", ")}.`,
    );
  }
  return fields.map((f, i) => AttributeReference(aliases?.[i] ?? f.name, f.dataType, f.nullable));
}
