import { isNamedExpression } from "../../expr/Alias.js";
import { AttributeReference, withNullability, withQualifier, type Attribute } from "../../expr/AttributeReference.js";
import type { Expression } from "../../expr/Expression.js";
import { Expressions } from "../../expr/ExpressionTree.js";
import { dataTypeOf, isResolved, nullableOf } from "../../expr/ExpressionTypes.js";
import { StructField } from "../../types/StructField.js";
import { StructType } from "../../types/StructType.js";
import { SparkException } from "../../util/SparkException.js";
import type { JoinType } from "./Join.js";
import { dispatchPlan, type LogicalPlan, type PlanTable } from "./LogicalPlan.js";
import { expressionsOf, Plans } from "./PlanTree.js";

/** What each operator outputs, as attributes; the plan's schema follows from it. */

/** The attribute a named expression makes available to operators above (Spark's `toAttribute`). */
export function toAttribute(e: Expression): Attribute {
  switch (e.kind) {
    case "AttributeReference":
      return e;
    case "Alias":
      return AttributeReference(e.name, dataTypeOf(e.child), nullableOf(e.child), e.exprId, e.qualifier);
    default:
      throw new SparkException(`Cannot make an output column of ${e.kind}: operators output attributes and aliases only; the analyzer names other expressions.`, {
        errorClass: "INTERNAL_ERROR",
      });
  }
}

const childOutput = (p: { child: LogicalPlan }) => outputOf(p.child);
const nullable = (attrs: readonly Attribute[]) => attrs.map((a) => withNullability(a, true));

function joinOutput(joinType: JoinType, left: readonly Attribute[], right: readonly Attribute[]): readonly Attribute[] {
  switch (joinType) {
    case "LeftSemi":
    case "LeftAnti":
      return left;
    case "LeftOuter":
      return [...left, ...nullable(right)];
    case "RightOuter":
      return [...nullable(left), ...right];
    case "FullOuter":
      return [...nullable(left), ...nullable(right)];
    default:
      return [...left, ...right];
  }
}

function unresolvedOutput(p: LogicalPlan): never {
  throw new SparkException(`Invalid call to output on unresolved plan node ${p.kind}: resolve the plan first.`, { errorClass: "INTERNAL_ERROR" });
}

const OUTPUT: PlanTable<readonly Attribute[]> = {
  UnresolvedRelation: unresolvedOutput,
  UnresolvedHaving: unresolvedOutput,
  OneRowRelation: () => [],
  LocalRelation: (p) => p.output,
  Range: (p) => p.output,
  DataSourceRelation: (p) => p.output,
  Project: (p) => p.projectList.map(toAttribute),
  Filter: childOutput,
  Aggregate: (p) => p.aggregateExpressions.map(toAttribute),
  Join: (p) => joinOutput(p.joinType, outputOf(p.left), outputOf(p.right)),
  Sort: childOutput,
  GlobalLimit: childOutput,
  LocalLimit: childOutput,
  // A union's column is nullable when it is in any child; names and ids come from the first child.
  Union: (p) => {
    const outputs = p.children.map(outputOf);
    return outputs[0]!.map((a, i) => withNullability(a, outputs.some((o) => o[i]?.nullable ?? true)));
  },
  Except: (p) => outputOf(p.left),
  // A column of an intersection is null only where it is null on both sides.
  Intersect: (p) => {
    const right = outputOf(p.right);
    return outputOf(p.left).map((a, i) => withNullability(a, a.nullable && (right[i]?.nullable ?? true)));
  },
  Distinct: childOutput,
  Deduplicate: childOutput,
  StreamingRelation: (p) => p.output,
  EventTimeWatermark: childOutput,
  SubqueryAlias: (p) => outputOf(p.child).map((a) => withQualifier(a, [p.alias])),
  Repartition: childOutput,
  Generate: (p) => [...outputOf(p.child), ...p.generatorOutput],
};

export function outputOf(p: LogicalPlan): readonly Attribute[] {
  return dispatchPlan(OUTPUT, p);
}

/** The plan's schema: its output as a StructType. */
export function schemaOf(p: LogicalPlan): StructType {
  return new StructType(outputOf(p).map((a) => new StructField(a.name, a.dataType, a.nullable)));
}

/** Whether every node and expression of the plan is resolved (Spark's `resolved`), subquery plans included. */
export function isPlanResolved(p: LogicalPlan): boolean {
  return !Plans.exists(p, (n) => !isNodeResolved(n));
}

/** A select list is resolved once every item is named, as Spark wraps unnamed ones in UnresolvedAlias. */
function isNodeResolved(n: LogicalPlan): boolean {
  switch (n.kind) {
    case "UnresolvedRelation":
    case "UnresolvedHaving":
      return false;
    case "Join":
      return n.usingColumns === null && expressionsOf(n).every(isExpressionResolved);
    case "Project":
      return n.projectList.every((e) => isNamedExpression(e) && isExpressionResolved(e));
    case "Aggregate":
      return n.aggregateExpressions.every(isNamedExpression) && expressionsOf(n).every(isExpressionResolved);
    default:
      return expressionsOf(n).every(isExpressionResolved);
  }
}

function isExpressionResolved(e: Expression): boolean {
  return isResolved(e) && Expressions.collect(e, (n) => (n.kind === "Exists" || n.kind === "InSubquery" || n.kind === "ScalarSubquery" ? (n.plan as LogicalPlan) : undefined)).every(isPlanResolved);
}

/** The attributes an expression refers to (Spark's `references`), each once. */
export function referencesOf(e: Expression): Attribute[] {
  const seen = new Map<number, Attribute>();
  Expressions.foreach(e, (n) => {
    if (n.kind === "AttributeReference" && !seen.has(n.exprId)) seen.set(n.exprId, n);
  });
  return [...seen.values()];
}

/** The columns of `p`'s children that `p`'s own expressions use; columns `p` itself produces are not references. */
export function planReferences(p: LogicalPlan): Attribute[] {
  const fromChildren = new Set(Plans.children(p).flatMap((c) => outputOf(c).map((a) => a.exprId)));
  const seen = new Map<number, Attribute>();
  for (const e of expressionsOf(p)) for (const a of referencesOf(e)) if (fromChildren.has(a.exprId)) seen.set(a.exprId, a);
  return [...seen.values()];
}
