import { Decimal } from "../../types/Decimal.js";

/**
 * JSON text as the JSON source needs it: numbers keep every digit, as Jackson's do in Spark. An integer beyond
 * 2^53 parses as a bigint and a fraction with more than 15 significant digits as a Decimal; every other value
 * is what JSON.parse gives. Text without a run of 16 digits takes JSON.parse's fast path.
 */
export function parseJsonExact(text: string): unknown {
  if (!/\d{16}/.test(text)) return JSON.parse(text);
  const parser = new ExactParser(text);
  const value = parser.value();
  parser.end();
  return value;
}

class ExactParser {
  private pos = 0;

  constructor(private readonly text: string) {}

  value(): unknown {
    this.skipSpace();
    const c = this.text[this.pos];
    if (c === "{") return this.object();
    if (c === "[") return this.array();
    if (c === "\"") return this.string();
    if (c === "-" || (c !== undefined && c >= "0" && c <= "9")) return this.number();
    for (const [word, value] of [["true", true], ["false", false], ["null", null]] as const) {
      if (this.text.startsWith(word, this.pos)) {
        this.pos += word.length;
        return value;
      }
    }
    throw this.error("a JSON value");
  }

  end(): void {
    this.skipSpace();
    if (this.pos < this.text.length) throw this.error("the end of the text");
  }

  private object(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    this.pos++;
    this.skipSpace();
    if (this.text[this.pos] === "}") {
      this.pos++;
      return out;
    }
    for (;;) {
      this.skipSpace();
      if (this.text[this.pos] !== "\"") throw this.error("a field name");
      const key = this.string();
      this.skipSpace();
      this.expect(":");
      out[key] = this.value();
      this.skipSpace();
      if (this.expect(",", "}") === "}") return out;
    }
  }

  private array(): unknown[] {
    const out: unknown[] = [];
    this.pos++;
    this.skipSpace();
    if (this.text[this.pos] === "]") {
      this.pos++;
      return out;
    }
    for (;;) {
      out.push(this.value());
      this.skipSpace();
      if (this.expect(",", "]") === "]") return out;
    }
  }

  private string(): string {
    const m = /^"(?:[^"\\\u0000-\u001f]|\\.)*"/.exec(this.text.slice(this.pos));
    if (!m) throw this.error("a string");
    this.pos += m[0].length;
    return JSON.parse(m[0]) as string;
  }

  private number(): unknown {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(this.text.slice(this.pos));
    if (!m) throw this.error("a number");
    this.pos += m[0].length;
    const literal = m[0];
    if (m[2] === undefined && m[3] === undefined) {
      const n = Number(literal);
      return Number.isSafeInteger(n) ? n : BigInt(literal);
    }
    const significant = literal.replace(/[eE].*$/, "").replace(/[-.]/g, "").replace(/^0+/, "").length;
    return significant > 15 ? Decimal.fromString(literal) : Number(literal);
  }

  /** Consumes one of the given characters, or fails pointing at what is there instead. */
  private expect(...chars: string[]): string {
    const c = this.text[this.pos];
    if (c === undefined || !chars.includes(c)) throw this.error(chars.map((ch) => `'${ch}'`).join(" or "));
    this.pos++;
    return c;
  }

  private skipSpace(): void {
    while (this.pos < this.text.length && " \t\n\r".includes(this.text[this.pos]!)) this.pos++;
  }

  private error(expected: string): SyntaxError {
    return new SyntaxError(`Expected ${expected} at position ${this.pos} of the JSON text`);
  }
}
