import type { Attribute } from "../../expr/AttributeReference.js";
import type { Expression } from "../../expr/Expression.js";
import type { ScalarFunction } from "../../expr/FunctionCall.js";
import type { SortOrder } from "../../expr/SortOrder.js";
import { Expressions } from "../../expr/ExpressionTree.js";
import { Exists, InSubquery, ScalarSubquery } from "../../expr/Subquery.js";
import { TreeOps } from "../../expr/TreeNode.js";
import { Aggregate } from "./Aggregate.js";
import { Generate } from "./Generate.js";
import { Join } from "./Join.js";
import type { LogicalPlan, PlanOf, PlanTable } from "./LogicalPlan.js";
import { describePlan } from "./PlanString.js";
import { DataSourceRelation, LocalRelation, Range } from "./Relations.js";
import { Deduplicate, Distinct, Filter, GlobalLimit, LocalLimit, Project, Repartition, Sort, SubqueryAlias, UnresolvedHaving } from "./UnaryNodes.js";
import { Except, Intersect } from "./SetOperations.js";
import { EventTimeWatermark, StreamingRelation } from "./Streaming.js";
import { Union } from "./Union.js";

/**
 * How to reach and replace each plan node's children and the expressions it holds. With these, plans get the
 * generic tree operations, and rules can rewrite every expression of a node (Spark's `transformExpressions`).
 */
interface PlanAccess<P> {
  children(p: P): readonly LogicalPlan[];
  withChildren(p: P, c: readonly LogicalPlan[]): LogicalPlan;
  expressions(p: P): readonly Expression[];
  /** `e` has the same length and order as `expressions(p)` gave. */
  withExpressions(p: P, e: readonly Expression[]): LogicalPlan;
}

const leaf = <P extends LogicalPlan>(expressions: (p: P) => readonly Expression[], withExpressions: (p: P, e: readonly Expression[]) => LogicalPlan): PlanAccess<P> => ({
  children: () => [],
  withChildren: (p) => p,
  expressions,
  withExpressions,
});

const unary = <P extends { child: LogicalPlan }>(
  rebuild: (p: P, child: LogicalPlan, e: readonly Expression[]) => LogicalPlan,
  expressions: (p: P) => readonly Expression[] = () => [],
): PlanAccess<P> => ({
  children: (p) => [p.child],
  withChildren: (p, [c]) => rebuild(p, c!, expressions(p)),
  expressions,
  withExpressions: (p, e) => rebuild(p, p.child, e),
});

const none = () => [];
const attributes = (e: readonly Expression[]) => e as readonly Attribute[];

const ACCESS: { readonly [K in keyof PlanTable<unknown>]: PlanAccess<PlanOf<K>> } = {
  UnresolvedRelation: leaf(none, (p) => p),
  OneRowRelation: leaf(none, (p) => p),
  LocalRelation: leaf((p) => p.output, (p, e) => LocalRelation(attributes(e), p.data, p.isStreaming)),
  Range: leaf((p) => p.output, (p, [id]) => Range(p.start, p.end, p.step, p.numSlices, id as Attribute)),
  DataSourceRelation: leaf(
    (p) => [...p.output, ...p.pushedFilters],
    (p, e) => DataSourceRelation(attributes(e.slice(0, p.output.length)), p.source, p.supportsFilterPushdown, e.slice(p.output.length)),
  ),
  Project: unary((_p, c, e) => Project(e, c), (p) => p.projectList),
  Filter: unary((_p, c, [condition]) => Filter(condition!, c), (p) => [p.condition]),
  UnresolvedHaving: unary((_p, c, [condition]) => UnresolvedHaving(condition!, c), (p) => [p.havingCondition]),
  Aggregate: unary(
    (p, c, e) => Aggregate(e.slice(0, p.groupingExpressions.length), e.slice(p.groupingExpressions.length), c),
    (p) => [...p.groupingExpressions, ...p.aggregateExpressions],
  ),
  Sort: unary((p, c, e) => Sort(e as readonly SortOrder[], p.global, c), (p) => p.order),
  GlobalLimit: unary((p, c) => GlobalLimit(p.limit, c)),
  LocalLimit: unary((p, c) => LocalLimit(p.limit, c)),
  Distinct: unary((_p, c) => Distinct(c)),
  Deduplicate: unary((p, c, e) => Deduplicate(e, c, p.withinWatermark), (p) => p.keys),
  StreamingRelation: leaf((p) => p.output, (p, e) => StreamingRelation(attributes(e), p.source)),
  EventTimeWatermark: unary((p, c, [t]) => EventTimeWatermark(t as Attribute, p.delayMs, p.delay, c), (p) => [p.eventTime]),
  SubqueryAlias: unary((p, c) => SubqueryAlias(p.alias, c)),
  Repartition: unary((p, c, e) => Repartition(p.numPartitions, p.shuffle, c, e), (p) => p.partitionExpressions),
  Generate: unary(
    (p, c, [generator, ...output]) => Generate(generator as ScalarFunction, p.outer, attributes(output), c),
    (p) => [p.generator, ...p.generatorOutput],
  ),
  Join: {
    children: (p) => [p.left, p.right],
    withChildren: (p, [l, r]) => Join(l!, r!, p.joinType, p.condition, p.usingColumns),
    expressions: (p) => (p.condition ? [p.condition] : []),
    withExpressions: (p, [condition]) => Join(p.left, p.right, p.joinType, condition ?? null, p.usingColumns),
  },
  Except: setOperation(Except),
  Intersect: setOperation(Intersect),
  Union: {
    children: (p) => p.children,
    withChildren: (p, c) => Union(c, p.byName, p.allowMissingColumns),
    expressions: none,
    withExpressions: (p) => p,
  },
};

function setOperation<P extends LogicalPlan & { left: LogicalPlan; right: LogicalPlan }>(make: (l: LogicalPlan, r: LogicalPlan) => LogicalPlan): PlanAccess<P> {
  return { children: (p) => [p.left, p.right], withChildren: (_p, [l, r]) => make(l!, r!), expressions: none, withExpressions: (p) => p };
}

const access = (p: LogicalPlan) => ACCESS[p.kind] as PlanAccess<LogicalPlan>;

/** The tree operations (transformUp/Down, collect, treeString, …) for logical plans. */
export const Plans = new TreeOps<LogicalPlan>({
  children: (p) => access(p).children(p),
  withNewChildren: (p, c) => access(p).withChildren(p, c),
  describe: describePlan,
  innerChildren: (p) =>
    access(p)
      .expressions(p)
      .flatMap((e) => Expressions.collect(e, (n) => (n.kind === "Exists" || n.kind === "InSubquery" || n.kind === "ScalarSubquery" ? (n.plan as LogicalPlan) : undefined))),
});

/** The expressions a node holds directly (not those of its children). */
export function expressionsOf(p: LogicalPlan): readonly Expression[] {
  return access(p).expressions(p);
}

/** The node with each of its own expressions replaced by `f(expression)`; the same node when none changed. */
export function mapExpressions(p: LogicalPlan, f: (e: Expression) => Expression): LogicalPlan {
  const before = expressionsOf(p);
  const after = before.map(f);
  return after.every((e, i) => e === before[i]) ? p : access(p).withExpressions(p, after);
}


/**
 * Rewrites every expression of every node, bottom-up in both trees (Spark's `transformAllExpressions`); the
 * same plan when the rule changed nothing.
 */
export function transformAllExpressions(plan: LogicalPlan, rule: (e: Expression) => Expression): LogicalPlan {
  return Plans.transformUp(plan, (node) => mapExpressions(node, (e) => Expressions.transformUp(e, rule).node)).node;
}

/** The node with the plan of each subquery in its expressions replaced by `f(plan)` (Spark's OptimizeSubqueries walk). */
export function mapSubqueryPlans(node: LogicalPlan, f: (plan: LogicalPlan) => LogicalPlan): LogicalPlan {
  return mapExpressions(node, (e) =>
    Expressions.transformUp(e, (n) => {
      if (n.kind !== "Exists" && n.kind !== "InSubquery" && n.kind !== "ScalarSubquery") return n;
      const inner = f(n.plan as LogicalPlan);
      if (inner === n.plan) return n;
      return n.kind === "Exists" ? Exists(inner) : n.kind === "InSubquery" ? InSubquery(n.value, inner) : ScalarSubquery(inner, n.dataType);
    }).node,
  );
}

/** Whether a subquery's plan refers to the enclosing query's row (through outer references). */
export function isCorrelated(plan: LogicalPlan): boolean {
  return Plans.exists(plan, (n) => expressionsOf(n).some((e) => Expressions.exists(e, (x) => x.kind === "OuterReference")));
}
