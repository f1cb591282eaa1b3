import { AnalysisException, closestMatches, toSQLId } from "../AnalysisException.js";
import { CaseWhen } from "../CaseWhen.js";
import type { Expression } from "../Expression.js";
import { AggregateExpression, ScalarFunction } from "../FunctionCall.js";
import { Literal } from "../Literal.js";
import { IsNotNull, IsNull, Not } from "../Predicates.js";
import { AGGREGATE_FUNCTIONS } from "./AggregateFunctions.js";
import { COLLECTION_FUNCTIONS } from "./CollectionFunctions.js";
import { DATE_TIME_FUNCTIONS } from "./DateTimeFunctions.js";
import type { AggregateFunctionDefinition, Arity, ScalarFunctionDefinition } from "./FunctionDefinition.js";
import { MATH_FUNCTIONS } from "./MathFunctions.js";
import { MISC_FUNCTIONS } from "./MiscFunctions.js";
import { STRING_FUNCTIONS } from "./StringFunctions.js";
import { TIME_WINDOW_FUNCTIONS } from "./TimeWindowFunctions.js";

/**
 * Spark's FunctionRegistry of built-ins: resolves a name (case-insensitively, with Spark's aliases) and checks
 * the number of arguments. Some names build one of the core expression nodes instead of a function call.
 */
const SCALAR = new Map<string, ScalarFunctionDefinition>(
  [...STRING_FUNCTIONS, ...MATH_FUNCTIONS, ...DATE_TIME_FUNCTIONS, ...TIME_WINDOW_FUNCTIONS, ...COLLECTION_FUNCTIONS, ...MISC_FUNCTIONS].map((f) => [f.name, f]),
);
const AGGREGATE = new Map<string, AggregateFunctionDefinition>(AGGREGATE_FUNCTIONS.map((f) => [f.name, f]));

/** Names that build core expression nodes, which the optimizer and code generator understand directly. */
const BUILDERS: Readonly<Record<string, { arity: Arity; build: (args: readonly Expression[]) => Expression }>> = {
  isnull: { arity: [1, 1], build: ([e]) => IsNull(e!) },
  isnotnull: { arity: [1, 1], build: ([e]) => IsNotNull(e!) },
  not: { arity: [1, 1], build: ([e]) => Not(e!) },
  if: { arity: [3, 3], build: ([c, a, b]) => CaseWhen([[c!, a!]], b!) },
  nvl: { arity: [2, 2], build: (args) => ScalarFunction("coalesce", args) },
  ifnull: { arity: [2, 2], build: (args) => ScalarFunction("coalesce", args) },
  unix_timestamp: { arity: [0, 2], build: (args) => ScalarFunction("unix_timestamp", args.length > 0 ? args : [ScalarFunction("current_timestamp", [])]) },
};

const ALIASES: Readonly<Record<string, string>> = {
  power: "pow",
  substr: "substring",
  ceiling: "ceil",
  day: "dayofmonth",
  lcase: "lower",
  ucase: "upper",
  mean: "avg",
  char_length: "length",
  character_length: "length",
};

const canonicalName = (name: string) => {
  const lower = name.toLowerCase();
  return ALIASES[lower] ?? lower;
};

function functionNames(): string[] {
  const scalar = [...SCALAR.values()].filter((f) => !f.internal).map((f) => f.name);
  return [...scalar, ...AGGREGATE.keys(), ...Object.keys(BUILDERS), ...Object.keys(ALIASES)].sort();
}

export function scalarFunctionDefinition(name: string): ScalarFunctionDefinition {
  const f = SCALAR.get(name);
  if (!f) throw unknownFunction(name);
  return f;
}

export function aggregateFunctionDefinition(name: string): AggregateFunctionDefinition {
  const f = AGGREGATE.get(name);
  if (!f) throw unknownFunction(name);
  return f;
}

/**
 * The resolved expression for a call of `name` on `args`: a core node, a ScalarFunction or an
 * AggregateExpression. `count(*)` is `count(1)`, as in Spark.
 */
export function resolveFunction(name: string, args: readonly Expression[], isDistinct: boolean): Expression {
  const canonical = canonicalName(name);
  const aggregate = AGGREGATE.get(canonical);
  if (aggregate) {
    const actual = canonical === "count" && args.length === 1 && args[0]!.kind === "UnresolvedStar" ? [Literal(1)] : args;
    checkArity(name, aggregate.arity, actual.length);
    return AggregateExpression(canonical, actual, isDistinct);
  }
  if (isDistinct) {
    throw new AnalysisException("_LEGACY_ERROR_TEMP_1023", `DISTINCT specified, but ${name} is not an aggregate function.`);
  }
  const builder = BUILDERS[canonical];
  if (builder) {
    checkArity(name, builder.arity, args.length);
    return builder.build(args);
  }
  const scalar = SCALAR.get(canonical);
  if (!scalar || scalar.internal) throw unknownFunction(name);
  checkArity(name, scalar.arity, args.length);
  return ScalarFunction(canonical, args);
}

function checkArity(name: string, [min, max]: Arity, actual: number): void {
  if (actual >= min && actual <= max) return;
  const expected = min === max ? `${min}` : max === Infinity ? `>= ${min}` : `[${min}, ${max}]`;
  throw new AnalysisException(
    "WRONG_NUM_ARGS.WITHOUT_SUGGESTION",
    `The ${toSQLId(name)} requires ${expected} parameters but the actual number is ${actual}. Please, refer to 'https://spark.apache.org/docs/latest/sql-ref-functions.html' for a fix.`,
  );
}

function unknownFunction(name: string): AnalysisException {
  const suggestions = closestMatches(name, functionNames(), 3).map((n) => toSQLId(n));
  return new AnalysisException(
    "UNRESOLVED_ROUTINE",
    `Cannot resolve function ${toSQLId(name)} on search path [\`system\`.\`builtin\`, \`system\`.\`session\`]. Did you mean one of the following? [${suggestions.join(", ")}]`,
  );
}
