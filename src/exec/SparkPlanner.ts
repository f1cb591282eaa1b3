import { Alias } from "../expr/Alias.js";
import { AttributeReference } from "../expr/AttributeReference.js";
import type { Expression } from "../expr/Expression.js";
import { explainString, prettyName } from "../expr/ExpressionString.js";
import { Expressions, semanticEquals } from "../expr/ExpressionTree.js";
import { dataTypeOf } from "../expr/ExpressionTypes.js";
import type { AggregateExpression } from "../expr/FunctionCall.js";
import { aggregateFunctionDefinition } from "../expr/functions/FunctionRegistry.js";
import type { Aggregate } from "../plan/logical/Aggregate.js";
import type { Join, JoinType } from "../plan/logical/Join.js";
import { dispatchPlan, type LogicalPlan, type PlanTable } from "../plan/logical/LogicalPlan.js";
import { outputOf, toAttribute } from "../plan/logical/PlanOutput.js";
import { extractEquiJoinKeys } from "../plan/planning/ExtractEquiJoinKeys.js";
import { sizeInBytes } from "../plan/planning/SizeEstimation.js";
import { BinaryType } from "../types/AtomicTypes.js";
import { SparkException } from "../util/SparkException.js";
import { AnalysisException } from "../expr/AnalysisException.js";
import { exec, type BuildSide, type SparkPlan } from "./SparkPlan.js";
import type { SqlConf } from "./SqlConf.js";
import type { StreamingPlanContext } from "./streaming/StreamingPlanContext.js";
import { StatefulPlanner } from "./streaming/StatefulPlanner.js";
import { isStreaming } from "../plan/logical/IsStreaming.js";

/**
 * Spark's SparkPlanner: one physical operator (or two, for a partial and final aggregate) per logical node,
 * chosen by the strategies Spark has. Exchanges are not placed here: EnsureRequirements adds them where an
 * operator's required distribution is not met.
 */
export function planPhysical(plan: LogicalPlan, conf: SqlConf, subqueryJoins: ReadonlySet<Join> = new Set(), streaming?: StreamingPlanContext): SparkPlan {
  const planner = new Planner(conf, subqueryJoins, streaming);
  // Spark's SpecialLimits: a limit at the root is taken from the first partitions' rows, or the first in order.
  if (plan.kind === "GlobalLimit" && !planner.stateful?.limitsAcrossBatches(plan)) {
    const child = plan.child.kind === "LocalLimit" && plan.child.limit === plan.limit ? plan.child.child : plan.child;
    const projected = child.kind === "Project" && child.child.kind === "Sort" ? child : null;
    const sort = projected ? projected.child : child;
    if (sort.kind === "Sort" && sort.global) {
      const common = { limit: plan.limit, sortOrder: sort.order };
      const partial = exec({ kind: "TakeOrderedAndProjectExec", mode: "Partial", ...common, projectList: [], child: planner.plan(sort.child) });
      return exec({ kind: "TakeOrderedAndProjectExec", mode: "Final", ...common, projectList: projected?.projectList ?? outputOf(sort), child: partial });
    }
    return exec({ kind: "CollectLimitExec", limit: plan.limit, child: planner.plan(child) });
  }
  return planner.plan(plan);
}

class Planner {
  /** Set when planning a micro-batch, whose aggregates, deduplications and limits over the stream keep state. */
  readonly stateful: StatefulPlanner | undefined;

  constructor(private readonly conf: SqlConf, private readonly subqueryJoins: ReadonlySet<Join>, streaming?: StreamingPlanContext) {
    this.stateful = streaming && new StatefulPlanner(streaming, conf);
  }

  plan(p: LogicalPlan): SparkPlan {
    return dispatchPlan(this.strategies, p);
  }

  private readonly strategies: PlanTable<SparkPlan> = {
    LocalRelation: (p) =>
      exec({ kind: "LocalTableScanExec", output: p.output, rows: p.data, numSlices: slicesFor(p.data.length, this.conf.defaultParallelism), oneRowRelation: false }),
    OneRowRelation: () => exec({ kind: "LocalTableScanExec", output: [], rows: [[]], numSlices: 1, oneRowRelation: true }),
    Range: (p) => exec({ kind: "RangeExec", start: p.start, end: p.end, step: p.step, numSlices: p.numSlices ?? this.conf.defaultParallelism, output: p.output }),
    DataSourceRelation: (p) => exec({ kind: "FileSourceScanExec", relation: p, output: p.output }),
    Project: (p) => exec({ kind: "ProjectExec", projectList: p.projectList, child: this.plan(p.child) }),
    Filter: (p) => exec({ kind: "FilterExec", condition: p.condition, child: this.plan(p.child) }),
    Aggregate: (p) => (this.stateful && isStreaming(p) ? this.stateful.aggregate(p, () => this.planAggregate(p)) : this.planAggregate(p)),
    Join: (p) => this.planJoin(p),
    Sort: (p) => exec({ kind: "SortExec", sortOrder: p.order, global: p.global, child: this.plan(p.child) }),
    GlobalLimit: (p) =>
      this.stateful?.limitsAcrossBatches(p)
        ? this.stateful.globalLimit(p, () => this.plan(p.child))
        : exec({ kind: "GlobalLimitExec", limit: p.limit, child: this.plan(p.child) }),
    LocalLimit: (p) => exec({ kind: "LocalLimitExec", limit: p.limit, child: this.plan(p.child) }),
    Union: (p) => exec({ kind: "UnionExec", output: outputOf(p), children: p.children.map((c) => this.plan(c)) }),
    Generate: (p) => exec({ kind: "GenerateExec", generator: p.generator, outer: p.outer, generatorOutput: p.generatorOutput, child: this.plan(p.child) }),
    Repartition: (p) => {
      if (!p.shuffle) return exec({ kind: "CoalesceExec", numPartitions: p.numPartitions, child: this.plan(p.child) });
      const partitioning = p.partitionExpressions.length > 0
        ? { kind: "HashPartitioning" as const, expressions: p.partitionExpressions, numPartitions: p.numPartitions }
        : { kind: "RoundRobinPartitioning" as const, numPartitions: p.numPartitions };
      return exec({ kind: "ShuffleExchangeExec", partitioning, child: this.plan(p.child) });
    },
    SubqueryAlias: (p) => this.plan(p.child),
    UnresolvedRelation: (p) => notPlannable(p.kind, "the analyzer should have resolved it"),
    UnresolvedHaving: (p) => notPlannable(p.kind, "the analyzer should have resolved it"),
    Distinct: (p) => notPlannable(p.kind, "the optimizer replaces it with an Aggregate"),
    Deduplicate: (p) =>
      this.stateful && isStreaming(p) ? this.stateful.deduplicate(p, () => this.plan(p.child)) : notPlannable(p.kind, "the optimizer replaces it with an Aggregate"),
    Except: (p) => notPlannable(p.kind, "the optimizer replaces it with an anti join"),
    StreamingRelation: () => {
      throw new AnalysisException("", "Queries with streaming sources must be executed with writeStream.start();");
    },
    // A batch query ignores watermarks (Spark's EliminateEventTimeWatermark).
    EventTimeWatermark: (p) => (this.stateful ? this.stateful.watermark(p, this.plan(p.child)) : this.plan(p.child)),
    Intersect: (p) => notPlannable(p.kind, "the optimizer replaces it with a semi join"),
  };

  /**
   * Spark's AggUtils.planAggregateWithoutDistinct: a partial aggregate per partition, then (above the exchange
   * EnsureRequirements adds) a final one per group.
   */
  private planAggregate(p: Aggregate): SparkPlan {
    const grouping = p.groupingExpressions.map((e) => (e.kind === "AttributeReference" || e.kind === "Alias" ? e : Alias(e, prettyName(e))));
    const groupingAttributes = grouping.map(toAttribute);
    const aggregates: AggregateExpression[] = [];
    for (const e of p.aggregateExpressions) {
      Expressions.foreach(e, (n) => {
        if (n.kind !== "AggregateExpression") return;
        if (n.isDistinct) throw notPlannable("Aggregate", `${explainString(n)}: DISTINCT aggregates mixed with other aggregates are not supported yet`);
        if (!aggregates.some((a) => semanticEquals(a, n))) aggregates.push(n);
      });
    }
    const bufferAttributes = aggregates.map((a) => AttributeReference(a.name, BinaryType, true));
    const resultAttributes = aggregates.map((a) => {
      const def = aggregateFunctionDefinition(a.name);
      return AttributeReference(prettyName(a), def.resultType(a.children.map(dataTypeOf)), def.nullable);
    });
    const replace = (e: Expression): Expression =>
      Expressions.transformDown(e, (n) => {
        const agg = aggregates.findIndex((a) => semanticEquals(a, n));
        if (agg >= 0) return resultAttributes[agg]!;
        const group = p.groupingExpressions.findIndex((g) => semanticEquals(g.kind === "Alias" ? g.child : g, n));
        return group >= 0 && n.kind !== "AttributeReference" ? groupingAttributes[group]! : n;
      }).node;
    const resultExpressions = p.aggregateExpressions.map((e) => (e.kind === "Alias" ? Alias(replace(e.child), e.name, e.exprId, e.qualifier) : replace(e)));
    const common = { aggregateExpressions: aggregates, bufferAttributes, resultAttributes };
    const partial = exec({ kind: "HashAggregateExec", mode: "Partial", groupingExpressions: grouping, resultExpressions: [], ...common, child: this.plan(p.child) });
    return exec({ kind: "HashAggregateExec", mode: "Final", groupingExpressions: groupingAttributes, resultExpressions, ...common, child: partial });
  }

  /** Spark's JoinSelection: broadcast the side under the threshold, else shuffle both; no keys: a nested loop. */
  private planJoin(p: Join): SparkPlan {
    const [left, right] = [this.plan(p.left), this.plan(p.right)];
    const threshold = this.conf.autoBroadcastJoinThreshold;
    const small = (side: LogicalPlan) => threshold >= 0 && sizeInBytes(side) <= threshold;
    const equi = extractEquiJoinKeys(p);
    if (equi) {
      const keys = { leftKeys: equi.leftKeys, rightKeys: equi.rightKeys, nullSafe: equi.nullSafe, joinType: p.joinType, condition: equi.otherCondition, left, right };
      const broadcast: BuildSide | null = canBuildRight(p.joinType) && small(p.right) ? "BuildRight" : canBuildLeft(p.joinType) && small(p.left) ? "BuildLeft" : null;
      if (broadcast) return exec({ kind: "BroadcastHashJoinExec", buildSide: broadcast, ...keys });
      const buildSide: BuildSide = canBuildRight(p.joinType) || p.joinType === "FullOuter" ? "BuildRight" : "BuildLeft";
      return exec({ kind: "ShuffledHashJoinExec", buildSide, ...keys });
    }
    const buildSide: BuildSide = p.joinType === "RightOuter" || (!canBuildRight(p.joinType) && small(p.left)) ? "BuildLeft" : "BuildRight";
    const singleRowBuild = this.subqueryJoins.has(p);
    return exec({ kind: "BroadcastNestedLoopJoinExec", joinType: p.joinType, buildSide, condition: p.condition, singleRowBuild, left, right });
  }
}

/** Join types whose unmatched build rows need not be seen by every task. */
function canBuildRight(t: JoinType): boolean {
  return t === "Inner" || t === "Cross" || t === "LeftOuter" || t === "LeftSemi" || t === "LeftAnti";
}

function canBuildLeft(t: JoinType): boolean {
  return t === "Inner" || t === "Cross" || t === "RightOuter";
}

/** Spark's default for local rows: as many slices as cores, but no empty ones. */
function slicesFor(rows: number, parallelism: number): number {
  return Math.max(1, Math.min(rows, parallelism));
}

function notPlannable(kind: string, why: string): never {
  throw new SparkException(`Cannot plan the logical operator ${kind}: ${why}.`, { errorClass: "INTERNAL_ERROR" });
}
