import type { Expression } from "../../expr/Expression.js";
import { Expressions } from "../../expr/ExpressionTree.js";
import { conjoin, splitConjuncts } from "../../expr/Predicates.js";
import { Aggregate } from "../logical/Aggregate.js";
import type { LogicalPlan } from "../logical/LogicalPlan.js";
import { referencesOf } from "../logical/PlanOutput.js";
import { Filter, Project, SubqueryAlias } from "../logical/UnaryNodes.js";

const hasOuter = (e: Expression) => Expressions.exists(e, (n) => n.kind === "OuterReference");

/** A correlated predicate as a join condition: outer references become the outer query's columns. */
export const withoutOuter = (e: Expression) => Expressions.transformUp(e, (n) => (n.kind === "OuterReference" ? n.attribute : n)).node;

/** The inner columns that `predicates` use and `list` does not output yet. */
function missingColumns(predicates: readonly Expression[], list: readonly Expression[]): Expression[] {
  const listed = new Set(list.map((e) => (e.kind === "AttributeReference" || e.kind === "Alias" ? e.exprId : -1)));
  const seen = new Set<number>();
  return predicates.flatMap(referencesOf).filter((a) => !listed.has(a.exprId) && !seen.has(a.exprId) && seen.add(a.exprId));
}

/**
 * Spark's PullupCorrelatedPredicates: the filters of a subquery that refer to the outer query are taken out
 * (they become a join condition), and the inner columns they use are kept by the projections above them; an
 * aggregate above them groups by those columns too, so that it aggregates per outer row.
 */
export function pullUpCorrelated(plan: LogicalPlan): { plan: LogicalPlan; predicates: Expression[] } {
  switch (plan.kind) {
    case "Filter": {
      const inner = pullUpCorrelated(plan.child);
      const conjuncts = splitConjuncts(plan.condition);
      const local = conjoin(conjuncts.filter((c) => !hasOuter(c)));
      return { plan: local ? Filter(local, inner.plan) : inner.plan, predicates: [...inner.predicates, ...conjuncts.filter(hasOuter)] };
    }
    case "Project": {
      const inner = pullUpCorrelated(plan.child);
      if (inner.predicates.length === 0) return { plan, predicates: [] };
      return { plan: Project([...plan.projectList, ...missingColumns(inner.predicates, plan.projectList)], inner.plan), predicates: inner.predicates };
    }
    case "Aggregate": {
      const inner = pullUpCorrelated(plan.child);
      if (inner.predicates.length === 0) return { plan, predicates: [] };
      const keys = missingColumns(inner.predicates, plan.aggregateExpressions);
      return { plan: Aggregate([...plan.groupingExpressions, ...keys], [...plan.aggregateExpressions, ...keys], inner.plan), predicates: inner.predicates };
    }
    case "SubqueryAlias": {
      const inner = pullUpCorrelated(plan.child);
      return { plan: inner.predicates.length > 0 ? SubqueryAlias(plan.alias, inner.plan) : plan, predicates: inner.predicates };
    }
    default:
      return { plan, predicates: [] };
  }
}
