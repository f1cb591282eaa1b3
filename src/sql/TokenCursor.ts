import type { Token } from "./Lexer.js";
import { ParseException } from "./ParseException.js";

/** A position in the token list, with the checks a recursive-descent parser makes at each step. */
export class TokenCursor {
  private index = 0;

  constructor(
    readonly sql: string,
    private readonly tokens: readonly Token[],
  ) {}

  peek(ahead = 0): Token {
    return this.tokens[Math.min(this.index + ahead, this.tokens.length - 1)]!;
  }

  next(): Token {
    const t = this.peek();
    if (t.kind !== "eof") this.index++;
    return t;
  }

  /** Whether the token `ahead` is the keyword `word` (any case; a backquoted name never is). */
  isKeyword(word: string, ahead = 0): boolean {
    const t = this.peek(ahead);
    return t.kind === "identifier" && t.text.toUpperCase() === word;
  }

  isOperator(op: string, ahead = 0): boolean {
    const t = this.peek(ahead);
    return t.kind === "operator" && t.text === op;
  }

  acceptKeyword(...words: string[]): boolean {
    if (!words.every((w, i) => this.isKeyword(w, i))) return false;
    this.index += words.length;
    return true;
  }

  acceptOperator(op: string): boolean {
    if (!this.isOperator(op)) return false;
    this.index++;
    return true;
  }

  expectKeyword(...words: string[]): void {
    for (const w of words) if (!this.acceptKeyword(w)) throw this.syntaxError();
  }

  expectOperator(op: string): void {
    if (!this.acceptOperator(op)) throw this.syntaxError(`: missing '${op}'`);
  }

  /** Skips the tokens that lie before `offset` in the text, after a sub-parser consumed that text itself. */
  skipTo(offset: number): void {
    while (this.peek().kind !== "eof" && this.peek().offset < offset) this.index++;
  }

  /** Spark's PARSE_SYNTAX_ERROR at the current token (or at `token`), with an optional hint. */
  syntaxError(hint = "", token: Token = this.peek()): ParseException {
    const near = token.kind === "eof" ? "end of input" : `'${this.sql.slice(token.offset, token.end)}'`;
    return new ParseException("PARSE_SYNTAX_ERROR", `Syntax error at or near ${near}${hint}.`, this.sql, token.line, token.position);
  }
}
