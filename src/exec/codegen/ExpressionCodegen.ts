import { bindReferences, evaluator, type Evaluate } from "../../expr/Evaluator.js";
import type { Expression } from "../../expr/Expression.js";
import { explainString } from "../../expr/ExpressionString.js";
import { dataTypeOf } from "../../expr/ExpressionTypes.js";
import type { Attribute } from "../../expr/AttributeReference.js";
import type { DataType } from "../../types/DataType.js";
import { vectorKindOf } from "../vector/ColumnVector.js";

/**
 * A value computed by generated code: JavaScript expressions for it and for whether it is null. When it is
 * null the value is a placeholder of its type (0, false, null), never read, so that a numeric variable holds
 * only numbers and V8 keeps it unboxed.
 */
export interface ExprCode {
  readonly value: string;
  readonly isNull: string;
}

/** The largest integer a number holds exactly; longs past it need BigInts. */
const MAX_SAFE = "9007199254740991";

/**
 * How generated code holds longs and timestamps. "bigint": as the types layer does, exact over 64 bits, but
 * each operation allocates. "number": as numbers, while they stay within ±MAX_SAFE, where every addition,
 * subtraction, multiplication and remainder is exact, and V8 computes in machine integers while they fit in
 * 32 bits; a result past MAX_SAFE runs the statement `unsafe`, which gives up on the rest of the batch for a
 * loop with BigInts to finish.
 */
export type LongRepresentation = { readonly kind: "bigint" } | { readonly kind: "number"; readonly unsafe: string };

/**
 * Generates the JavaScript for expressions over the current row, whose columns are local variables. It writes
 * statements into `lines` and hands back the variables holding each result. Expressions it does not know are
 * evaluated by the interpreter from the generated code (Spark's CodegenFallback): they are kept in `fallbacks`
 * and called with the row's values gathered into an array. An expression met again over the same variables
 * (a filter's and a projection's `(id * 7) % 10007`) is computed once.
 */
export class ExpressionCodegen {
  readonly lines: string[] = [];
  readonly fallbacks: Evaluate[] = [];
  /** Set when a long cannot be held as a number (a literal past MAX_SAFE): only BigInt code can run. */
  needsBigInts = false;
  /** Set when the code may give up on a batch (see LongRepresentation). */
  mayGiveUp = false;
  private next = 0;
  private columns: readonly ExprCode[] = [];
  private input: readonly Attribute[] = [];
  /** Values computed at the loop body's top level, by expression over the variables it reads. */
  private readonly computed = new Map<string, ExprCode>();
  /** How deep in generated blocks (`if`) code goes now: a value computed there is not visible after it. */
  private depth = 0;

  constructor(readonly longs: LongRepresentation) {}

  /** Whether values of `type` are held as numbers here although the types layer holds them as BigInts. */
  longAsNumber(type: DataType): boolean {
    return this.longs.kind === "number" && vectorKindOf(type) === "int64";
  }

  /** The placeholder a null of `type` holds (see ExprCode). */
  placeholder(type: DataType): string {
    switch (vectorKindOf(type)) {
      case "int32":
      case "float64":
        return "0";
      case "int64":
        return this.longs.kind === "number" ? "0" : "0n";
      case "bool":
        return "false";
      case "object":
        return "null";
    }
  }

  /** Code that gives up on the batch when `value`, a long held as a number, is past ±MAX_SAFE. */
  checkSafe(value: string): string {
    return this.giveUpIf(`${value} > ${MAX_SAFE} || ${value} < -${MAX_SAFE}`);
  }

  /** Code that gives up on the batch when `condition` holds. */
  giveUpIf(condition: string): string {
    if (this.longs.kind !== "number") throw new Error("Only code holding longs as numbers gives up on a batch");
    this.mayGiveUp = true;
    return `if (${condition}) ${this.longs.unsafe}`;
  }

  /** `c`'s value as the types layer holds it: longs held as numbers become BigInts again. */
  private external(c: ExprCode, type: DataType): string {
    return `(${c.isNull} ? null : ${this.longAsNumber(type) ? `BigInt(${c.value})` : c.value})`;
  }

  /** Sets the row that expressions generated from now on read: `input`'s columns held in `columns`. */
  readFrom(input: readonly Attribute[], columns: readonly ExprCode[]): void {
    this.input = input;
    this.columns = columns;
  }

  private fresh(prefix: string): string {
    return `${prefix}${this.next++}`;
  }

  /** Code for `e`, an expression over `input`. */
  gen(e: Expression): ExprCode {
    return this.genBound(bindReferences(e, this.input));
  }

  private genBound(e: Expression): ExprCode {
    if (e.kind === "BoundReference") return this.columns[e.ordinal]!;
    const key = this.keyOf(e);
    const known = this.computed.get(key);
    if (known) return known;
    const fallbacksBefore = this.fallbacks.length;
    const code = this.genNew(e);
    // Only code without fallbacks is reused: a fallback may not be deterministic (rand()).
    if (this.depth === 0 && this.fallbacks.length === fallbacksBefore) this.computed.set(key, code);
    return code;
  }

  /** `e` with each column reference as the variables holding it: equal keys are equal values of the row. */
  private keyOf(e: Expression): string {
    return JSON.stringify(e, (_k, v: unknown) => {
      if (typeof v === "bigint") return `${v}n`;
      const ref = v as Expression | null;
      if (ref !== null && typeof ref === "object" && ref.kind === "BoundReference") return this.columns[ref.ordinal];
      return v;
    });
  }

  private genNew(e: Expression): ExprCode {
    switch (e.kind) {
      case "Alias":
        return this.genBound(e.child);
      case "Literal":
        return this.literal(e.value, e.dataType) ?? this.fallback(e);
      case "Add":
      case "Subtract":
      case "Multiply":
        return this.arithmetic(e.kind, e.left, e.right, dataTypeOf(e)) ?? this.fallback(e);
      case "Cast":
        return this.widen(e.child, e.dataType) ?? this.fallback(e);
      case "Remainder":
        return this.remainder(e.left, e.right, dataTypeOf(e)) ?? this.fallback(e);
      case "EqualTo":
      case "LessThan":
      case "LessThanOrEqual":
      case "GreaterThan":
      case "GreaterThanOrEqual":
        return this.comparison(e.kind, e.left, e.right) ?? this.fallback(e);
      case "And":
      case "Or":
        return this.logical(e.kind, e.left, e.right);
      case "Not": {
        const c = this.genBound(e.child);
        return this.assign(c.isNull, `!${c.value}`, "false");
      }
      case "CaseWhen":
        return this.caseWhen(e.branches, e.elseValue, dataTypeOf(e));
      case "In":
        return this.inList(e.value, e.list) ?? this.fallback(e);
      case "IsNull":
        return { value: `(${this.genBound(e.child).isNull})`, isNull: "false" };
      case "IsNotNull":
        return { value: `!(${this.genBound(e.child).isNull})`, isNull: "false" };
      default:
        return this.fallback(e);
    }
  }

  private literal(value: unknown, type: DataType): ExprCode | null {
    if (value === null) return { value: "null", isNull: "true" };
    switch (typeof value) {
      case "number":
        return Number.isFinite(value) && !Object.is(value, -0) ? { value: `(${value})`, isNull: "false" } : null;
      case "bigint":
        if (this.longs.kind === "bigint") return { value: `(${value}n)`, isNull: "false" };
        if (value > BigInt(MAX_SAFE) || value < -BigInt(MAX_SAFE)) this.needsBigInts = true;
        return { value: `(${value})`, isNull: "false" };
      case "boolean":
        return { value: String(value), isNull: "false" };
      case "string":
        return type.kind === "string" ? { value: JSON.stringify(value), isNull: "false" } : null;
      default:
        return null;
    }
  }

  /** Spark's non-ANSI arithmetic: int and long wrap around on overflow; doubles are IEEE. */
  private arithmetic(kind: "Add" | "Subtract" | "Multiply", left: Expression, right: Expression, type: DataType): ExprCode | null {
    const op = kind === "Add" ? "+" : kind === "Subtract" ? "-" : "*";
    let template: ((l: string, r: string) => string) | null = null;
    if (type.kind === "integer" && dataTypeOf(left).kind === "integer" && dataTypeOf(right).kind === "integer") {
      template = kind === "Multiply" ? (l, r) => `Math.imul(${l}, ${r})` : (l, r) => `((${l} ${op} ${r}) | 0)`;
    } else if (type.kind === "long" && dataTypeOf(left).kind === "long" && dataTypeOf(right).kind === "long") {
      template = this.longs.kind === "number" ? (l, r) => `(${l} ${op} ${r})` : (l, r) => `BigInt.asIntN(64, ${l} ${op} ${r})`;
    } else if (type.kind === "double" && dataTypeOf(left).kind === "double" && dataTypeOf(right).kind === "double") {
      template = (l, r) => `(${l} ${op} ${r})`;
    }
    if (!template) return null;
    const [l, r] = [this.genBound(left), this.genBound(right)];
    return this.checked(this.assign(anyNull(l.isNull, r.isNull), template(l.value, r.value), this.placeholder(type)), type);
  }

  /** A long held as a number, checked to be within ±MAX_SAFE. */
  private checked(c: ExprCode, type: DataType): ExprCode {
    if (this.longAsNumber(type)) this.lines.push(this.checkSafe(c.value));
    return c;
  }

  /**
   * Numeric widening casts, exact in JavaScript: int to long or double, long to double. A long held as a number
   * is already its double, but for -0 (from `0 * -1`), which BigInts do not have: `+ 0` makes it 0.
   */
  private widen(child: Expression, to: DataType): ExprCode | null {
    const from = dataTypeOf(child).kind;
    const small = from === "integer" || from === "short" || from === "byte";
    const toLong = small && to.kind === "long";
    if (!toLong && !((small || from === "long") && to.kind === "double")) return null;
    const c = this.genBound(child);
    const asNumber = this.longs.kind === "number";
    const code = toLong ? (asNumber ? c.value : `BigInt(${c.value})`) : from === "long" ? (asNumber ? `(${c.value} + 0)` : `Number(${c.value})`) : c.value;
    return code === c.value ? c : this.assign(c.isNull, code, this.placeholder(to));
  }

  /**
   * `%` of ints or longs: the sign of the dividend, as JavaScript's; null for a zero divisor (non-ANSI). Of
   * longs held as numbers, exact (and never past the dividend); when both fit in 32 bits V8 divides integers,
   * where a `%` of other numbers calls fmod, several times slower. `| 0` also turns -0 into 0.
   */
  private remainder(left: Expression, right: Expression, type: DataType): ExprCode | null {
    if ((type.kind !== "integer" && type.kind !== "long") || dataTypeOf(left).kind !== type.kind || dataTypeOf(right).kind !== type.kind) return null;
    const zero = this.placeholder(type);
    const [l, r] = [this.genBound(left), this.genBound(right)];
    const [a, b] = [l.value, r.value];
    const int32 = `${a} === (${a} | 0) && ${b} === (${b} | 0)`;
    const code = type.kind === "integer" ? `(${a} % ${b}) | 0` : this.longs.kind === "number" ? `(${int32} ? ((${a} | 0) % (${b} | 0)) | 0 : ${a} % ${b})` : `${a} % ${b}`;
    return this.assign(anyNull(l.isNull, r.isNull, `${b} === ${zero}`), code, zero);
  }

  /**
   * Comparisons of types whose JavaScript order is Spark's, doubles with NaN as Spark orders it (equal to
   * itself, above every other value), and strings only for equality (Spark orders them by UTF-8 bytes,
   * JavaScript by UTF-16 units).
   */
  private comparison(kind: string, left: Expression, right: Expression): ExprCode | null {
    const [lt, rt] = [dataTypeOf(left).kind, dataTypeOf(right).kind];
    const ordered = ["integer", "short", "byte", "long", "date", "timestamp", "boolean"];
    const fractional = lt === "double" || lt === "float";
    if (lt !== rt || !(ordered.includes(lt) || fractional || (lt === "string" && kind === "EqualTo"))) return null;
    const [l, r] = [this.genBound(left), this.genBound(right)];
    const [a, b] = [l.value, r.value];
    const plain = { EqualTo: `${a} === ${b}`, LessThan: `${a} < ${b}`, LessThanOrEqual: `${a} <= ${b}`, GreaterThan: `${a} > ${b}`, GreaterThanOrEqual: `${a} >= ${b}` }[kind]!;
    const nan: Record<string, string> = {
      EqualTo: `(${a} !== ${a} && ${b} !== ${b})`,
      LessThan: `(${b} !== ${b} && ${a} === ${a})`,
      LessThanOrEqual: `${b} !== ${b}`,
      GreaterThan: `(${a} !== ${a} && ${b} === ${b})`,
      GreaterThanOrEqual: `${a} !== ${a}`,
    };
    return this.assign(anyNull(l.isNull, r.isNull), fractional ? `(${plain} || ${nan[kind]})` : `(${plain})`, "false");
  }

  /** Three-valued AND/OR: false AND null is false, true OR null is true, otherwise null wins. */
  private logical(kind: "And" | "Or", left: Expression, right: Expression): ExprCode {
    const l = this.genBound(left);
    const [value, isNull] = [this.fresh("v"), this.fresh("n")];
    const decided = kind === "And" ? "false" : "true";
    this.lines.push(`let ${value} = ${decided}, ${isNull} = false;`);
    this.lines.push(`if (${l.isNull} || ${l.value} !== ${decided}) {`);
    this.depth++;
    const r = this.genBound(right);
    this.depth--;
    this.lines.push(`  if (!(${r.isNull}) && ${r.value} === ${decided}) ${value} = ${decided};`);
    this.lines.push(`  else if (${l.isNull} || ${r.isNull}) ${isNull} = true;`);
    this.lines.push(`  else ${value} = ${kind === "And" ? "true" : "false"};`);
    this.lines.push("}");
    return { value, isNull };
  }

  /** CASE WHEN: each branch's value is computed only when its condition is true, as the interpreter does. */
  private caseWhen(branches: readonly (readonly [Expression, Expression])[], elseValue: Expression | null, type: DataType): ExprCode {
    const [value, isNull] = [this.fresh("v"), this.fresh("n")];
    const none = this.placeholder(type);
    this.lines.push(`let ${value} = ${none}, ${isNull} = true;`);
    const take = (e: Expression) => {
      const v = this.genBound(e);
      this.lines.push(`${isNull} = ${v.isNull}; ${value} = ${isNull} ? ${none} : ${v.value};`);
    };
    branches.forEach(([condition, result], i) => {
      // The first condition is always evaluated; everything after it only in some rows.
      const c = this.genBound(condition);
      if (i === 0) this.depth++;
      this.lines.push(`if (!(${c.isNull}) && ${c.value} === true) {`);
      take(result);
      this.lines.push("} else {");
    });
    if (elseValue) take(elseValue);
    this.lines.push("}".repeat(branches.length));
    if (branches.length > 0) this.depth--;
    return { value, isNull };
  }

  /** `x IN (…)` for types JavaScript's `===` compares as Spark does: true on a match, else null if x or an item is null. */
  private inList(valueExpr: Expression, list: readonly Expression[]): ExprCode | null {
    const type = dataTypeOf(valueExpr).kind;
    const exact = ["integer", "short", "byte", "long", "date", "timestamp", "string", "boolean"];
    if (!exact.includes(type) || list.some((e) => dataTypeOf(e).kind !== type)) return null;
    const x = this.genBound(valueExpr);
    const items = list.map((e) => this.genBound(e));
    const matched = items.map((i) => `(!(${i.isNull}) && ${i.value} === ${x.value})`).join(" || ") || "false";
    const [value, isNull] = [this.fresh("v"), this.fresh("n")];
    this.lines.push(`const ${value} = ${x.isNull} ? null : (${matched}) ? true : ${anyNull(...items.map((i) => i.isNull))} ? null : false;`);
    this.lines.push(`const ${isNull} = ${value} === null;`);
    return { value, isNull };
  }

  private assign(isNullCode: string, valueCode: string, placeholder: string): ExprCode {
    if (isNullCode === "false") {
      const value = this.fresh("v");
      this.lines.push(`const ${value} = ${valueCode};`);
      return { value, isNull: "false" };
    }
    const [value, isNull] = [this.fresh("v"), this.fresh("n")];
    this.lines.push(`const ${isNull} = ${isNullCode};`);
    this.lines.push(`const ${value} = ${isNull} ? ${placeholder} : ${valueCode};`);
    return { value, isNull };
  }

  /**
   * The interpreter's evaluator, called on the row's values (Spark's CodegenFallback), which it takes and
   * gives in the types layer's representations.
   */
  private fallback(e: Expression): ExprCode {
    const index = this.fallbacks.push(evaluator(e)) - 1;
    const row = this.columns.map((c, k) => this.external(c, this.input[k]!.dataType)).join(", ");
    const result = this.fresh("f");
    this.lines.push(`// fallback: ${explainString(e).replace(/\n/g, " ")}`);
    this.lines.push(`const ${result} = fallbacks[${index}]([${row}], ctx);`);
    const type = dataTypeOf(e);
    if (!this.longAsNumber(type)) return { value: result, isNull: `(${result} === null)` };
    return this.checked(this.assign(`(${result} === null)`, `Number(${result})`, "0"), type);
  }
}

/** Code for whether any of `isNulls` is true, without the ones known to be false. */
export function anyNull(...isNulls: readonly string[]): string {
  const maybe = isNulls.filter((n) => n !== "false");
  return maybe.length === 0 ? "false" : maybe.length === 1 ? maybe[0]! : `(${maybe.join(" || ")})`;
}
