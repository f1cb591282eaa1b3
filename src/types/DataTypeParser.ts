import { SparkException } from "../util/SparkException.js";
import { ArrayType } from "./ArrayType.js";
import {
  BinaryType, BooleanType, ByteType, CalendarIntervalType, DateType, DoubleType, FloatType, IntegerType, LongType, NullType, ShortType,
  StringType, TimestampType,
} from "./AtomicTypes.js";
import type { DataType } from "./DataType.js";
import { dataTypeFromJson } from "./DataTypeJson.js";
import { DecimalType } from "./DecimalType.js";
import { MapType } from "./MapType.js";
import { StructField } from "./StructField.js";
import { StructType } from "./StructType.js";

/**
 * Spark's grammar for data types and DDL schemas: `INT`, `DECIMAL(10, 2)`, `ARRAY<STRUCT<x: DOUBLE>>`,
 * `a INT NOT NULL, b STRING COMMENT 'why'`. The SQL parser reuses it for CAST targets by parsing from an offset
 * in the query text, so that Kindling has one grammar for types.
 */
const NAMED: Readonly<Record<string, DataType>> = {
  boolean: BooleanType,
  tinyint: ByteType, byte: ByteType,
  smallint: ShortType, short: ShortType,
  int: IntegerType, integer: IntegerType,
  bigint: LongType, long: LongType,
  float: FloatType, real: FloatType,
  double: DoubleType,
  string: StringType, varchar: StringType, char: StringType,
  binary: BinaryType,
  date: DateType,
  timestamp: TimestampType, timestamp_ltz: TimestampType,
  void: NullType,
  interval: CalendarIntervalType,
};

/** A syntax error in a type or schema string, with Spark's error class and the position in the text. */
export class DataTypeParseException extends SparkException {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message, { errorClass: "PARSE_SYNTAX_ERROR" });
  }
}

const TOKEN = /\s*(?:(`(?:[^`]|``)*`)|([A-Za-z_][A-Za-z0-9_]*)|(\d+)|('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")|(\S))/y;

interface Token {
  readonly text: string;
  readonly kind: "quoted" | "word" | "number" | "string" | "symbol" | "end";
  readonly start: number;
  readonly end: number;
}

class TypeScanner {
  private token: Token;

  constructor(
    private readonly text: string,
    offset: number,
  ) {
    this.token = this.scan(offset);
  }

  private scan(at: number): Token {
    TOKEN.lastIndex = at;
    const m = TOKEN.exec(this.text);
    if (!m) return { text: "", kind: "end", start: this.text.length, end: this.text.length };
    const kind = m[1] ? "quoted" : m[2] ? "word" : m[3] ? "number" : m[4] ? "string" : "symbol";
    return { text: m[1] ?? m[2] ?? m[3] ?? m[4] ?? m[5]!, kind, start: TOKEN.lastIndex - (m[1] ?? m[2] ?? m[3] ?? m[4] ?? m[5]!).length, end: TOKEN.lastIndex };
  }

  peek(): Token {
    return this.token;
  }

  next(): Token {
    const t = this.token;
    this.token = this.scan(t.end);
    return t;
  }

  /** Consumes the token if it is `text` (a symbol, or a keyword in any case). */
  accept(text: string): boolean {
    if (this.token.kind !== "symbol" && this.token.kind !== "word") return false;
    if (this.token.text.toLowerCase() !== text.toLowerCase()) return false;
    this.next();
    return true;
  }

  expect(text: string): void {
    if (!this.accept(text)) throw this.error();
  }

  error(): DataTypeParseException {
    const t = this.token;
    return new DataTypeParseException(`Syntax error at or near ${t.kind === "end" ? "end of input" : `'${t.text}'`}.`, t.start);
  }

  identifier(): string {
    const t = this.next();
    if (t.kind === "quoted") return t.text.slice(1, -1).replaceAll("``", "`");
    if (t.kind === "word") return t.text;
    this.token = t;
    throw this.error();
  }

  number(): number {
    const t = this.next();
    if (t.kind !== "number") {
      this.token = t;
      throw this.error();
    }
    return Number(t.text);
  }
}

function parseType(s: TypeScanner): DataType {
  const t = s.peek();
  if (t.kind !== "word") throw s.error();
  s.next();
  const name = t.text.toLowerCase();
  switch (name) {
    case "array": {
      s.expect("<");
      const element = parseType(s);
      s.expect(">");
      return new ArrayType(element, true);
    }
    case "map": {
      s.expect("<");
      const key = parseType(s);
      s.expect(",");
      const value = parseType(s);
      s.expect(">");
      return new MapType(key, value, true);
    }
    case "struct": {
      s.expect("<");
      const fields: StructField[] = [];
      if (!s.accept(">")) {
        do {
          const fieldName = s.identifier();
          s.accept(":");
          fields.push(parseFieldRest(s, fieldName));
        } while (s.accept(","));
        s.expect(">");
      }
      return new StructType(fields);
    }
    case "decimal":
    case "dec":
    case "numeric": {
      if (!s.accept("(")) return DecimalType.USER_DEFAULT;
      const precision = s.number();
      const scale = s.accept(",") ? s.number() : 0;
      s.expect(")");
      return new DecimalType(precision, scale);
    }
    case "varchar":
    case "char":
      // Spark reads CHAR(n) and VARCHAR(n) as STRING outside of table definitions.
      if (s.accept("(")) {
        s.number();
        s.expect(")");
      }
      return StringType;
    default: {
      const type = NAMED[name];
      if (!type) {
        throw new SparkException(`Unsupported data type "${t.text.toUpperCase()}".`, { errorClass: "UNSUPPORTED_DATATYPE" });
      }
      return type;
    }
  }
}

/** `TYPE [NOT NULL] [COMMENT '…']` after a field name. */
function parseFieldRest(s: TypeScanner, name: string): StructField {
  const type = parseType(s);
  let nullable = true;
  if (s.accept("not")) {
    s.expect("null");
    nullable = false;
  }
  const metadata: Record<string, unknown> = {};
  if (s.accept("comment")) {
    const t = s.next();
    if (t.kind !== "string") throw s.error();
    metadata["comment"] = t.text.slice(1, -1).replace(/\\(.)/g, "$1");
  }
  return new StructField(name, type, nullable, metadata);
}

/** Parses one data type starting at `offset` of `text`; returns it with the offset just after it. */
export function parseDataTypeAt(text: string, offset: number): { type: DataType; end: number } {
  const s = new TypeScanner(text, offset);
  const type = parseType(s);
  return { type, end: s.peek().start };
}

/** Spark's `DataType.fromDDL` for one type: `"ARRAY<INT>"`. */
export function parseDataType(text: string): DataType {
  const s = new TypeScanner(text, 0);
  const type = parseType(s);
  if (s.peek().kind !== "end") throw s.error();
  return type;
}

/**
 * Spark's `StructType.fromDDL`: `"a INT, b STRING"` (also accepted: `"a: INT"`, a single type such as
 * `"STRUCT<a: INT>"`, and Spark's JSON schema format), as `createDataFrame`, `from_json` and readers take it.
 */
export function parseSchema(text: string): StructType {
  if (text.trimStart().startsWith("{")) {
    const type = dataTypeFromJson(JSON.parse(text));
    if (type.kind === "struct") return type;
  }
  const s = new TypeScanner(text, 0);
  const fields: StructField[] = [];
  try {
    if (s.peek().kind !== "end") {
      do {
        const name = s.identifier();
        s.accept(":");
        fields.push(parseFieldRest(s, name));
      } while (s.accept(","));
    }
    if (s.peek().kind !== "end") throw s.error();
  } catch (asColumns) {
    // Not a column list; it may still be a whole struct type, as Spark's fromDDL falls back to.
    const type = tryParse(() => parseDataType(text));
    if (type?.kind === "struct") return type;
    throw asColumns;
  }
  return new StructType(fields);
}

function tryParse<T>(parse: () => T): T | null {
  try {
    return parse();
  } catch {
    return null;
  }
}
