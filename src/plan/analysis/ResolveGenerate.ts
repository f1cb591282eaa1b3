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
 * projection, whose output column (named `col` unless aliased) the projection then selects.
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
    const column = AttributeReference(item.kind === "Alias" ? item.name : "col", dataTypeOf(generator), true);
    return Project(
      node.projectList.map((e) => (e === item ? column : e)),
      Generate(generator, false, [column], node.child),
    );
  }).node,
);
