import assert from "node:assert/strict";
import { Alias } from "../../src/expr/Alias.js";
import { AttributeReference, type Attribute } from "../../src/expr/AttributeReference.js";
import type { Expression } from "../../src/expr/Expression.js";
import { Literal } from "../../src/expr/Literal.js";
import type { SortOrder } from "../../src/expr/SortOrder.js";
import { Aggregate } from "../../src/plan/logical/Aggregate.js";
import { Join, type JoinType } from "../../src/plan/logical/Join.js";
import type { LogicalPlan } from "../../src/plan/logical/LogicalPlan.js";
import { planToJson } from "../../src/plan/logical/PlanJson.js";
import { Plans, transformAllExpressions } from "../../src/plan/logical/PlanTree.js";
import { LocalRelation } from "../../src/plan/logical/Relations.js";
import { Distinct, Filter, Limit, Project, Sort } from "../../src/plan/logical/UnaryNodes.js";
import { Union } from "../../src/plan/logical/Union.js";
import type { Rule } from "../../src/plan/rules/Rule.js";
import { Batch, FixedPoint, RuleExecutor, sideBySide } from "../../src/plan/rules/RuleExecutor.js";
import { IntegerType } from "../../src/types/AtomicTypes.js";
import type { DataType } from "../../src/types/DataType.js";

/**
 * A tiny plan DSL for rule tests, in the spirit of Catalyst's test DSL: `rel(a, b).where(gt(a, 1)).select(a)`,
 * and `comparePlans` that ignores expression ids, as Spark's PlanTest does.
 */
export const int = (name: string) => AttributeReference(name, IntegerType);
export const attr = (name: string, type: DataType, nullable = true) => AttributeReference(name, type, nullable);
export const lit = (v: unknown, type?: DataType) => Literal(v, type);
export const as = (e: Expression, name: string) => Alias(e, name);

export class PlanDsl {
  constructor(readonly plan: LogicalPlan) {}
  where(condition: Expression): PlanDsl {
    return new PlanDsl(Filter(condition, this.plan));
  }
  select(...list: Expression[]): PlanDsl {
    return new PlanDsl(Project(list, this.plan));
  }
  groupBy(...grouping: Expression[]): (...aggregates: Expression[]) => PlanDsl {
    return (...aggregates) => new PlanDsl(Aggregate(grouping, aggregates, this.plan));
  }
  join(other: PlanDsl, joinType: JoinType = "Inner", condition: Expression | null = null): PlanDsl {
    return new PlanDsl(Join(this.plan, other.plan, joinType, condition));
  }
  orderBy(...order: SortOrder[]): PlanDsl {
    return new PlanDsl(Sort(order, true, this.plan));
  }
  limit(n: number): PlanDsl {
    return new PlanDsl(Limit(n, this.plan));
  }
  union(...others: PlanDsl[]): PlanDsl {
    return new PlanDsl(Union([this.plan, ...others.map((o) => o.plan)]));
  }
  distinct(): PlanDsl {
    return new PlanDsl(Distinct(this.plan));
  }
}

export function rel(...output: Attribute[]): PlanDsl {
  return new PlanDsl(LocalRelation(output));
}

export const dsl = (plan: LogicalPlan) => new PlanDsl(plan);

/** Applies `rules` to a fixed point, as an optimizer batch in a rule test. */
export function optimize(plan: PlanDsl | LogicalPlan, ...rules: Rule[]): LogicalPlan {
  const p = plan instanceof PlanDsl ? plan.plan : plan;
  return new RuleExecutor([Batch("test", FixedPoint(20), ...rules)], { preserveSchema: true }).execute(p);
}

/** Every expression id set to 0, so that plans built separately compare equal (Spark's `normalizeExprIds`). */
function normalize(plan: LogicalPlan): LogicalPlan {
  return transformAllExpressions(plan, (e) => {
    if (e.kind === "AttributeReference") return AttributeReference(e.name, e.dataType, e.nullable, 0, e.qualifier);
    if (e.kind === "Alias") return Alias(e.child, e.name, 0, e.qualifier);
    return e;
  });
}

export function comparePlans(actual: PlanDsl | LogicalPlan, expected: PlanDsl | LogicalPlan): void {
  const [a, b] = [actual, expected].map((p) => normalize(p instanceof PlanDsl ? p.plan : p)) as [LogicalPlan, LogicalPlan];
  if (planToJson(a) !== planToJson(b)) {
    assert.fail(`Plans differ (actual | expected):\n${sideBySide(Plans.treeString(a), Plans.treeString(b))}`);
  }
}

