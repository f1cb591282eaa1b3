import { Alias } from "../../expr/Alias.js";
import type { Expression } from "../../expr/Expression.js";
import { prettyName } from "../../expr/ExpressionString.js";
import { Expressions, semanticEquals } from "../../expr/ExpressionTree.js";
import { AggregateExpression } from "../../expr/FunctionCall.js";
import { conjoin, EqualNullSafe } from "../../expr/Predicates.js";
import { Aggregate } from "../logical/Aggregate.js";
import { Join } from "../logical/Join.js";
import type { LogicalPlan } from "../logical/LogicalPlan.js";
import { toAttribute } from "../logical/PlanOutput.js";
import { Plans } from "../logical/PlanTree.js";
import { Project } from "../logical/UnaryNodes.js";
import { rule } from "../rules/Rule.js";

const named = (e: Expression) => (e.kind === "AttributeReference" ? e : Alias(e, prettyName(e)));
const sameExpressions = (a: readonly Expression[], b: readonly Expression[]) => a.length === b.length && a.every((c, i) => semanticEquals(c, b[i]!));

/** The aggregates that one Aggregate node can compute together: all plain, or all DISTINCT over the same arguments. */
interface AggregateGroup {
  readonly distinct: boolean;
  readonly args: readonly Expression[];
  readonly members: AggregateExpression[];
}

function aggregateGroups(node: Aggregate): AggregateGroup[] {
  const groups: AggregateGroup[] = [];
  for (const e of node.aggregateExpressions) {
    for (const a of Expressions.collect(e, (n) => (n.kind === "AggregateExpression" ? n : undefined))) {
      let group = groups.find((g) => g.distinct === a.isDistinct && (!a.isDistinct || sameExpressions(g.args, a.children)));
      if (!group) groups.push((group = { distinct: a.isDistinct, args: a.children, members: [] }));
      if (!group.members.some((m) => semanticEquals(m, a))) group.members.push(a);
    }
  }
  return groups;
}

/** Rewrites each output of `node` with `replace`, keeping its name and id so the aggregate's output does not change. */
function sameOutputs(node: Aggregate, replace: (e: Expression) => Expression): Expression[] {
  return node.aggregateExpressions.map((e) => {
    if (e.kind === "Alias") return Alias(replace(e.child), e.name, e.exprId, e.qualifier);
    const replaced = replace(e);
    return replaced === e || e.kind !== "AttributeReference" ? replaced : Alias(replaced, e.name, e.exprId, e.qualifier);
  });
}

/**
 * One distinct group: a first Aggregate groups by the grouping keys and the DISTINCT arguments (removing
 * duplicates) and a second aggregates the result without DISTINCT.
 */
function rewriteDistinctGroup(node: Aggregate, args: readonly Expression[]): Aggregate {
  const keys = [...node.groupingExpressions, ...args].map((e) => ({ e, column: named(e) }));
  const inner = Aggregate([...node.groupingExpressions, ...args], keys.map((k) => k.column), node.child);
  const replace = (e: Expression): Expression =>
    Expressions.transformDown(e, (n) => {
      if (n.kind === "AggregateExpression") return AggregateExpression(n.name, n.children.map(replace), false);
      const key = keys.find((k) => semanticEquals(k.e, n));
      return key ? toAttribute(key.column) : n;
    }).node;
  return Aggregate(node.groupingExpressions.map((g) => toAttribute(keys.find((k) => k.e === g)!.column)), sameOutputs(node, replace), inner);
}

/**
 * Several groups (plain aggregates beside DISTINCT ones, or DISTINCT over different arguments): each group is
 * aggregated on its own over the grouping keys, and the results are joined on those keys null-safely, as a
 * null key is a group too. Every side has the same groups, so the join neither drops nor repeats one; without
 * grouping keys each side is one row and the join is a cross join.
 */
function joinOfGroupAggregates(node: Aggregate, groups: readonly AggregateGroup[]): LogicalPlan {
  const sides = groups.map((g) => {
    // Fresh ids for the keys on every side, so that the join's two inputs never share an attribute.
    const keys = node.groupingExpressions.map((e) => Alias(e, e.kind === "AttributeReference" ? e.name : prettyName(e)));
    const values = g.members.map((a) => Alias(a, prettyName(a)));
    const plain = Aggregate(node.groupingExpressions, [...keys, ...values], node.child);
    return { keys, values, members: g.members, plan: g.distinct ? rewriteDistinctGroup(plain, g.args) : plain };
  });
  const [first, ...rest] = sides;
  const joined = rest.reduce<LogicalPlan>((plan, side) => {
    const condition = conjoin(side.keys.map((k, i) => EqualNullSafe(toAttribute(first!.keys[i]!), toAttribute(k))));
    return Join(plan, side.plan, condition ? "Inner" : "Cross", condition);
  }, first!.plan);
  const replace = (e: Expression): Expression =>
    Expressions.transformDown(e, (n) => {
      if (n.kind === "AggregateExpression") {
        const side = sides.find((s) => s.members.some((m) => semanticEquals(m, n)))!;
        return toAttribute(side.values[side.members.findIndex((m) => semanticEquals(m, n))]!);
      }
      const i = node.groupingExpressions.findIndex((g) => semanticEquals(g, n));
      return i >= 0 ? toAttribute(first!.keys[i]!) : n;
    }).node;
  return Project(sameOutputs(node, replace), joined);
}

/**
 * Spark's RewriteDistinctAggregates: executors never deduplicate inside an aggregate. Spark computes several
 * groups in one pass with an Expand; without one, each group is aggregated separately and the results joined.
 */
export const RewriteDistinctAggregates = rule("RewriteDistinctAggregates", (plan) =>
  Plans.transformUp(plan, (node) => {
    if (node.kind !== "Aggregate") return node;
    const groups = aggregateGroups(node);
    if (!groups.some((g) => g.distinct)) return node;
    return groups.length === 1 ? rewriteDistinctGroup(node, groups[0]!.args) : joinOfGroupAggregates(node, groups);
  }).node,
);
