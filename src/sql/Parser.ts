import { Alias } from "../expr/Alias.js";
import { Add, Divide, IntegralDivide, Multiply, Remainder, Subtract, UnaryMinus } from "../expr/Arithmetic.js";
import { CaseWhen } from "../expr/CaseWhen.js";
import { Cast } from "../expr/Cast.js";
import { stringToDate, stringToTimestamp } from "../expr/DateTimeUtils.js";
import type { Expression } from "../expr/Expression.js";
import { intervalUnit, stringToInterval } from "../expr/IntervalUtils.js";
import { Like, RLike } from "../expr/Like.js";
import { FalseLiteral, Literal, TrueLiteral } from "../expr/Literal.js";
import {
  And, EqualNullSafe, EqualTo, GreaterThan, GreaterThanOrEqual, In, IsNotNull, IsNull, LessThan, LessThanOrEqual, Not, Or,
} from "../expr/Predicates.js";
import { SortOrder } from "../expr/SortOrder.js";
import { Exists, InSubquery, ScalarSubquery } from "../expr/Subquery.js";
import { UnresolvedAttribute, UnresolvedExtractValue, UnresolvedFunction, UnresolvedStar } from "../expr/Unresolved.js";
import { Aggregate } from "../plan/logical/Aggregate.js";
import { Join, type JoinType } from "../plan/logical/Join.js";
import type { LogicalPlan } from "../plan/logical/LogicalPlan.js";
import { OneRowRelation, UnresolvedRelation } from "../plan/logical/Relations.js";
import { Distinct, Filter, Limit, Project, Sort, SubqueryAlias, UnresolvedHaving } from "../plan/logical/UnaryNodes.js";
import { Except, Intersect } from "../plan/logical/SetOperations.js";
import { Union } from "../plan/logical/Union.js";
import { BinaryType, DateType, NullType, TimestampType } from "../types/AtomicTypes.js";
import { CalendarInterval } from "../types/CalendarInterval.js";
import type { DataType } from "../types/DataType.js";
import { DataTypeParseException, parseDataTypeAt } from "../types/DataTypeParser.js";
import type { Token } from "./Lexer.js";
import { intervalFromTo, numericLiteral } from "./Literals.js";
import { ParseException } from "./ParseException.js";
import { TokenCursor } from "./TokenCursor.js";

/** What parsing needs from the session: TIMESTAMP '…' literals are read in the session time zone. */
export interface ParserOptions {
  readonly timeZone: string;
}

/** Words that start or separate clauses: never a column name unless backquoted (`SELECT a, FROM t` is an error). */
const CLAUSE_KEYWORDS = new Set([
  "SELECT", "FROM", "WHERE", "GROUP", "HAVING", "ORDER", "LIMIT", "UNION", "EXCEPT", "INTERSECT", "JOIN", "ON", "AS",
  "AND", "OR", "IS", "IN", "LIKE", "RLIKE", "REGEXP", "BETWEEN", "WHEN", "THEN", "ELSE", "END",
]);

/**
 * Words that end an expression or relation, so they are never taken as an implicit alias. Besides clause
 * keywords these include words that are fine column names elsewhere (`offset`, `window`, `left`).
 */
const NOT_AN_ALIAS = new Set([
  ...CLAUSE_KEYWORDS, "INNER", "LEFT", "RIGHT", "FULL", "CROSS", "SEMI", "ANTI", "USING", "NATURAL", "NOT", "ASC", "DESC", "NULLS",
  "WINDOW", "LATERAL", "SORT", "CLUSTER", "DISTRIBUTE", "OFFSET", "MINUS",
]);

/**
 * A hand-written recursive-descent parser for Spark SQL queries and expressions, building unresolved logical
 * plans and expressions as Spark's AstBuilder does. One instance parses one text.
 */
export class Parser {
  private readonly t: TokenCursor;
  /** The common table expressions in scope, innermost last, by lower-case name. */
  private readonly ctes: Map<string, LogicalPlan>[] = [];

  constructor(
    sql: string,
    tokens: readonly Token[],
    private readonly options: ParserOptions,
  ) {
    this.t = new TokenCursor(sql, tokens);
  }

  /** A whole statement: one query, optionally followed by `;`. */
  statement(): LogicalPlan {
    if (!this.t.isKeyword("SELECT") && !this.t.isOperator("(") && !this.t.isKeyword("WITH")) throw this.t.syntaxError();
    const plan = this.query();
    this.t.acceptOperator(";");
    this.expectEnd();
    return plan;
  }

  /** A standalone expression, as `selectExpr` and `filter` take. */
  standaloneExpression(): Expression {
    const e = this.namedExpression();
    this.expectEnd();
    return e;
  }

  private expectEnd(): void {
    if (this.t.peek().kind !== "eof") throw this.t.syntaxError();
  }

  // ---- queries ----

  private query(): LogicalPlan {
    if (!this.t.acceptKeyword("WITH")) return this.queryWithoutCtes();
    const scope = new Map<string, LogicalPlan>();
    this.ctes.push(scope);
    try {
      do {
        const name = this.identifier();
        this.t.expectKeyword("AS");
        scope.set(name.toLowerCase(), SubqueryAlias(name, this.parenthesizedQuery()));
      } while (this.t.acceptOperator(","));
      return this.queryWithoutCtes();
    } finally {
      this.ctes.pop();
    }
  }

  /** A CTE is substituted where its name is read, as Spark's CTESubstitution. */
  private cte(parts: readonly string[]): LogicalPlan | null {
    if (parts.length !== 1) return null;
    for (let i = this.ctes.length - 1; i >= 0; i--) {
      const found = this.ctes[i]!.get(parts[0]!.toLowerCase());
      if (found) return found;
    }
    return null;
  }

  private queryWithoutCtes(): LogicalPlan {
    let plan = this.queryTerm();
    if (this.t.acceptKeyword("ORDER", "BY")) plan = Sort(this.sortItems(), true, plan);
    if (this.t.acceptKeyword("LIMIT")) {
      const token = this.t.next();
      const n = token.kind === "integer" ? Number(token.text) : NaN;
      if (!Number.isSafeInteger(n)) throw this.t.syntaxError(": LIMIT takes a non-negative integer", token);
      plan = Limit(n, plan);
    }
    return plan;
  }

  /** UNION and EXCEPT (or MINUS) combine left to right; INTERSECT binds tighter, as in Spark. */
  private queryTerm(): LogicalPlan {
    let plan = this.intersectTerm();
    for (;;) {
      if (this.t.acceptKeyword("UNION")) {
        const all = this.t.acceptKeyword("ALL");
        if (!all) this.t.acceptKeyword("DISTINCT");
        const union = Union([plan, this.intersectTerm()]);
        plan = all ? union : Distinct(union);
      } else if (this.t.acceptKeyword("EXCEPT") || this.t.acceptKeyword("MINUS")) {
        this.distinctOnly("EXCEPT");
        plan = Except(plan, this.intersectTerm());
      } else return plan;
    }
  }

  private intersectTerm(): LogicalPlan {
    let plan = this.queryPrimary();
    while (this.t.acceptKeyword("INTERSECT")) {
      this.distinctOnly("INTERSECT");
      plan = Intersect(plan, this.queryPrimary());
    }
    return plan;
  }

  /** EXCEPT and INTERSECT are DISTINCT (which may be written); their ALL forms are not supported yet. */
  private distinctOnly(operator: string): void {
    if (this.t.isKeyword("ALL")) throw this.unsupported(`${operator} ALL is not supported yet; use ${operator} (DISTINCT)`);
    this.t.acceptKeyword("DISTINCT");
  }

  private queryPrimary(): LogicalPlan {
    if (this.t.acceptOperator("(")) {
      const q = this.query();
      this.t.expectOperator(")");
      return q;
    }
    return this.querySpecification();
  }

  private querySpecification(): LogicalPlan {
    this.t.expectKeyword("SELECT");
    const distinct = this.t.acceptKeyword("DISTINCT");
    if (!distinct) this.t.acceptKeyword("ALL");
    const selectList = this.commaSeparated(() => this.selectItem());
    let plan: LogicalPlan = this.t.acceptKeyword("FROM") ? this.fromClause() : OneRowRelation;
    if (this.t.acceptKeyword("WHERE")) plan = Filter(this.expression(), plan);
    if (this.t.acceptKeyword("GROUP", "BY")) {
      const grouping = this.commaSeparated(() => this.expression());
      plan = Aggregate(grouping, selectList, plan);
    } else {
      plan = Project(selectList, plan);
    }
    if (this.t.acceptKeyword("HAVING")) plan = UnresolvedHaving(this.expression(), plan);
    return distinct ? Distinct(plan) : plan;
  }

  private selectItem(): Expression {
    if (this.t.isOperator("*")) {
      this.t.next();
      return UnresolvedStar();
    }
    return this.namedExpression();
  }

  /** `expr [AS] alias`. */
  private namedExpression(): Expression {
    const e = this.expression();
    if (this.t.acceptKeyword("AS")) return Alias(e, this.identifier());
    const next = this.t.peek();
    if ((next.kind === "identifier" && !NOT_AN_ALIAS.has(next.text.toUpperCase())) || next.kind === "quotedIdentifier") return Alias(e, this.identifier());
    return e;
  }

  private fromClause(): LogicalPlan {
    let plan = this.relation();
    while (this.t.acceptOperator(",")) plan = Join(plan, this.relation(), "Inner");
    return plan;
  }

  private relation(): LogicalPlan {
    let plan = this.relationPrimary();
    for (;;) {
      const joinType = this.joinType();
      if (joinType === null) return plan;
      const right = this.relationPrimary();
      if (this.t.acceptKeyword("ON")) plan = Join(plan, right, joinType, this.expression());
      else if (this.t.acceptKeyword("USING")) {
        this.t.expectOperator("(");
        const columns = this.commaSeparated(() => this.identifier());
        this.t.expectOperator(")");
        plan = Join(plan, right, joinType, null, columns);
      } else plan = Join(plan, right, joinType);
    }
  }

  /** The join type before JOIN, having consumed JOIN; null when no join follows. */
  private joinType(): JoinType | null {
    const forms: readonly [readonly string[], JoinType][] = [
      [["JOIN"], "Inner"],
      [["INNER", "JOIN"], "Inner"],
      [["CROSS", "JOIN"], "Cross"],
      [["LEFT", "OUTER", "JOIN"], "LeftOuter"],
      [["LEFT", "JOIN"], "LeftOuter"],
      [["RIGHT", "OUTER", "JOIN"], "RightOuter"],
      [["RIGHT", "JOIN"], "RightOuter"],
      [["FULL", "OUTER", "JOIN"], "FullOuter"],
      [["FULL", "JOIN"], "FullOuter"],
      [["LEFT", "SEMI", "JOIN"], "LeftSemi"],
      [["SEMI", "JOIN"], "LeftSemi"],
      [["LEFT", "ANTI", "JOIN"], "LeftAnti"],
      [["ANTI", "JOIN"], "LeftAnti"],
    ];
    for (const [words, type] of forms) if (this.t.acceptKeyword(...words)) return type;
    return null;
  }

  private relationPrimary(): LogicalPlan {
    let plan: LogicalPlan;
    if (this.t.acceptOperator("(")) {
      plan = this.t.isKeyword("SELECT") || this.t.isOperator("(") ? this.query() : this.relation();
      this.t.expectOperator(")");
    } else {
      const name = this.multipartIdentifier();
      plan = this.cte(name) ?? UnresolvedRelation(name);
    }
    const alias = this.optionalAlias();
    return alias === null ? plan : SubqueryAlias(alias, plan);
  }

  private optionalAlias(): string | null {
    if (this.t.acceptKeyword("AS")) return this.identifier();
    const next = this.t.peek();
    if ((next.kind === "identifier" && !NOT_AN_ALIAS.has(next.text.toUpperCase())) || next.kind === "quotedIdentifier") return this.identifier();
    return null;
  }

  private sortItems(): SortOrder[] {
    return this.commaSeparated(() => {
      const e = this.expression();
      const descending = this.t.acceptKeyword("DESC");
      if (!descending) this.t.acceptKeyword("ASC");
      const direction = descending ? "Descending" : "Ascending";
      if (this.t.acceptKeyword("NULLS", "FIRST")) return SortOrder(e, direction, "NullsFirst");
      if (this.t.acceptKeyword("NULLS", "LAST")) return SortOrder(e, direction, "NullsLast");
      return SortOrder(e, direction);
    });
  }

  // ---- expressions, from the loosest binding to the tightest ----

  private expression(): Expression {
    let e = this.andExpression();
    while (this.t.acceptKeyword("OR")) e = Or(e, this.andExpression());
    return e;
  }

  private andExpression(): Expression {
    let e = this.notExpression();
    while (this.t.acceptKeyword("AND")) e = And(e, this.notExpression());
    return e;
  }

  private notExpression(): Expression {
    if (this.t.acceptKeyword("NOT")) return Not(this.notExpression());
    return this.predicate();
  }

  private predicate(): Expression {
    if (this.t.isKeyword("EXISTS") && this.t.isOperator("(", 1)) {
      this.t.next();
      return Exists(this.parenthesizedQuery());
    }
    const e = this.comparison();
    if (this.t.acceptKeyword("IS")) {
      const negated = this.t.acceptKeyword("NOT");
      if (this.t.acceptKeyword("NULL")) return negated ? IsNotNull(e) : IsNull(e);
      if (this.t.acceptKeyword("TRUE")) return negate(EqualNullSafe(e, TrueLiteral), negated);
      if (this.t.acceptKeyword("FALSE")) return negate(EqualNullSafe(e, FalseLiteral), negated);
      if (this.t.acceptKeyword("DISTINCT", "FROM")) return negate(EqualNullSafe(e, this.comparison()), !negated);
      throw this.t.syntaxError();
    }
    const negated = this.t.isKeyword("NOT") && ["BETWEEN", "IN", "LIKE", "RLIKE", "REGEXP"].some((w) => this.t.isKeyword(w, 1));
    if (negated) this.t.next();
    if (this.t.acceptKeyword("BETWEEN")) {
      const lower = this.additive();
      this.t.expectKeyword("AND");
      return negate(And(GreaterThanOrEqual(e, lower), LessThanOrEqual(e, this.additive())), negated);
    }
    if (this.t.acceptKeyword("IN")) {
      this.t.expectOperator("(");
      if (this.t.isKeyword("SELECT") || this.t.isKeyword("WITH")) {
        const q = this.query();
        this.t.expectOperator(")");
        return negate(InSubquery(e, q), negated);
      }
      const list = this.commaSeparated(() => this.expression());
      this.t.expectOperator(")");
      return negate(In(e, list), negated);
    }
    if (this.t.acceptKeyword("LIKE")) {
      const pattern = this.additive();
      const escape = this.t.acceptKeyword("ESCAPE") ? this.stringToken() : "\\";
      return negate(Like(e, pattern, escape), negated);
    }
    if (this.t.acceptKeyword("RLIKE") || this.t.acceptKeyword("REGEXP")) return negate(RLike(e, this.additive()), negated);
    return e;
  }

  private comparison(): Expression {
    let e = this.additive();
    for (;;) {
      const op = this.t.peek();
      if (op.kind !== "operator") return e;
      const make = COMPARISONS[op.text];
      if (!make) return e;
      this.t.next();
      e = make(e, this.additive());
    }
  }

  private additive(): Expression {
    let e = this.multiplicative();
    for (;;) {
      if (this.t.acceptOperator("+")) e = Add(e, this.multiplicative());
      else if (this.t.acceptOperator("-")) e = Subtract(e, this.multiplicative());
      else if (this.t.acceptOperator("||")) e = UnresolvedFunction("concat", [e, this.multiplicative()]);
      else return e;
    }
  }

  private multiplicative(): Expression {
    let e = this.unary();
    for (;;) {
      if (this.t.acceptOperator("*")) e = Multiply(e, this.unary());
      else if (this.t.acceptOperator("/")) e = Divide(e, this.unary());
      else if (this.t.acceptOperator("%")) e = Remainder(e, this.unary());
      else if (this.t.acceptKeyword("DIV")) e = IntegralDivide(e, this.unary());
      else return e;
    }
  }

  private unary(): Expression {
    if (this.t.acceptOperator("-")) return UnaryMinus(this.unary());
    if (this.t.acceptOperator("+")) return this.unary();
    return this.postfix();
  }

  /** `e.field` and `e[key]` after a primary expression. */
  private postfix(): Expression {
    let e = this.primary();
    for (;;) {
      if (this.t.acceptOperator("[")) {
        e = UnresolvedExtractValue(e, this.expression());
        this.t.expectOperator("]");
      } else if (this.t.isOperator(".") && e.kind !== "UnresolvedAttribute") {
        this.t.next();
        e = UnresolvedExtractValue(e, Literal(this.identifier()));
      } else return e;
    }
  }

  private primary(): Expression {
    const token = this.t.peek();
    switch (token.kind) {
      case "integer":
      case "decimal":
      case "double": {
        this.t.next();
        const literal = numericLiteral(token.text);
        if (typeof literal === "string") throw new ParseException("INVALID_NUMERIC_LITERAL_RANGE", literal, this.t.sql, token.line, token.position);
        return literal;
      }
      case "string":
        return Literal(this.stringToken());
      case "operator":
        if (token.text === "(") return this.parenthesized();
        throw this.t.syntaxError();
      case "quotedIdentifier":
        return this.columnReference();
      case "eof":
        throw this.t.syntaxError();
      case "identifier":
        return this.keywordOrName(token);
    }
  }

  private keywordOrName(token: Token): Expression {
    const word = token.text.toUpperCase();
    const next = this.t.peek(1);
    if (next.kind === "string" && ["DATE", "TIMESTAMP", "TIMESTAMP_LTZ", "X", "INTERVAL"].includes(word)) {
      this.t.next();
      return word === "INTERVAL" ? this.interval(token) : this.typedLiteral(word, token);
    }
    switch (word) {
      case "NULL":
        this.t.next();
        return Literal(null, NullType);
      case "TRUE":
        this.t.next();
        return TrueLiteral;
      case "FALSE":
        this.t.next();
        return FalseLiteral;
      case "CASE":
        this.t.next();
        return this.caseExpression();
      case "INTERVAL":
        this.t.next();
        return this.interval(token);
      case "CAST":
        if (next.kind === "operator" && next.text === "(") {
          this.t.next();
          return this.cast();
        }
    }
    if (next.kind === "operator" && next.text === "(") return this.functionCall();
    // A clause keyword where a value should be, as in `SELECT a, FROM t`.
    if (CLAUSE_KEYWORDS.has(word)) throw this.t.syntaxError();
    return this.columnReference();
  }

  /** `a`, `t.a`, `t.*` (the `*` only in select lists and function arguments). */
  private columnReference(): Expression {
    const parts = [this.identifier()];
    while (this.t.isOperator(".")) {
      this.t.next();
      if (this.t.acceptOperator("*")) return UnresolvedStar(parts);
      parts.push(this.identifier());
    }
    return UnresolvedAttribute(...parts);
  }

  private functionCall(): Expression {
    const name = this.t.next().text;
    this.t.expectOperator("(");
    const distinct = this.t.acceptKeyword("DISTINCT");
    if (!distinct) this.t.acceptKeyword("ALL");
    let args: Expression[] = [];
    if (this.t.acceptOperator("*")) args = [UnresolvedStar()];
    else if (!this.t.isOperator(")")) args = this.commaSeparated(() => this.expression());
    this.t.expectOperator(")");
    return UnresolvedFunction(name, args, distinct);
  }

  private cast(): Expression {
    this.t.expectOperator("(");
    const e = this.expression();
    this.t.expectKeyword("AS");
    const type = this.dataType();
    this.t.expectOperator(")");
    return Cast(e, type);
  }

  /** A data type at the current token, read by the shared type grammar from the text itself. */
  private dataType(): DataType {
    const start = this.t.peek();
    try {
      const { type, end } = parseDataTypeAt(this.t.sql, start.offset);
      this.t.skipTo(end);
      return type;
    } catch (e) {
      if (!(e instanceof DataTypeParseException)) throw e;
      this.t.skipTo(e.position);
      throw this.t.syntaxError();
    }
  }

  private caseExpression(): Expression {
    const subject = this.t.isKeyword("WHEN") ? null : this.expression();
    const branches: [Expression, Expression][] = [];
    while (this.t.acceptKeyword("WHEN")) {
      const when = this.expression();
      this.t.expectKeyword("THEN");
      branches.push([subject ? EqualTo(subject, when) : when, this.expression()]);
    }
    if (branches.length === 0) throw this.t.syntaxError(": CASE needs at least one WHEN");
    const elseValue = this.t.acceptKeyword("ELSE") ? this.expression() : null;
    this.t.expectKeyword("END");
    return CaseWhen(branches, elseValue);
  }

  /** `(query)` as a scalar subquery, or `(expr)`. */
  private parenthesized(): Expression {
    if (this.t.isKeyword("SELECT", 1) || this.t.isKeyword("WITH", 1)) return ScalarSubquery(this.parenthesizedQuery());
    this.t.expectOperator("(");
    const e = this.expression();
    this.t.expectOperator(")");
    return e;
  }

  private parenthesizedQuery(): LogicalPlan {
    this.t.expectOperator("(");
    const q = this.query();
    this.t.expectOperator(")");
    return q;
  }

  private typedLiteral(word: string, keyword: Token): Expression {
    const value = this.stringToken();
    const invalid = () =>
      new ParseException("INVALID_TYPED_LITERAL", `The value of the typed literal "${word}" is invalid: '${value}'.`, this.t.sql, keyword.line, keyword.position);
    switch (word) {
      case "DATE": {
        const days = stringToDate(value);
        if (days === null) throw invalid();
        return Literal(days, DateType);
      }
      case "X": {
        if (!/^([0-9a-fA-F]{2})*$/.test(value)) throw invalid();
        return Literal(Uint8Array.from(value.match(/../g) ?? [], (h) => parseInt(h, 16)), BinaryType);
      }
      default: {
        const micros = stringToTimestamp(value, this.options.timeZone);
        if (micros === null) throw invalid();
        return Literal(micros, TimestampType);
      }
    }
  }

  /**
   * `INTERVAL '1 day 2 hours'`, `INTERVAL 1 DAY 2 HOURS`, `INTERVAL '1' DAY`, `INTERVAL '1-2' YEAR TO MONTH`.
   * Values are Spark's CalendarIntervalType (months, days, microseconds).
   */
  private interval(keyword: Token): Expression {
    const invalid = (why: string) => new ParseException("INVALID_INTERVAL_FORMAT", `Error parsing interval: ${why}.`, this.t.sql, keyword.line, keyword.position);
    let result = new CalendarInterval(0, 0, 0n);
    let parts = 0;
    for (;;) {
      const negative = this.t.acceptOperator("-");
      const token = this.t.peek();
      if (token.kind !== "string" && token.kind !== "integer" && token.kind !== "decimal") break;
      this.t.next();
      const value = (negative ? "-" : "") + token.text;
      const unitToken = this.t.peek();
      const unit = unitToken.kind === "identifier" ? intervalUnit(unitToken.text) : null;
      if (unit === null) {
        if (token.kind !== "string" || parts > 0) throw invalid(`'${value}' needs a unit such as DAY or HOUR`);
        const whole = stringToInterval(value);
        if (!whole) throw invalid(`'${value}' is not an interval`);
        return Literal(whole);
      }
      this.t.next();
      let part: CalendarInterval | null;
      if (this.t.acceptKeyword("TO")) {
        const toToken = this.t.next();
        const to = toToken.kind === "identifier" ? intervalUnit(toToken.text) : null;
        part = to && intervalFromTo(value, unit, to);
        if (!part) throw invalid(`'${value}' does not match ${unit.toUpperCase()} TO ${toToken.text.toUpperCase()}`);
      } else {
        part = stringToInterval(`${value.trim()} ${unit}`);
        if (!part) throw invalid(`'${value}' is not a number of ${unit}s`);
      }
      result = result.add(part);
      parts++;
    }
    if (parts === 0) throw this.t.syntaxError();
    return Literal(result);
  }

  // ---- names ----

  private identifier(): string {
    const token = this.t.peek();
    if (token.kind !== "identifier" && token.kind !== "quotedIdentifier") throw this.t.syntaxError();
    this.t.next();
    return token.text;
  }

  /** A whole text that is one possibly qualified name. */
  standaloneMultipartIdentifier(): string[] {
    const parts = this.multipartIdentifier();
    this.expectEnd();
    return parts;
  }

  private multipartIdentifier(): string[] {
    const parts = [this.identifier()];
    while (this.t.acceptOperator(".")) parts.push(this.identifier());
    return parts;
  }

  /** One string literal, or several adjacent ones concatenated (`'a' 'b'` is `'ab'`, as in Spark). */
  private stringToken(): string {
    let value = "";
    if (this.t.peek().kind !== "string") throw this.t.syntaxError();
    while (this.t.peek().kind === "string") value += this.t.next().text;
    return value;
  }

  private commaSeparated<T>(item: () => T): T[] {
    const items = [item()];
    while (this.t.acceptOperator(",")) items.push(item());
    return items;
  }

  private unsupported(what: string): ParseException {
    const token = this.t.peek();
    return new ParseException("UNSUPPORTED_FEATURE", `The feature is not supported: ${what}.`, this.t.sql, token.line, token.position);
  }
}

function negate(e: Expression, negated: boolean): Expression {
  return negated ? Not(e) : e;
}

const COMPARISONS: Readonly<Record<string, (l: Expression, r: Expression) => Expression>> = {
  "=": EqualTo,
  "==": EqualTo,
  "<=>": EqualNullSafe,
  "<>": (l, r) => Not(EqualTo(l, r)),
  "!=": (l, r) => Not(EqualTo(l, r)),
  "<": LessThan,
  "<=": LessThanOrEqual,
  ">": GreaterThan,
  ">=": GreaterThanOrEqual,
};
