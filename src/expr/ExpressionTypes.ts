import { BooleanType, DateType, DoubleType, LongType, TimestampType } from "../types/AtomicTypes.js";
import { forceNullable } from "../types/CastRules.js";
import type { DataType } from "../types/DataType.js";
import { decimalResultType } from "../types/DecimalPrecision.js";
import { findWiderCommonType } from "../types/TypeCoercion.js";
import { isIntegral } from "../types/TypeUtils.js";
import { AnalysisException } from "./AnalysisException.js";
import type { BinaryArithmetic } from "./Arithmetic.js";
import { dispatch, type Expression, type ExpressionTable } from "./Expression.js";
import { explainString } from "./ExpressionString.js";
import { Expressions } from "./ExpressionTree.js";
import { aggregateFunctionDefinition, scalarFunctionDefinition } from "./functions/FunctionRegistry.js";

/**
 * What an expression's tree says about it: its type, whether it can be null, whether it is resolved, whether
 * it can be folded into a constant. Types are computed from the children on demand, as Spark's `dataType`.
 */

function unresolved(e: Expression): never {
  throw new AnalysisException("INTERNAL_ERROR", `Invalid call to dataType on unresolved object ${explainString(e)}: resolve the plan first.`);
}

function arithmeticType(e: BinaryArithmetic): DataType {
  const [l, r] = [dataTypeOf(e.left), dataTypeOf(e.right)];
  if (e.kind === "IntegralDivide") return LongType;
  if (l.kind === "decimal" && r.kind === "decimal") return decimalResultType(e.kind, l, r);
  if (e.kind === "Divide") return DoubleType;
  if (l.kind === "date" && (isIntegral(r) || r.kind === "interval")) return DateType;
  if (l.kind === "timestamp" && r.kind === "interval") return TimestampType;
  return l;
}

const boolean = () => BooleanType;
const childType = (e: { child: Expression }) => dataTypeOf(e.child);

const DATA_TYPE: ExpressionTable<DataType> = {
  Literal: (e) => e.dataType,
  AttributeReference: (e) => e.dataType,
  BoundReference: (e) => e.dataType,
  Alias: childType,
  UnresolvedAttribute: unresolved,
  UnresolvedStar: unresolved,
  UnresolvedFunction: unresolved,
  UnresolvedExtractValue: unresolved,
  Add: arithmeticType,
  Subtract: arithmeticType,
  Multiply: arithmeticType,
  Divide: arithmeticType,
  IntegralDivide: arithmeticType,
  Remainder: arithmeticType,
  UnaryMinus: childType,
  EqualTo: boolean,
  EqualNullSafe: boolean,
  LessThan: boolean,
  LessThanOrEqual: boolean,
  GreaterThan: boolean,
  GreaterThanOrEqual: boolean,
  And: boolean,
  Or: boolean,
  Not: boolean,
  IsNull: boolean,
  IsNotNull: boolean,
  In: boolean,
  Like: boolean,
  RLike: boolean,
  CaseWhen: (e) => {
    const values = [...e.branches.map(([, v]) => v), ...(e.elseValue ? [e.elseValue] : [])].map(dataTypeOf);
    return findWiderCommonType(values) ?? values[0]!;
  },
  Cast: (e) => e.dataType,
  SortOrder: childType,
  ScalarFunction: (e) => scalarFunctionDefinition(e.name).resultType(e.children.map(dataTypeOf), e.children),
  AggregateExpression: (e) => aggregateFunctionDefinition(e.name).resultType(e.children.map(dataTypeOf)),
  ScalarSubquery: (e) => e.dataType ?? unresolved(e),
  Exists: boolean,
  InSubquery: boolean,
  OuterReference: (e) => e.attribute.dataType,
  GetStructField: (e) => {
    const t = dataTypeOf(e.child);
    return t.kind === "struct" ? t.fields[e.ordinal]!.dataType : unresolved(e);
  },
  GetArrayItem: (e) => {
    const t = dataTypeOf(e.child);
    return t.kind === "array" ? t.elementType : unresolved(e);
  },
  GetMapValue: (e) => {
    const t = dataTypeOf(e.child);
    return t.kind === "map" ? t.valueType : unresolved(e);
  },
};

export function dataTypeOf(e: Expression): DataType {
  return dispatch(DATA_TYPE, e);
}

const always = () => true;
const never = () => false;
const eitherSide = (e: { left: Expression; right: Expression }) => nullableOf(e.left) || nullableOf(e.right);
const childNullable = (e: { child: Expression }) => nullableOf(e.child);
/** Decimal arithmetic can overflow to null, and division by zero is null. */
const arithmeticNullable = (e: BinaryArithmetic) =>
  e.kind === "Divide" || e.kind === "IntegralDivide" || e.kind === "Remainder" || dataTypeOf(e).kind === "decimal" || eitherSide(e);

const NULLABLE: ExpressionTable<boolean> = {
  Literal: (e) => e.value === null || e.value === undefined,
  AttributeReference: (e) => e.nullable,
  BoundReference: (e) => e.nullable,
  Alias: childNullable,
  UnresolvedAttribute: unresolved,
  UnresolvedStar: unresolved,
  UnresolvedFunction: unresolved,
  UnresolvedExtractValue: unresolved,
  Add: arithmeticNullable,
  Subtract: arithmeticNullable,
  Multiply: arithmeticNullable,
  Divide: arithmeticNullable,
  IntegralDivide: arithmeticNullable,
  Remainder: arithmeticNullable,
  UnaryMinus: childNullable,
  EqualTo: eitherSide,
  EqualNullSafe: never,
  LessThan: eitherSide,
  LessThanOrEqual: eitherSide,
  GreaterThan: eitherSide,
  GreaterThanOrEqual: eitherSide,
  And: eitherSide,
  Or: eitherSide,
  Not: childNullable,
  IsNull: never,
  IsNotNull: never,
  In: (e) => nullableOf(e.value) || e.list.some(nullableOf),
  Like: eitherSide,
  RLike: eitherSide,
  CaseWhen: (e) => e.elseValue === null || nullableOf(e.elseValue) || e.branches.some(([, v]) => nullableOf(v)),
  Cast: (e) => nullableOf(e.child) || forceNullable(dataTypeOf(e.child), e.dataType),
  SortOrder: childNullable,
  ScalarFunction: (e) => {
    const nullables = e.children.map(nullableOf);
    return scalarFunctionDefinition(e.name).nullable?.(nullables) ?? nullables.some((n) => n);
  },
  AggregateExpression: (e) => aggregateFunctionDefinition(e.name).nullable,
  ScalarSubquery: always,
  Exists: never,
  InSubquery: always,
  OuterReference: (e) => e.attribute.nullable,
  GetStructField: (e) => {
    const t = dataTypeOf(e.child);
    return nullableOf(e.child) || (t.kind === "struct" && t.fields[e.ordinal]!.nullable);
  },
  GetArrayItem: always,
  GetMapValue: always,
};

export function nullableOf(e: Expression): boolean {
  return dispatch(NULLABLE, e);
}

const UNRESOLVED_KINDS = new Set(["UnresolvedAttribute", "UnresolvedStar", "UnresolvedFunction", "UnresolvedExtractValue"]);

/** Whether the analyzer is done with this expression: no names left to look up, subquery types known. */
export function isResolved(e: Expression): boolean {
  return !Expressions.exists(e, (n) => UNRESOLVED_KINDS.has(n.kind) || (n.kind === "ScalarSubquery" && n.dataType === null));
}

/** Whether an aggregate function appears anywhere in the expression. */
export function containsAggregate(e: Expression): boolean {
  return Expressions.exists(e, (n) => n.kind === "AggregateExpression");
}

/**
 * Spark's `foldable`: the value is the same for every row and every run, so the optimizer may compute it once.
 * Attributes, aggregates, subqueries and functions of the query's time are not; nor is an Alias, which names a
 * column and must survive folding of its child.
 */
export function isFoldable(e: Expression): boolean {
  switch (e.kind) {
    case "Literal":
      return true;
    case "AttributeReference":
    case "BoundReference":
    case "Alias":
    case "AggregateExpression":
    case "ScalarSubquery":
    case "Exists":
    case "InSubquery":
    case "OuterReference":
    case "SortOrder":
    case "UnresolvedAttribute":
    case "UnresolvedStar":
    case "UnresolvedFunction":
    case "UnresolvedExtractValue":
      return false;
    case "ScalarFunction": {
      const def = scalarFunctionDefinition(e.name);
      return def.foldable !== false && !def.generator && e.children.every(isFoldable);
    }
    default:
      return Expressions.children(e).every(isFoldable);
  }
}
