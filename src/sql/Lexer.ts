import { ParseException } from "./ParseException.js";

/** The tokens of Spark SQL text. Keywords are identifiers here; the parser decides where a word is a keyword. */
export type TokenKind = "identifier" | "quotedIdentifier" | "integer" | "decimal" | "double" | "string" | "operator" | "eof";

export interface Token {
  readonly kind: TokenKind;
  /** For strings and backquoted identifiers, the unescaped value; otherwise the text as written. */
  readonly text: string;
  /** Offset in the SQL text, and Spark's line (1-based) and position (0-based column). */
  readonly offset: number;
  readonly end: number;
  readonly line: number;
  readonly position: number;
}

const OPERATORS = ["<=>", "<>", "!=", "<=", ">=", "==", "||", "=", "<", ">", "+", "-", "*", "/", "%", "(", ")", ",", ".", ";", "[", "]", ":", "&", "|", "^", "~", "!"];
const ESCAPES: Readonly<Record<string, string>> = { n: "\n", t: "\t", r: "\r", b: "\b", "0": "\0", Z: "\u001a", "%": "\\%", _: "\\_" };

/** Splits SQL text into tokens, skipping whitespace and `--` and `/* … *\/` comments. */
export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const push = (kind: TokenKind, text: string, start: number, startLine: number, startColumn: number) =>
    tokens.push({ kind, text, offset: start, end: i, line: startLine, position: startColumn });
  while (i < sql.length) {
    const c = sql[i]!;
    if (c === "\n") {
      i++;
      line++;
      lineStart = i;
      continue;
    }
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (sql.startsWith("--", i)) {
      while (i < sql.length && sql[i] !== "\n") i++;
      continue;
    }
    if (sql.startsWith("/*", i)) {
      const close = sql.indexOf("*/", i + 2);
      const end = close < 0 ? sql.length : close + 2;
      for (let j = i; j < end; j++) {
        if (sql[j] === "\n") {
          line++;
          lineStart = j + 1;
        }
      }
      i = end;
      continue;
    }
    const start = i;
    const [startLine, startColumn] = [line, i - lineStart];
    if (/[A-Za-z_]/.test(c)) {
      while (i < sql.length && /[A-Za-z0-9_]/.test(sql[i]!)) i++;
      push("identifier", sql.slice(start, i), start, startLine, startColumn);
    } else if (/[0-9]/.test(c) || (c === "." && /[0-9]/.test(sql[i + 1] ?? ""))) {
      const m = /^(\d*\.?\d*)(?:[eE][+-]?\d+)?([lLsSyYdDfF]|[bB][dD])?/.exec(sql.slice(i))!;
      i += m[0].length;
      const exponent = /[eE]/.test(m[0].slice(m[1]!.length));
      const kind = exponent ? "double" : m[1]!.includes(".") ? "decimal" : "integer";
      push(kind, m[0], start, startLine, startColumn);
    } else if (c === "'" || c === '"') {
      let value = "";
      i++;
      while (i < sql.length && sql[i] !== c) {
        if (sql[i] === "\\" && i + 1 < sql.length) {
          const next = sql[i + 1]!;
          if (next === "u" && /^[0-9a-fA-F]{4}$/.test(sql.slice(i + 2, i + 6))) {
            value += String.fromCharCode(parseInt(sql.slice(i + 2, i + 6), 16));
            i += 6;
            continue;
          }
          value += ESCAPES[next] ?? next;
          i += 2;
          continue;
        }
        if (sql[i] === "\n") {
          line++;
          lineStart = i + 1;
        }
        value += sql[i++];
      }
      if (i >= sql.length) throw new ParseException("UNCLOSED_STRING_LITERAL", `The string literal starting here is not closed.`, sql, startLine, startColumn);
      i++;
      push("string", value, start, startLine, startColumn);
    } else if (c === "`") {
      let value = "";
      i++;
      while (i < sql.length) {
        if (sql[i] === "`") {
          if (sql[i + 1] === "`") {
            value += "`";
            i += 2;
            continue;
          }
          break;
        }
        value += sql[i++];
      }
      if (i >= sql.length) throw new ParseException("PARSE_SYNTAX_ERROR", `Syntax error at or near '\`'.`, sql, startLine, startColumn);
      i++;
      push("quotedIdentifier", value, start, startLine, startColumn);
    } else {
      const op = OPERATORS.find((o) => sql.startsWith(o, i));
      if (!op) throw new ParseException("PARSE_SYNTAX_ERROR", `Syntax error at or near '${c}'.`, sql, startLine, startColumn);
      i += op.length;
      push("operator", op, start, startLine, startColumn);
    }
  }
  tokens.push({ kind: "eof", text: "", offset: sql.length, end: sql.length, line, position: sql.length - lineStart });
  return tokens;
}
