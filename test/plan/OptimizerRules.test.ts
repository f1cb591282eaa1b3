import { test } from "node:test";
import assert from "node:assert/strict";
import type { Alias } from "../../src/expr/Alias.js";
import { Add } from "../../src/expr/Arithmetic.js";
import { Cast } from "../../src/expr/Cast.js";
import { SortOrder } from "../../src/expr/SortOrder.js";
import { AggregateExpression, ScalarFunction } from "../../src/expr/FunctionCall.js";
import { FalseLiteral, Literal, TrueLiteral } from "../../src/expr/Literal.js";
import { And, EqualNullSafe, EqualTo, GreaterThan, IsNotNull, IsNull, LessThanOrEqual, Not, Or } from "../../src/expr/Predicates.js";
import { Exists, InSubquery, OuterReference, ScalarSubquery } from "../../src/expr/Subquery.js";
import { Join } from "../../src/plan/logical/Join.js";
import { DataSourceRelation, LocalRelation } from "../../src/plan/logical/Relations.js";
import { Deduplicate, Filter, GlobalLimit, LocalLimit, Project, SubqueryAlias } from "../../src/plan/logical/UnaryNodes.js";
import { Except, Intersect } from "../../src/plan/logical/SetOperations.js";
import { Union } from "../../src/plan/logical/Union.js";
import { ReplaceSetOperationsWithJoins } from "../../src/plan/optimizer/ReplaceSetOperations.js";
import { BooleanSimplification } from "../../src/plan/optimizer/BooleanSimplification.js";
import { CollapseProject } from "../../src/plan/optimizer/CollapseProject.js";
import { ColumnPruning } from "../../src/plan/optimizer/ColumnPruning.js";
import { CombineFilters } from "../../src/plan/optimizer/CombineFilters.js";
import { ComputeCurrentTime } from "../../src/plan/optimizer/ComputeCurrentTime.js";
import { ConstantFolding } from "../../src/plan/optimizer/ConstantFolding.js";
import { EliminateSubqueryAliases } from "../../src/plan/optimizer/EliminateSubqueryAliases.js";
import { CombineLimits, LimitPushDown } from "../../src/plan/optimizer/LimitPushDown.js";
import { NullPropagation } from "../../src/plan/optimizer/NullPropagation.js";
import { Optimizer } from "../../src/plan/optimizer/Optimizer.js";
import { PruneFilters } from "../../src/plan/optimizer/PruneFilters.js";
import { PushDownPredicates } from "../../src/plan/optimizer/PushDownPredicates.js";
import { PushFiltersIntoDataSource } from "../../src/plan/optimizer/PushFiltersIntoDataSource.js";
import { RemoveNoopOperators } from "../../src/plan/optimizer/RemoveNoopOperators.js";
import { ReplaceDeduplicateWithAggregate, ReplaceDistinctWithAggregate } from "../../src/plan/optimizer/ReplaceDistinctWithAggregate.js";
import { RewriteDistinctAggregates } from "../../src/plan/optimizer/RewriteDistinctAggregates.js";
import { RewritePredicateSubquery } from "../../src/plan/optimizer/RewritePredicateSubquery.js";
import { SimplifyCasts } from "../../src/plan/optimizer/SimplifyCasts.js";
import { rule } from "../../src/plan/rules/Rule.js";
import { Batch, Once, RuleExecutor, sideBySide } from "../../src/plan/rules/RuleExecutor.js";
import type { LogicalPlan } from "../../src/plan/logical/LogicalPlan.js";
import { Plans } from "../../src/plan/logical/PlanTree.js";
import { RewriteCorrelatedScalarSubquery } from "../../src/plan/optimizer/RewriteCorrelatedScalarSubquery.js";
import { BooleanType, DateType, IntegerType, LongType, StringType, TimestampType } from "../../src/types/AtomicTypes.js";
import { AttributeReference } from "../../src/expr/AttributeReference.js";
import { as, comparePlans, dsl, int, lit, optimize, rel } from "./dsl.js";

const ctx = { timeZone: "UTC", currentTimestamp: 86_400_000_000n };
const a = int("a");
const b = int("b");
const c = int("c");
const x = int("x");
const y = int("y");
const t = rel(a, b, c);
const u = rel(x, y);

test("PushDownPredicates moves a filter below a projection, replacing aliases", () => {
  const input = t.select(a, as(Add(b, lit(1)), "b1")).where(GreaterThan(a, lit(1)));
  const plan = input.plan as Filter;
  const b1 = (plan.child as Project).projectList[1]!;
  const expected = t.where(GreaterThan(a, lit(1))).select(a, b1);
  comparePlans(optimize(input, PushDownPredicates), expected);
  const onAlias = t.select(a, as(Add(b, lit(1)), "b1"));
  const alias = (onAlias.plan as Project).projectList[1]!;
  const aliasAttr = AttributeReference("b1", IntegerType, true, (alias as Alias).exprId);
  comparePlans(optimize(onAlias.where(GreaterThan(aliasAttr, lit(5))), PushDownPredicates), t.where(GreaterThan(Add(b, lit(1)), lit(5))).select(a, alias));
});

test("PushDownPredicates splits a filter over an inner join into both sides and the join condition", () => {
  const input = t.join(u).where(And(And(GreaterThan(a, lit(1)), GreaterThan(x, lit(2))), EqualTo(b, y)));
  const expected = t.where(GreaterThan(a, lit(1))).join(u.where(GreaterThan(x, lit(2))), "Inner", EqualTo(b, y));
  comparePlans(optimize(input, PushDownPredicates), expected);
});

test("PushDownPredicates keeps a filter on the nullable side of an outer join above it", () => {
  const input = t.join(u, "LeftOuter", EqualTo(a, x)).where(And(GreaterThan(a, lit(1)), IsNull(y)));
  const expected = t.where(GreaterThan(a, lit(1))).join(u, "LeftOuter", EqualTo(a, x)).where(IsNull(y));
  comparePlans(optimize(input, PushDownPredicates), expected);
});

test("PushDownPredicates pushes an ON condition only into the side whose unmatched rows are dropped", () => {
  const input = t.join(u, "LeftOuter", And(EqualTo(a, x), And(GreaterThan(a, lit(1)), GreaterThan(y, lit(2)))));
  const expected = t.join(u.where(GreaterThan(y, lit(2))), "LeftOuter", And(EqualTo(a, x), GreaterThan(a, lit(1))));
  comparePlans(optimize(input, PushDownPredicates), expected);
});

test("PushDownPredicates pushes predicates on grouping columns below an aggregate, not those on aggregates", () => {
  const count = as(AggregateExpression("count", [b]), "n");
  const agg = t.groupBy(a)(a, count);
  const nAttr = AttributeReference("n", LongType, false, count.exprId);
  const input = agg.where(And(GreaterThan(a, lit(1)), GreaterThan(nAttr, Literal(2n, LongType))));
  const expected = t.where(GreaterThan(a, lit(1))).groupBy(a)(a, count).where(GreaterThan(nAttr, Literal(2n, LongType)));
  comparePlans(optimize(input, PushDownPredicates), expected);
});

test("PushDownPredicates pushes a filter into every input of a union", () => {
  const input = rel(a).union(rel(x)).where(GreaterThan(a, lit(1)));
  const expected = dsl(Union([rel(a).where(GreaterThan(a, lit(1))).plan, rel(x).where(GreaterThan(x, lit(1))).plan]));
  comparePlans(optimize(input, PushDownPredicates), expected);
});

test("PushFiltersIntoDataSource hands translatable conjuncts to a source that accepts filters, keeping the Filter", () => {
  const source = DataSourceRelation([a, b], { format: "parquet", path: "/data" }, true);
  const condition = And(GreaterThan(a, lit(1)), EqualTo(Add(a, b), lit(3)));
  const out = optimize(Filter(condition, source), PushFiltersIntoDataSource);
  comparePlans(out, Filter(condition, DataSourceRelation([a, b], { format: "parquet", path: "/data" }, true, [GreaterThan(a, lit(1))])));
  const closed = DataSourceRelation([a, b], { format: "csv" }, false);
  assert.equal(optimize(Filter(condition, closed), PushFiltersIntoDataSource).kind, "Filter");
  comparePlans(optimize(Filter(condition, closed), PushFiltersIntoDataSource), Filter(condition, closed));
});

test("ColumnPruning narrows a data source read to the columns used above it", () => {
  const source = DataSourceRelation([a, b, c], { format: "csv" });
  const input = dsl(source).where(GreaterThan(b, lit(1))).select(a);
  const expected = dsl(DataSourceRelation([a, b], { format: "csv" })).where(GreaterThan(b, lit(1))).select(a);
  comparePlans(optimize(input, ColumnPruning), expected);
});

test("ColumnPruning drops unused aliases and projects join and aggregate inputs", () => {
  const unused = as(Add(b, lit(1)), "unused");
  comparePlans(optimize(t.select(a, unused).select(a), ColumnPruning), t.select(a).select(a));
  comparePlans(optimize(t.join(u, "Inner", EqualTo(a, x)).select(b), ColumnPruning), t.select(a, b).join(u.select(x), "Inner", EqualTo(a, x)).select(b));
  const sum = as(AggregateExpression("sum", [b]), "s");
  comparePlans(optimize(t.groupBy(a)(a, sum), ColumnPruning), t.select(a, b).groupBy(a)(a, sum));
});

test("CollapseProject merges adjacent projections, keeping the output names and ids", () => {
  const a1 = as(Add(a, lit(1)), "a1");
  const a1Attr = AttributeReference("a1", IntegerType, true, a1.exprId);
  const input = t.select(a1, b).select(a1Attr, as(Add(a1Attr, b), "s"));
  const expected = t.select(as(Add(a, lit(1)), "a1"), as(Add(Add(a, lit(1)), b), "s"));
  comparePlans(optimize(input, CollapseProject), expected);
});

test("CombineFilters joins adjacent filters without repeating a conjunct", () => {
  const input = t.where(GreaterThan(a, lit(1))).where(And(GreaterThan(a, lit(1)), GreaterThan(b, lit(2))));
  comparePlans(optimize(input, CombineFilters), t.where(And(GreaterThan(a, lit(1)), GreaterThan(b, lit(2)))));
});

test("ConstantFolding computes constant expressions and keeps aliases", () => {
  const input = t.select(as(Add(lit(1), lit(2)), "three"), as(Add(a, Cast(lit("2"), IntegerType)), "p"));
  comparePlans(optimize(input, ConstantFolding(ctx)), t.select(as(lit(3), "three"), as(Add(a, lit(2)), "p")));
});

test("ComputeCurrentTime fixes current_timestamp() and current_date() to the query's start", () => {
  const input = t.select(as(ScalarFunction("current_timestamp", []), "now"), as(ScalarFunction("current_date", []), "today"));
  comparePlans(optimize(input, ComputeCurrentTime(ctx)), t.select(as(Literal(86_400_000_000n, TimestampType), "now"), as(Literal(1, DateType), "today")));
});

test("BooleanSimplification removes constant sides, double negation and negated comparisons", () => {
  comparePlans(optimize(t.where(And(TrueLiteral, GreaterThan(a, lit(1)))), BooleanSimplification), t.where(GreaterThan(a, lit(1))));
  comparePlans(optimize(t.where(Or(GreaterThan(a, lit(1)), TrueLiteral)), BooleanSimplification), t.where(TrueLiteral));
  comparePlans(optimize(t.where(And(IsNull(a), FalseLiteral)), BooleanSimplification), t.where(FalseLiteral));
  comparePlans(optimize(t.where(Not(GreaterThan(a, b))), BooleanSimplification), t.where(LessThanOrEqual(a, b)));
  comparePlans(optimize(t.where(Not(Not(IsNull(a)))), BooleanSimplification), t.where(IsNull(a)));
  comparePlans(optimize(t.where(Not(IsNull(a))), BooleanSimplification), t.where(IsNotNull(a)));
});

test("NullPropagation answers null tests of non-nullable columns and folds operators on NULL", () => {
  const required = AttributeReference("r", IntegerType, false);
  const r = rel(required);
  comparePlans(optimize(r.where(IsNull(required)), NullPropagation), r.where(FalseLiteral));
  comparePlans(optimize(r.select(as(Add(required, Literal(null, IntegerType)), "s")), NullPropagation), r.select(as(Literal(null, IntegerType), "s")));
});

test("SimplifyCasts removes casts to the type a value already has", () => {
  comparePlans(optimize(t.select(as(Cast(a, IntegerType), "a2"), as(Cast(a, StringType), "s")), SimplifyCasts), t.select(as(a, "a2"), as(Cast(a, StringType), "s")));
});

test("PruneFilters drops true filters and replaces false ones with an empty relation", () => {
  comparePlans(optimize(t.where(TrueLiteral), PruneFilters), t);
  comparePlans(optimize(t.where(And(GreaterThan(a, lit(1)), TrueLiteral)), PruneFilters), t.where(GreaterThan(a, lit(1))));
  comparePlans(optimize(t.where(Literal(null, BooleanType)), PruneFilters), LocalRelation([a, b, c], []));
});

test("LimitPushDown limits each input of a union and the preserved side of an outer join", () => {
  const union = rel(a).union(rel(x)).limit(5);
  comparePlans(optimize(union, LimitPushDown), GlobalLimit(5, LocalLimit(5, Union([LocalLimit(5, rel(a).plan), LocalLimit(5, rel(x).plan)]))));
  const join = t.join(u, "LeftOuter", EqualTo(a, x)).limit(3);
  comparePlans(optimize(join, LimitPushDown), GlobalLimit(3, LocalLimit(3, Join(LocalLimit(3, t.plan), u.plan, "LeftOuter", EqualTo(a, x)))));
  const inner = t.join(u, "Inner", EqualTo(a, x)).limit(3);
  comparePlans(optimize(inner, LimitPushDown), inner);
});

test("CombineLimits keeps the smaller of two adjacent limits", () => {
  comparePlans(optimize(t.limit(10).limit(5), CombineLimits), GlobalLimit(5, LocalLimit(5, t.plan)));
});

test("RemoveNoopOperators drops a projection of exactly its input", () => {
  comparePlans(optimize(t.select(a, b, c).where(GreaterThan(a, lit(1))), RemoveNoopOperators), t.where(GreaterThan(a, lit(1))));
  comparePlans(optimize(t.select(b, a, c), RemoveNoopOperators), t.select(b, a, c));
});

test("EliminateSubqueryAliases removes aliases, inside subqueries too", () => {
  const sub = Exists(SubqueryAlias("s", u.plan));
  comparePlans(optimize(dsl(SubqueryAlias("t", t.plan)).where(sub), EliminateSubqueryAliases), t.where(Exists(u.plan)));
});

test("ReplaceDistinctWithAggregate and ReplaceDeduplicateWithAggregate group by the columns", () => {
  comparePlans(optimize(t.distinct(), ReplaceDistinctWithAggregate), t.groupBy(a, b, c)(a, b, c));
  const out = optimize(Deduplicate([a], t.plan), ReplaceDeduplicateWithAggregate);
  comparePlans(out, t.groupBy(a)(a, as(AggregateExpression("first", [b]), "b"), as(AggregateExpression("first", [c]), "c")));
});

test("RewritePredicateSubquery turns EXISTS and IN into semi and anti joins, pulling up correlated predicates", () => {
  const correlated = Exists(u.where(And(EqualTo(OuterReference(a), x), GreaterThan(y, lit(0)))).select(y).plan);
  const out = optimize(t.where(correlated), RewritePredicateSubquery);
  comparePlans(out, Join(t.plan, u.where(GreaterThan(y, lit(0))).select(y, x).plan, "LeftSemi", EqualTo(a, x)));
  const notIn = Not(InSubquery(a, u.select(x).plan));
  const anti = optimize(t.where(notIn), RewritePredicateSubquery);
  comparePlans(anti, Join(t.plan, u.select(x).plan, "LeftAnti", Or(EqualTo(a, x), IsNull(EqualTo(a, x)))));
});

test("RewritePredicateSubquery turns EXISTS in a select list into a left outer join with the subquery grouped by its correlated column", () => {
  const correlated = Exists(u.where(And(EqualTo(OuterReference(a), x), GreaterThan(y, lit(0)))).select(y).plan);
  const out = optimize(t.select(a, as(correlated, "e")), RewritePredicateSubquery);
  const matches = u.where(GreaterThan(y, lit(0))).select(y, x).groupBy(x)(as(x, "x"), as(lit(true), "exists"));
  const expected = dsl(Join(t.plan, matches.plan, "LeftOuter", EqualTo(a, x))).select(a, as(IsNotNull(AttributeReference("exists", BooleanType, true)), "e"));
  comparePlans(out, expected);
});

test("a rule that changes the output schema is reported by name", () => {
  const broken = rule("DropColumns", (p) => (p.kind === "Project" ? Project([p.projectList[0]!], p.child) : p));
  const executor = new RuleExecutor([Batch("broken", Once, broken)], { preserveSchema: true });
  assert.throws(() => executor.execute(t.select(a, b).plan), /The rule DropColumns in batch broken changed the plan's output schema from \[a INT, b INT\] to \[a INT\]/);
});

test("the optimizer prunes and pushes down end to end, and reports each change", () => {
  const source = DataSourceRelation([a, b, c], { format: "parquet" }, true);
  const changes: string[] = [];
  const plan = dsl(source).select(a, b).where(GreaterThan(a, lit(1))).select(b);
  const optimized = new Optimizer(ctx, (ch) => changes.push(ch.rule)).execute(plan.plan);
  comparePlans(optimized, dsl(DataSourceRelation([a, b], { format: "parquet" }, true, [GreaterThan(a, lit(1))])).where(GreaterThan(a, lit(1))).select(b));
  assert.ok(changes.includes("PushDownPredicates") && changes.includes("ColumnPruning"), changes.join(","));
});

test("RewriteDistinctAggregates deduplicates in a first aggregate when every aggregate is DISTINCT over the same columns", () => {
  const n = as(AggregateExpression("count", [b], true), "n");
  const s = as(AggregateExpression("sum", [b], true), "s");
  const input = t.groupBy(a)(a, n, s);
  const expected = t.groupBy(a, b)(a, b).groupBy(a)(a, as(AggregateExpression("count", [b]), "n"), as(AggregateExpression("sum", [b]), "s"));
  comparePlans(optimize(input, RewriteDistinctAggregates), expected);
});

test("RewriteDistinctAggregates aggregates a DISTINCT group and the plain aggregates apart and joins them null-safely on the keys", () => {
  const mixed = t.groupBy(a)(a, as(AggregateExpression("count", [b], true), "n"), as(AggregateExpression("sum", [c]), "total"));
  const distinctSide = t.groupBy(a, b)(a, b).groupBy(a)(as(a, "a"), as(AggregateExpression("count", [b]), "count(DISTINCT b)"));
  const plainSide = t.groupBy(a)(as(a, "a"), as(AggregateExpression("sum", [c]), "sum(c)"));
  const expected = dsl(Join(distinctSide.plan, plainSide.plan, "Inner", EqualNullSafe(a, a))).select(as(a, "a"), as(AttributeReference("count(DISTINCT b)", LongType, false), "n"), as(AttributeReference("sum(c)", LongType), "total"));
  comparePlans(optimize(mixed, RewriteDistinctAggregates), expected);
});

test("RewriteCorrelatedScalarSubquery joins the subquery's aggregate grouped by the correlated column", () => {
  const max = as(AggregateExpression("max", [y]), "m");
  const subquery = ScalarSubquery(u.where(EqualTo(x, OuterReference(a))).groupBy()(max).plan, IntegerType);
  const out = optimize(t.select(a, as(subquery, "best")), RewriteCorrelatedScalarSubquery);
  const mAttr = AttributeReference("m", IntegerType, true, max.exprId);
  comparePlans(out, dsl(Join(t.plan, u.groupBy(x)(max, x).plan, "LeftOuter", EqualTo(x, a))).select(a, as(mAttr, "best")));
});

test("the optimizer optimizes the plans of the scalar subqueries that remain", () => {
  const sub = ScalarSubquery(dsl(SubqueryAlias("s", u.plan)).where(And(TrueLiteral, GreaterThan(x, lit(1)))).groupBy()(as(AggregateExpression("max", [y]), "m")).plan, IntegerType);
  const optimized = new Optimizer(ctx).execute(t.select(as(sub, "v")).plan) as Project;
  const inner = (optimized.projectList[0] as Alias).child as ScalarSubquery;
  assert.doesNotMatch(Plans.treeString(inner.plan as LogicalPlan), /SubqueryAlias|true/);
});

test("sideBySide marks the lines where two plans differ", () => {
  assert.equal(sideBySide("Filter (a > 1)\n+- LocalRelation [a]\n", "Filter (a > 2)\n+- LocalRelation [a]\n"), "!Filter (a > 1)         Filter (a > 2)\n +- LocalRelation [a]   +- LocalRelation [a]");
});

test("ColumnPruning reaches through sorts and limits, and prunes every input of a union", () => {
  const source = DataSourceRelation([a, b, c], { format: "parquet" });
  const sorted = dsl(source).orderBy(SortOrder(b)).select(a);
  comparePlans(optimize(sorted, ColumnPruning), dsl(DataSourceRelation([a, b], { format: "parquet" })).orderBy(SortOrder(b)).select(a));
  const unioned = dsl(Union([t.plan, rel(x, y, int("z")).plan])).select(b);
  comparePlans(optimize(unioned, ColumnPruning), dsl(Union([t.select(b).plan, rel(x, y, int("z")).select(y).plan])).select(b));
});

test("ReplaceSetOperationsWithJoins turns EXCEPT and INTERSECT into distinct anti and semi joins with null-safe equality", () => {
  const z = int("z");
  const right = rel(x, y, z).plan;
  comparePlans(optimize(Except(t.plan, right), ReplaceSetOperationsWithJoins), dsl(Join(t.plan, right, "LeftAnti", And(And(EqualNullSafe(a, x), EqualNullSafe(b, y)), EqualNullSafe(c, z)))).distinct());
  comparePlans(optimize(Intersect(rel(a).plan, rel(x).plan), ReplaceSetOperationsWithJoins), dsl(Join(rel(a).plan, rel(x).plan, "LeftSemi", EqualNullSafe(a, x))).distinct());
});
