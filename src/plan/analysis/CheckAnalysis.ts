import { AnalysisException, closestMatches, toSQLId } from "../../expr/AnalysisException.js";
import type { Attribute } from "../../expr/AttributeReference.js";
import type { Expression } from "../../expr/Expression.js";
import { prettyName } from "../../expr/ExpressionString.js";
import { Expressions, semanticEquals } from "../../expr/ExpressionTree.js";
import { containsAggregate, dataTypeOf } from "../../expr/ExpressionTypes.js";
import { aggregateFunctionDefinition, scalarFunctionDefinition } from "../../expr/functions/FunctionRegistry.js";
import { abstractTypeSql, acceptsType } from "../../types/AbstractDataType.js";
import { canCast } from "../../types/CastRules.js";
import type { DataType } from "../../types/DataType.js";
import { isNumeric } from "../../types/TypeUtils.js";
import { splitConjuncts } from "../../expr/Predicates.js";
import type { Aggregate } from "../logical/Aggregate.js";
import type { LogicalPlan } from "../logical/LogicalPlan.js";
import { outputOf } from "../logical/PlanOutput.js";
import { expressionsOf, isCorrelated, Plans } from "../logical/PlanTree.js";
import { existenceCorrelation } from "../optimizer/RewritePredicateSubquery.js";
import { qualifiedName } from "./NameResolution.js";

/**
 * Spark's CheckAnalysis: after the analyzer's rules, whatever is still unresolved or ill-typed is reported, the
 * deepest problem first, with Spark's error classes and messages.
 */
export function checkAnalysis(plan: LogicalPlan): void {
  for (const child of Plans.children(plan)) checkAnalysis(child);
  const input = Plans.children(plan).flatMap(outputOf);
  for (const e of expressionsOf(plan)) {
    Expressions.foreach(e, (n) => {
      if (n.kind === "Exists" || n.kind === "InSubquery" || n.kind === "ScalarSubquery") checkAnalysis(n.plan as LogicalPlan);
      if (n.kind === "ScalarSubquery") checkCorrelatedScalarSubquery(n.plan as LogicalPlan);
    });
    checkExpression(e, input);
  }
  checkPredicateSubqueryPosition(plan);
  checkOperator(plan);
}

function checkOperator(plan: LogicalPlan): void {
  switch (plan.kind) {
    case "UnresolvedRelation":
      throw new AnalysisException("TABLE_OR_VIEW_NOT_FOUND", `The table or view ${toSQLId(plan.multipartIdentifier)} cannot be found.`);
    case "Filter":
      if (dataTypeOf(plan.condition).kind !== "boolean") {
        throw mismatch(plan.condition, "FILTER_NOT_BOOLEAN", `Filter expression "${prettyName(plan.condition)}" of type ${quotedSql(dataTypeOf(plan.condition))} is not a boolean.`);
      }
      if (containsAggregate(plan.condition)) {
        throw new AnalysisException(
          "INVALID_WHERE_CONDITION",
          `The WHERE condition "${prettyName(plan.condition)}" contains invalid expressions: ${Expressions.collect(plan.condition, (n) => (n.kind === "AggregateExpression" ? prettyName(n) : undefined)).join(", ")}. Rewrite the query to avoid window functions, aggregate functions, and generator functions in the WHERE clause.`,
        );
      }
      return;
    case "Join":
      if (plan.condition && dataTypeOf(plan.condition).kind !== "boolean") {
        throw new AnalysisException("JOIN_CONDITION_IS_NOT_BOOLEAN_TYPE", `The join condition ${prettyName(plan.condition)} has the invalid type ${quotedSql(dataTypeOf(plan.condition))}, expected "BOOLEAN".`);
      }
      return;
    case "Aggregate":
      return checkAggregate(plan);
    case "Except":
    case "Intersect": {
      const [left, right] = [outputOf(plan.left).length, outputOf(plan.right).length];
      if (left !== right) {
        throw new AnalysisException(
          "NUM_COLUMNS_MISMATCH",
          `${plan.kind.toUpperCase()} can only be performed on inputs with the same number of columns, but the first input has ${left} columns and the second input has ${right} columns.`,
        );
      }
      return;
    }
    case "Project":
      if (plan.projectList.some(containsAggregate)) throw missingGroupBy();
      return;
    case "Sort":
      if (plan.order.some(containsAggregate)) throw missingGroupBy();
      for (const o of plan.order) {
        if (!isOrderable(dataTypeOf(o.child))) {
          throw mismatch(o.child, "INVALID_ORDERING_TYPE", `The \`sortorder\` does not support ordering on type ${quotedSql(dataTypeOf(o.child))}.`);
        }
      }
      return;
    default:
      return;
  }
}

const POSITION: Partial<Record<LogicalPlan["kind"], string>> = {
  Project: "the select list",
  Aggregate: "an aggregation",
  Filter: "a WHERE or HAVING condition other than as a top-level AND operand (under OR, CASE or a function)",
  Join: "a join condition",
  Sort: "ORDER BY",
};

/**
 * The optimizer turns EXISTS and IN subqueries into semi and anti joins where they are (possibly negated)
 * top-level conjuncts of a filter, and those correlated only by column equalities into outer joins in a
 * select list or any filter condition; anywhere else they would reach the executors unevaluable, so they
 * are refused here, before any job runs.
 */
function checkPredicateSubqueryPosition(plan: LogicalPlan): void {
  const conjuncts = plan.kind === "Filter" ? splitConjuncts(plan.condition).map((c) => (c.kind === "Not" ? c.child : c)) : [];
  const existenceJoinable = (n: Expression) =>
    (n.kind === "Exists" || n.kind === "InSubquery") && (plan.kind === "Project" || plan.kind === "Filter") && existenceCorrelation(n.plan as LogicalPlan) !== null;
  for (const e of expressionsOf(plan)) {
    Expressions.foreach(e, (n) => {
      if ((n.kind === "Exists" || n.kind === "InSubquery") && !conjuncts.includes(n) && !existenceJoinable(n)) {
        throw new AnalysisException(
          "UNSUPPORTED_SUBQUERY_EXPRESSION_CATEGORY.UNSUPPORTED_IN_EXISTS_SUBQUERY",
          `Unsupported subquery expression: ${prettyName(n)} is used in ${POSITION[plan.kind] ?? `a ${plan.kind} operator`}. IN/EXISTS predicate subqueries are supported as a top-level AND operand of a WHERE or HAVING condition, possibly under NOT, and, when correlated only by equalities of inner columns to outer expressions, also in a select list or under OR. Rewrite it as a join or move it into the WHERE clause.`,
        );
      }
    });
  }
}

/** A correlated scalar subquery must aggregate, so that it yields at most one row per outer row. */
function checkCorrelatedScalarSubquery(plan: LogicalPlan): void {
  let top = plan;
  while (top.kind === "SubqueryAlias" || top.kind === "Project") top = top.child;
  if (top.kind !== "Aggregate" && isCorrelated(plan)) {
    throw new AnalysisException(
      "UNSUPPORTED_SUBQUERY_EXPRESSION_CATEGORY.MUST_AGGREGATE_CORRELATED_SCALAR_SUBQUERY",
      "Unsupported subquery expression: Correlated scalar subqueries must be aggregated to return at most one row.",
    );
  }
}

function isOrderable(t: DataType): boolean {
  switch (t.kind) {
    case "map":
      return false;
    case "array":
      return isOrderable(t.elementType);
    case "struct":
      return t.fields.every((f) => isOrderable(f.dataType));
    default:
      return true;
  }
}

/** Every column an aggregate outputs is computed from grouping expressions and aggregate functions only. */
function checkAggregate(plan: Aggregate): void {
  // `groupBy(expr.alias("k"))` keeps the alias in the grouping: the select list holds the same aliased expression.
  const groups = plan.groupingExpressions.map((g) => (g.kind === "Alias" ? g.child : g));
  const isGrouping = (e: Expression) => groups.some((g) => semanticEquals(g, e));
  const check = (e: Expression): void => {
    if (e.kind === "AggregateExpression") {
      for (const c of e.children) {
        if (containsAggregate(c)) {
          throw new AnalysisException(
            "NESTED_AGGREGATE_FUNCTION",
            "It is not allowed to use an aggregate function in the argument of another aggregate function. Please use the inner aggregate function in a sub-query.",
          );
        }
      }
      return;
    }
    if (isGrouping(e)) return;
    if (e.kind === "AttributeReference") {
      throw new AnalysisException(
        "MISSING_AGGREGATION",
        `The non-aggregating expression ${toSQLId(e.name)} is based on columns which are not participating in the GROUP BY clause. Add the columns or the expression to the GROUP BY, aggregate the expression, or use "any_value(${e.name})" if you do not care which of the values within a group is returned.`,
      );
    }
    Expressions.children(e).forEach(check);
  };
  for (const e of plan.aggregateExpressions) check(e.kind === "Alias" ? e.child : e);
}

const quotedSql = (t: DataType) => `"${t.sql()}"`;

/** Aggregates outside an Aggregate operator: what is left when the analyzer found no GROUP BY to put them in. */
function missingGroupBy(): AnalysisException {
  return new AnalysisException(
    "MISSING_GROUP_BY",
    "The query does not include a GROUP BY clause. Add GROUP BY or turn it into the window functions using OVER clauses.",
  );
}

function mismatch(e: Expression, subclass: string, detail: string): AnalysisException {
  return new AnalysisException(`DATATYPE_MISMATCH.${subclass}`, `Cannot resolve "${prettyName(e)}" due to data type mismatch: ${detail}`);
}

function unresolvedColumn(nameParts: readonly string[], input: readonly Attribute[]): AnalysisException {
  const name = toSQLId(nameParts);
  const candidates = closestMatches(nameParts.join("."), input.map((a) => [...a.qualifier, a.name].join("."))).map((c) => {
    const a = input.find((x) => [...x.qualifier, x.name].join(".") === c)!;
    return qualifiedName(a);
  });
  if (candidates.length === 0) {
    return new AnalysisException("UNRESOLVED_COLUMN.WITHOUT_SUGGESTION", `A column, variable, or function parameter with name ${name} cannot be resolved.`);
  }
  return new AnalysisException(
    "UNRESOLVED_COLUMN.WITH_SUGGESTION",
    `A column, variable, or function parameter with name ${name} cannot be resolved. Did you mean one of the following? [${candidates.join(", ")}].`,
  );
}

/** Checks an expression bottom-up: names left unresolved, then operand and argument types. */
function checkExpression(e: Expression, input: readonly Attribute[]): void {
  for (const c of Expressions.children(e)) checkExpression(c, input);
  switch (e.kind) {
    case "UnresolvedAttribute":
      throw unresolvedColumn(e.nameParts, input);
    case "UnresolvedStar":
      throw new AnalysisException("INVALID_USAGE_OF_STAR_OR_REGEX", `Invalid usage of '*' in expression "${prettyName(e)}".`);
    case "UnresolvedFunction":
    case "UnresolvedExtractValue":
      throw new AnalysisException("INTERNAL_ERROR", `Could not resolve ${prettyName(e)}.`);
    case "Add":
    case "Subtract":
    case "Multiply":
    case "Divide":
    case "IntegralDivide":
    case "Remainder": {
      const [l, r] = [dataTypeOf(e.left), dataTypeOf(e.right)];
      const datetime = (l.kind === "date" || l.kind === "timestamp" || l.kind === "interval") && (e.kind === "Add" || e.kind === "Subtract");
      if (datetime && (r.kind === "interval" || (l.kind === "date" && r.kind === "integer"))) return;
      if (!l.equals(r) && !(l.kind === "decimal" && r.kind === "decimal")) {
        throw mismatch(e, "BINARY_OP_DIFF_TYPES", `the left and right operands of the binary operator have incompatible types (${quotedSql(l)} and ${quotedSql(r)}).`);
      }
      if (!isNumeric(l) && !(l.kind === "interval" && (e.kind === "Add" || e.kind === "Subtract"))) {
        throw mismatch(e, "BINARY_OP_WRONG_TYPE", `the binary operator requires the input type "NUMERIC", not ${quotedSql(l)}.`);
      }
      return;
    }
    case "EqualTo":
    case "EqualNullSafe":
    case "LessThan":
    case "LessThanOrEqual":
    case "GreaterThan":
    case "GreaterThanOrEqual": {
      const [l, r] = [dataTypeOf(e.left), dataTypeOf(e.right)];
      if (!l.equals(r) && !(l.kind === "decimal" && r.kind === "decimal")) {
        throw mismatch(e, "BINARY_OP_DIFF_TYPES", `the left and right operands of the binary operator have incompatible types (${quotedSql(l)} and ${quotedSql(r)}).`);
      }
      if (!isOrderable(l)) throw mismatch(e, "INVALID_ORDERING_TYPE", `the binary operator does not support ordering on type ${quotedSql(l)}.`);
      return;
    }
    case "And":
    case "Or":
      for (const side of [e.left, e.right]) {
        if (dataTypeOf(side).kind !== "boolean") throw unexpectedType(e, side, [e.left, e.right].indexOf(side), '"BOOLEAN"');
      }
      return;
    case "Not":
      if (dataTypeOf(e.child).kind !== "boolean") throw unexpectedType(e, e.child, 0, '"BOOLEAN"');
      return;
    case "CaseWhen":
      e.branches.forEach(([c]) => {
        if (dataTypeOf(c).kind !== "boolean") throw unexpectedType(e, c, 0, '"BOOLEAN"');
      });
      return;
    case "InSubquery": {
      const [valueType, columnType] = [dataTypeOf(e.value), outputOf(e.plan as LogicalPlan)[0]!.dataType];
      if (!valueType.equals(columnType)) {
        throw mismatch(
          e,
          "IN_SUBQUERY_DATA_TYPE_MISMATCH",
          `The data type of one or more elements in the left hand side of an IN subquery is not compatible with the data type of the output of the subquery. Left side: [${quotedSql(valueType)}], Right side: [${quotedSql(columnType)}].`,
        );
      }
      return;
    }
    case "Cast": {
      const from = dataTypeOf(e.child);
      if (!canCast(from, e.dataType)) throw mismatch(e, "CAST_WITHOUT_SUGGESTION", `cannot cast ${quotedSql(from)} to ${quotedSql(e.dataType)}.`);
      return;
    }
    case "ScalarFunction":
    case "AggregateExpression": {
      const def = e.kind === "ScalarFunction" ? scalarFunctionDefinition(e.name) : aggregateFunctionDefinition(e.name);
      const types = e.children.map(dataTypeOf);
      const expected = def.inputTypes?.(types);
      if (expected === null) {
        throw mismatch(e, "DATA_DIFF_TYPES", `Input to \`${e.name}\` should all be the same type, but it's [${types.map(quotedSql).join(", ")}].`);
      }
      types.forEach((t, i) => {
        const want = expected?.[i];
        if (want !== undefined && !acceptsType(want, t)) throw unexpectedType(e, e.children[i]!, i, abstractTypeSql(want));
      });
      return;
    }
    default:
      return;
  }
}

function unexpectedType(e: Expression, arg: Expression, index: number, required: string): AnalysisException {
  return mismatch(
    e,
    "UNEXPECTED_INPUT_TYPE",
    `Parameter ${index + 1} requires the ${required} type, however "${prettyName(arg)}" has the type ${quotedSql(dataTypeOf(arg))}.`,
  );
}
