import type { Expression } from "../expr/Expression.js";
import type { LogicalPlan } from "../plan/logical/LogicalPlan.js";
import { tokenize } from "./Lexer.js";
import { Parser, type ParserOptions } from "./Parser.js";

/**
 * Spark's ParserInterface: the entry points that the DataFrame API and `spark.sql` call. Each returns
 * unresolved plans or expressions for the Analyzer, or throws a ParseException naming the token and position.
 */
export function parsePlan(sql: string, options: ParserOptions): LogicalPlan {
  return new Parser(sql, tokenize(sql), options).statement();
}

/** One expression, optionally aliased (`a + 1 AS b`), as `selectExpr`, `expr` and `filter` take. */
export function parseExpression(text: string, options: ParserOptions): Expression {
  return new Parser(text, tokenize(text), options).standaloneExpression();
}

/** `db.table` as its parts, for `spark.table(name)`. */
export function parseMultipartIdentifier(text: string): string[] {
  return new Parser(text, tokenize(text), { timeZone: "UTC" }).standaloneMultipartIdentifier();
}

export { parseDataType, parseSchema as parseTableSchema } from "../types/DataTypeParser.js";
export type { ParserOptions };
