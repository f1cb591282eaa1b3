import type { Attribute } from "../../expr/AttributeReference.js";
import type { Expression } from "../../expr/Expression.js";
import { Expressions } from "../../expr/ExpressionTree.js";
import { containsAggregate } from "../../expr/ExpressionTypes.js";
import { conjoin, splitConjuncts } from "../../expr/Predicates.js";
import { Aggregate } from "../logical/Aggregate.js";
import { Join, type JoinType } from "../logical/Join.js";
import type { LogicalPlan } from "../logical/LogicalPlan.js";
import { outputOf, referencesOf } from "../logical/PlanOutput.js";
import { Plans } from "../logical/PlanTree.js";
import { Filter, Project } from "../logical/UnaryNodes.js";
import { Union } from "../logical/Union.js";
import { rule } from "../rules/Rule.js";
import { aliasMap, replaceAlias } from "./AliasHelper.js";

const within = (e: Expression, attrs: readonly Attribute[]) => {
  const ids = new Set(attrs.map((a) => a.exprId));
  return referencesOf(e).every((a) => ids.has(a.exprId));
};
const hasSubquery = (e: Expression) => Expressions.exists(e, (n) => n.kind === "Exists" || n.kind === "InSubquery" || n.kind === "ScalarSubquery");
const withFilter = (conjuncts: readonly Expression[], plan: LogicalPlan) => {
  const c = conjoin(conjuncts);
  return c ? Filter(c, plan) : plan;
};

/** Which sides of a join a predicate on one side may move into, for WHERE (above) and for ON (the condition). */
const PUSH_BELOW_JOIN: Readonly<Record<JoinType, { left: boolean; right: boolean }>> = {
  Inner: { left: true, right: true },
  Cross: { left: true, right: true },
  LeftSemi: { left: true, right: false },
  LeftAnti: { left: true, right: false },
  LeftOuter: { left: true, right: false },
  RightOuter: { left: false, right: true },
  FullOuter: { left: false, right: false },
};
/** An ON condition may only filter the side whose unmatched rows are dropped anyway. */
const PUSH_FROM_CONDITION: Readonly<Record<JoinType, { left: boolean; right: boolean }>> = {
  Inner: { left: true, right: true },
  Cross: { left: true, right: true },
  LeftSemi: { left: true, right: true },
  LeftAnti: { left: false, right: true },
  LeftOuter: { left: false, right: true },
  RightOuter: { left: true, right: false },
  FullOuter: { left: false, right: false },
};

function pushThroughJoin(conjuncts: readonly Expression[], join: Join, fromCondition: Expression[]): { plan: LogicalPlan; kept: Expression[] } {
  const [leftOut, rightOut] = [outputOf(join.left), outputOf(join.right)];
  const toLeft: Expression[] = [];
  const toRight: Expression[] = [];
  const kept: Expression[] = [];
  const stayInCondition: Expression[] = [];
  const where = PUSH_BELOW_JOIN[join.joinType];
  for (const c of conjuncts) {
    if (where.left && within(c, leftOut)) toLeft.push(c);
    else if (where.right && within(c, rightOut)) toRight.push(c);
    else if ((join.joinType === "Inner" || join.joinType === "Cross") && !hasSubquery(c)) stayInCondition.push(c);
    else kept.push(c);
  }
  const on = PUSH_FROM_CONDITION[join.joinType];
  for (const c of fromCondition) {
    if (on.left && within(c, leftOut)) toLeft.push(c);
    else if (on.right && within(c, rightOut)) toRight.push(c);
    else stayInCondition.push(c);
  }
  const plan = Join(withFilter(toLeft, join.left), withFilter(toRight, join.right), join.joinType === "Cross" && stayInCondition.length > 0 ? "Inner" : join.joinType, conjoin(stayInCondition));
  return { plan, kept };
}

/** Whether some conjunct of a join's ON condition can filter one of its sides. */
function pushableFromCondition(join: Join): boolean {
  if (!join.condition) return false;
  const on = PUSH_FROM_CONDITION[join.joinType];
  const [leftOut, rightOut] = [outputOf(join.left), outputOf(join.right)];
  return splitConjuncts(join.condition).some((c) => (on.left && within(c, leftOut)) || (on.right && within(c, rightOut)));
}

/**
 * Spark's PushDownPredicates: filters move as close to the data as they can. Through projections (aliases
 * replaced by what they compute), aggregates (predicates on grouping columns only), unions, sorts and
 * repartitions; into the sides of a join its type allows; and a join's own ON condition likewise.
 */
export const PushDownPredicates = rule("PushDownPredicates", (plan) =>
  Plans.transformDown(plan, (node) => {
    if (node.kind === "Join") return pushableFromCondition(node) ? pushThroughJoin([], node, splitConjuncts(node.condition!)).plan : node;
    if (node.kind !== "Filter") return node;
    const conjuncts = splitConjuncts(node.condition);
    const child = node.child;
    switch (child.kind) {
      case "Project": {
        if (conjuncts.some(hasSubquery)) return node;
        return Project(child.projectList, Filter(replaceAlias(node.condition, aliasMap(child.projectList)), child.child));
      }
      case "Aggregate": {
        const aliases = aliasMap(child.aggregateExpressions);
        const below = outputOf(child.child);
        const [push, keep] = partition(conjuncts, (c) => {
          const replaced = replaceAlias(c, aliases);
          return referencesOf(c).length > 0 && !hasSubquery(c) && !containsAggregate(replaced) && within(replaced, below);
        });
        if (push.length === 0) return node;
        const pushed = Aggregate(child.groupingExpressions, child.aggregateExpressions, Filter(replaceAlias(conjoin(push)!, aliases), child.child));
        return withFilter(keep, pushed);
      }
      case "Join": {
        const pushed = pushThroughJoin(conjuncts, child, child.condition ? splitConjuncts(child.condition) : []);
        return withFilter(pushed.kept, pushed.plan);
      }
      case "Union": {
        const first = outputOf(child);
        const children = child.children.map((c) => {
          const output = outputOf(c);
          const condition = Expressions.transformUp(node.condition, (n) => {
            const i = n.kind === "AttributeReference" ? first.findIndex((a) => a.exprId === n.exprId) : -1;
            return i >= 0 ? output[i]! : n;
          }).node;
          return Filter(condition, c);
        });
        return Union(children, child.byName, child.allowMissingColumns);
      }
      case "Sort":
      case "Repartition":
        return Plans.shape.withNewChildren(child, [Filter(node.condition, child.child)]);
      default:
        return node;
    }
  }).node,
);

function partition<T>(items: readonly T[], test: (t: T) => boolean): [T[], T[]] {
  return [items.filter(test), items.filter((t) => !test(t))];
}
