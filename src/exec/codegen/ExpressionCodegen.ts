import { bindReferences, evaluator, type Evaluate } from "../../expr/Evaluator.js";
import type { Expression } from "../../expr/Expression.js";
import { explainString } from "../../expr/ExpressionString.js";
import { dataTypeOf } from "../../expr/ExpressionTypes.js";
import type { Attribute } from "../../expr/AttributeReference.js";
import type { DataType } from "../../types/DataType.js";

/** A value computed by generated code: JavaScript expressions for it and for whether it is null. */
export interface ExprCode {
  readonly value: string;
  readonly isNull: string;
}

/**
 * Generates the JavaScript for expressions over the current row, whose columns are local variables. It writes
 * statements into `lines` and hands back the variables holding each result. Expressions it does not know are
 * evaluated by the interpreter from the generated code (Spark's CodegenFallback): they are kept in `fallbacks`
 * and called with the row's values gathered into an array.
 */
export class ExpressionCodegen {
  readonly lines: string[] = [];
  readonly fallbacks: Evaluate[] = [];
  private next = 0;
  private columns: readonly ExprCode[] = [];
  private input: readonly Attribute[] = [];

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
    switch (e.kind) {
      case "Alias":
        return this.genBound(e.child);
      case "BoundReference":
        return this.columns[e.ordinal]!;
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
        return this.assign(c.isNull, `!${c.value}`);
      }
      case "CaseWhen":
        return this.caseWhen(e.branches, e.elseValue);
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
        return { value: `(${value}n)`, isNull: "false" };
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
      template = (l, r) => `BigInt.asIntN(64, ${l} ${op} ${r})`;
    } else if (type.kind === "double" && dataTypeOf(left).kind === "double" && dataTypeOf(right).kind === "double") {
      template = (l, r) => `(${l} ${op} ${r})`;
    }
    if (!template) return null;
    const [l, r] = [this.genBound(left), this.genBound(right)];
    return this.assign(`(${l.isNull} || ${r.isNull})`, template(l.value, r.value));
  }

  /** Numeric widening casts, exact in JavaScript: int to long or double, long to double. */
  private widen(child: Expression, to: DataType): ExprCode | null {
    const from = dataTypeOf(child).kind;
    const small = from === "integer" || from === "short" || from === "byte";
    const convert = small && to.kind === "long" ? "BigInt" : (small && to.kind === "double") || (from === "long" && to.kind === "double") ? "Number" : null;
    if (!convert) return null;
    const c = this.genBound(child);
    return this.assign(c.isNull, `${convert}(${c.value})`);
  }

  /** `%` of ints or longs: the sign of the dividend, as JavaScript's; null for a zero divisor (non-ANSI). */
  private remainder(left: Expression, right: Expression, type: DataType): ExprCode | null {
    const zero = type.kind === "integer" ? "0" : type.kind === "long" ? "0n" : null;
    if (zero === null || dataTypeOf(left).kind !== type.kind || dataTypeOf(right).kind !== type.kind) return null;
    const [l, r] = [this.genBound(left), this.genBound(right)];
    return this.assign(`(${l.isNull} || ${r.isNull} || ${r.value} === ${zero})`, type.kind === "integer" ? `(${l.value} % ${r.value}) | 0` : `${l.value} % ${r.value}`);
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
    return this.assign(`(${l.isNull} || ${r.isNull})`, fractional ? `(${plain} || ${nan[kind]})` : `(${plain})`);
  }

  /** Three-valued AND/OR: false AND null is false, true OR null is true, otherwise null wins. */
  private logical(kind: "And" | "Or", left: Expression, right: Expression): ExprCode {
    const l = this.genBound(left);
    const [value, isNull] = [this.fresh("v"), this.fresh("n")];
    const decided = kind === "And" ? "false" : "true";
    this.lines.push(`let ${value} = ${decided}, ${isNull} = false;`);
    this.lines.push(`if (${l.isNull} || ${l.value} !== ${decided}) {`);
    const r = this.genBound(right);
    this.lines.push(`  if (!(${r.isNull}) && ${r.value} === ${decided}) ${value} = ${decided};`);
    this.lines.push(`  else if (${l.isNull} || ${r.isNull}) ${isNull} = true;`);
    this.lines.push(`  else ${value} = ${kind === "And" ? "true" : "false"};`);
    this.lines.push("}");
    return { value, isNull };
  }

  /** CASE WHEN: each branch's value is computed only when its condition is true, as the interpreter does. */
  private caseWhen(branches: readonly (readonly [Expression, Expression])[], elseValue: Expression | null): ExprCode {
    const [value, isNull] = [this.fresh("v"), this.fresh("n")];
    this.lines.push(`let ${value} = null, ${isNull} = true;`);
    const take = (e: Expression) => {
      const v = this.genBound(e);
      this.lines.push(`${isNull} = ${v.isNull}; ${value} = ${isNull} ? null : ${v.value};`);
    };
    for (const [condition, result] of branches) {
      const c = this.genBound(condition);
      this.lines.push(`if (!(${c.isNull}) && ${c.value} === true) {`);
      take(result);
      this.lines.push("} else {");
    }
    if (elseValue) take(elseValue);
    this.lines.push("}".repeat(branches.length));
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
    const anyNull = items.map((i) => `(${i.isNull})`).join(" || ") || "false";
    const [value, isNull] = [this.fresh("v"), this.fresh("n")];
    this.lines.push(`const ${value} = ${x.isNull} ? null : (${matched}) ? true : (${anyNull}) ? null : false;`);
    this.lines.push(`const ${isNull} = ${value} === null;`);
    return { value, isNull };
  }

  private assign(isNullCode: string, valueCode: string): ExprCode {
    const [value, isNull] = [this.fresh("v"), this.fresh("n")];
    this.lines.push(`const ${isNull} = ${isNullCode};`);
    this.lines.push(`const ${value} = ${isNull} ? null : ${valueCode};`);
    return { value, isNull };
  }

  /** The interpreter's evaluator, called on the row's values (Spark's CodegenFallback). */
  private fallback(e: Expression): ExprCode {
    const index = this.fallbacks.push(evaluator(e)) - 1;
    const row = this.columns.map((c) => `(${c.isNull} ? null : ${c.value})`).join(", ");
    const value = this.fresh("v");
    this.lines.push(`// fallback: ${explainString(e).replace(/\n/g, " ")}`);
    this.lines.push(`const ${value} = fallbacks[${index}]([${row}], ctx);`);
    return { value, isNull: `(${value} === null)` };
  }
}
