import type { AggregateExpression } from "../../expr/FunctionCall.js";
import { dataTypeOf } from "../../expr/ExpressionTypes.js";
import { aggregateFunctionDefinition } from "../../expr/functions/FunctionRegistry.js";
import type { DataType } from "../../types/DataType.js";
import { vectorKindOf } from "../vector/ColumnVector.js";
import { grown } from "./NumericKeyMap.js";

/**
 * An aggregate whose partial buffers typed arrays can hold, one element per group, updated a batch at a time
 * from a column of numbers: count, sum and avg of integral or fractional numbers, min and max of numbers,
 * dates and timestamps. Longs arrive as numbers within ±(2^53 - 1) (see LongRepresentation).
 */
export type TypedAggregate =
  | { readonly fn: "count" }
  | { readonly fn: "sum" | "avg"; readonly integral: boolean }
  | { readonly fn: "min" | "max"; readonly type: DataType };

const INTEGRAL = new Set(["byte", "short", "integer", "long"]);
const FRACTIONAL = new Set(["float", "double"]);
const ORDERED = new Set([...INTEGRAL, ...FRACTIONAL, "date", "timestamp"]);

/** The typed form of `a`; null when it has none (decimals, strings, DISTINCT, collect_list…). */
export function typedAggregate(a: AggregateExpression): TypedAggregate | null {
  if (a.isDistinct) return null;
  const fn = aggregateFunctionDefinition(a.name).name;
  if (fn === "count") return { fn };
  const type = a.children.length === 1 ? dataTypeOf(a.children[0]!) : null;
  if (type === null) return null;
  if ((fn === "sum" || fn === "avg") && (INTEGRAL.has(type.kind) || FRACTIONAL.has(type.kind))) return { fn, integral: INTEGRAL.has(type.kind) };
  if ((fn === "min" || fn === "max") && ORDERED.has(type.kind)) return { fn, type };
  return null;
}

/**
 * The groups' buffers of one typed aggregate. Generated code calls `add` for each row with a non-null value
 * (count's value is unused), through a call site that sees one class, so V8 inlines it.
 */
export interface TypedBuffer {
  /** Makes room for groups [0, groups). */
  grow(groups: number): void;
  add(g: number, value: number): void;
  /** Group g's buffer as the aggregate's definition holds it, as AggregationMap's partial rows carry it. */
  buffer(g: number): unknown;
  readonly bytes: number;
}

export function typedBuffer(a: TypedAggregate): TypedBuffer {
  switch (a.fn) {
    case "count":
      return new CountBuffer();
    case "sum":
      return a.integral ? new LongSumBuffer() : new DoubleSumBuffer();
    case "avg":
      return new AvgBuffer(a.integral ? new LongSumBuffer() : new DoubleSumBuffer());
    case "min":
      return new MinBuffer(a.type);
    case "max":
      return new MaxBuffer(a.type);
  }
}

export const INITIAL_GROUPS = 256;
const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/** count: the rows whose arguments are all non-null. */
class CountBuffer implements TypedBuffer {
  counts = new Float64Array(INITIAL_GROUPS);

  grow(groups: number): void {
    this.counts = grown(this.counts, groups);
  }

  add(g: number): void {
    this.counts[g]++;
  }

  buffer(g: number): bigint {
    return BigInt(this.counts[g]!);
  }

  get bytes(): number {
    return this.counts.byteLength;
  }
}

/**
 * A sum of integral values as a long, wrapping on overflow as Spark's does: a number while it stays within
 * ±(2^53 - 1), and a BigInt carry for the rare group that goes past it (its number part starts again at 0).
 */
class LongSumBuffer implements TypedBuffer {
  sums = new Float64Array(INITIAL_GROUPS);
  seen = new Uint8Array(INITIAL_GROUPS);
  private readonly carries = new Map<number, bigint>();

  grow(groups: number): void {
    this.sums = grown(this.sums, groups);
    this.seen = grown(this.seen, groups);
  }

  add(g: number, v: number): void {
    const s = this.sums[g]! + v;
    if (s > MAX_SAFE || s < -MAX_SAFE) this.carry(g, v);
    else this.sums[g] = s;
    this.seen[g] = 1;
  }

  private carry(g: number, v: number): void {
    this.carries.set(g, BigInt.asIntN(64, (this.carries.get(g) ?? 0n) + BigInt(this.sums[g]!) + BigInt(v)));
    this.sums[g] = 0;
  }

  buffer(g: number): bigint | null {
    return this.seen[g] === 1 ? BigInt.asIntN(64, (this.carries.get(g) ?? 0n) + BigInt(this.sums[g]!)) : null;
  }

  get bytes(): number {
    return this.sums.byteLength + this.seen.byteLength + 16 * this.carries.size;
  }
}

/** A sum of doubles, added in row order as the interpreter does (the first value is taken as it is: -0.0 stays). */
class DoubleSumBuffer implements TypedBuffer {
  sums = new Float64Array(INITIAL_GROUPS);
  seen = new Uint8Array(INITIAL_GROUPS);

  grow(groups: number): void {
    this.sums = grown(this.sums, groups);
    this.seen = grown(this.seen, groups);
  }

  add(g: number, v: number): void {
    if (this.seen[g] === 1) this.sums[g] += v;
    else {
      this.sums[g] = v;
      this.seen[g] = 1;
    }
  }

  buffer(g: number): number | null {
    return this.seen[g] === 1 ? this.sums[g]! : null;
  }

  get bytes(): number {
    return this.sums.byteLength + this.seen.byteLength;
  }
}

/** avg: a sum and a count of the non-null values, as `{ sum, count }`. */
class AvgBuffer implements TypedBuffer {
  private readonly count = new CountBuffer();

  constructor(private readonly sum: LongSumBuffer | DoubleSumBuffer) {}

  grow(groups: number): void {
    this.sum.grow(groups);
    this.count.grow(groups);
  }

  add(g: number, v: number): void {
    this.sum.add(g, v);
    this.count.add(g);
  }

  buffer(g: number): { sum: unknown; count: bigint } {
    return { sum: this.sum.buffer(g), count: this.count.buffer(g) };
  }

  get bytes(): number {
    return this.sum.bytes + this.count.bytes;
  }
}

/**
 * min and max by direct comparison, in Spark's order: NaN above every other double, -0.0 equal to 0.0 (the
 * first one seen stays, as in the interpreter). Longs and timestamps go back to BigInts.
 */
abstract class ExtremumBuffer implements TypedBuffer {
  best = new Float64Array(INITIAL_GROUPS);
  seen = new Uint8Array(INITIAL_GROUPS);
  private readonly asBigInt: boolean;

  constructor(type: DataType) {
    this.asBigInt = vectorKindOf(type) === "int64";
  }

  grow(groups: number): void {
    this.best = grown(this.best, groups);
    this.seen = grown(this.seen, groups);
  }

  abstract add(g: number, v: number): void;

  buffer(g: number): unknown {
    if (this.seen[g] === 0) return null;
    return this.asBigInt ? BigInt(this.best[g]!) : this.best[g]!;
  }

  get bytes(): number {
    return this.best.byteLength + this.seen.byteLength;
  }
}

class MaxBuffer extends ExtremumBuffer {
  add(g: number, v: number): void {
    const b = this.best[g]!;
    if (this.seen[g] === 0 || v > b || (v !== v && b === b)) {
      this.best[g] = v;
      this.seen[g] = 1;
    }
  }
}

class MinBuffer extends ExtremumBuffer {
  add(g: number, v: number): void {
    const b = this.best[g]!;
    if (this.seen[g] === 0 || v < b || (b !== b && v === v)) {
      this.best[g] = v;
      this.seen[g] = 1;
    }
  }
}
