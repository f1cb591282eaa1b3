import type { LogicalPlan } from "../logical/LogicalPlan.js";
import { mapSubqueryPlans, Plans } from "../logical/PlanTree.js";
import { rule } from "../rules/Rule.js";
import { Batch, FixedPoint, Once, RuleExecutor, type PlanChange } from "../rules/RuleExecutor.js";
import { BooleanSimplification } from "./BooleanSimplification.js";
import { CollapseProject } from "./CollapseProject.js";
import { ColumnPruning } from "./ColumnPruning.js";
import { CombineFilters } from "./CombineFilters.js";
import { ComputeCurrentTime } from "./ComputeCurrentTime.js";
import { ConstantFolding } from "./ConstantFolding.js";
import { EliminateSubqueryAliases } from "./EliminateSubqueryAliases.js";
import { CombineLimits, LimitPushDown } from "./LimitPushDown.js";
import { NullPropagation } from "./NullPropagation.js";
import type { OptimizerContext } from "./OptimizerContext.js";
import { PruneFilters } from "./PruneFilters.js";
import { PushDownPredicates } from "./PushDownPredicates.js";
import { PushFiltersIntoDataSource } from "./PushFiltersIntoDataSource.js";
import { RemoveNoopOperators } from "./RemoveNoopOperators.js";
import { ReplaceDeduplicateWithAggregate, ReplaceDistinctWithAggregate } from "./ReplaceDistinctWithAggregate.js";
import { ReplaceSetOperationsWithJoins } from "./ReplaceSetOperations.js";
import { RewriteCorrelatedScalarSubquery } from "./RewriteCorrelatedScalarSubquery.js";
import { RewriteDistinctAggregates } from "./RewriteDistinctAggregates.js";
import { RewritePredicateSubquery } from "./RewritePredicateSubquery.js";
import { SimplifyCasts } from "./SimplifyCasts.js";

/**
 * Spark's Optimizer: rewrites an analyzed plan into an equivalent one that does less work, in named batches.
 * No rule may change the plan's output schema; one that does is reported by name.
 */
export class Optimizer {
  private readonly executor: RuleExecutor;

  constructor(ctx: OptimizerContext, onChange?: (change: PlanChange) => void) {
    const optimizeSubqueries = rule("OptimizeSubqueries", (plan) =>
      Plans.transformUp(plan, (node) => mapSubqueryPlans(node, (p) => this.execute(p))).node,
    );
    this.executor = new RuleExecutor(
      [
        Batch(
          "Finish Analysis",
          Once,
          EliminateSubqueryAliases,
          ComputeCurrentTime(ctx),
          ReplaceSetOperationsWithJoins,
          ReplaceDistinctWithAggregate,
          ReplaceDeduplicateWithAggregate,
        ),
        Batch("Rewrite Subquery", Once, RewritePredicateSubquery, RewriteCorrelatedScalarSubquery, optimizeSubqueries),
        Batch(
          "Operator Optimization",
          FixedPoint(100),
          PushDownPredicates,
          ColumnPruning,
          CollapseProject,
          CombineFilters,
          LimitPushDown,
          CombineLimits,
          ConstantFolding(ctx),
          NullPropagation,
          BooleanSimplification,
          SimplifyCasts,
          PruneFilters,
          RemoveNoopOperators,
        ),
        Batch("Distinct Aggregate Rewrite", Once, RewriteDistinctAggregates),
        Batch("Early Filter and Projection Push-Down", Once, PushFiltersIntoDataSource),
      ],
      { preserveSchema: true, onChange },
    );
  }

  execute(plan: LogicalPlan): LogicalPlan {
    return this.executor.execute(plan);
  }
}
