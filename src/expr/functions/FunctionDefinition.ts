import type { AbstractDataType } from "../../types/AbstractDataType.js";
import type { DataType } from "../../types/DataType.js";
import type { EvalContext } from "../EvalContext.js";
import type { Expression } from "../Expression.js";

/** How many arguments a function takes: `[min, max]`, with `max` Infinity for varargs. */
export type Arity = readonly [min: number, max: number];

/**
 * A built-in scalar function: plain functions of its arguments' types and values. The registry maps each SQL
 * name to one of these; a resolved call is a `ScalarFunction` node that names it.
 */
export interface ScalarFunctionDefinition {
  readonly name: string;
  readonly arity: Arity;
  /**
   * What each argument must be, given the arguments' types; the analyzer casts arguments implicitly to fit
   * (Spark's ImplicitCastInputTypes). Null: the types cannot be reconciled. Absent: any types are accepted.
   */
  readonly inputTypes?: (types: readonly DataType[]) => readonly AbstractDataType[] | null;
  readonly resultType: (types: readonly DataType[], args: readonly Expression[]) => DataType;
  /** Whether the result can be null given which arguments can; by default, when any argument can. */
  readonly nullable?: (argsNullable: readonly boolean[]) => boolean;
  /** Whether `eval` is called with null arguments; otherwise any null argument makes the result null. */
  readonly nullSafe?: boolean;
  /** False for functions of the query's time (current_timestamp): constant folding must leave them alone. */
  readonly foldable?: boolean;
  /** A generator (explode) returns an array of output values; the analyzer plans it as a Generate operator. */
  readonly generator?: boolean;
  /** Planned by the analyzer itself, never named in a query (sliding_windows). */
  readonly internal?: boolean;
  /** The result for argument values `args` of types `types`; `resultType` is what `resultType` gave for them. */
  readonly eval: (args: readonly unknown[], types: readonly DataType[], ctx: EvalContext, resultType: DataType) => unknown;
}

/**
 * A built-in aggregate as Spark's DeclarativeAggregate, over one buffer value: `update` folds in a row's
 * argument values, `merge` combines partial buffers from different partitions, `evaluate` gives the result.
 * `update` and `merge` may return the buffer they were given, changed: a buffer belongs to one group.
 */
export interface AggregateFunctionDefinition {
  readonly name: string;
  readonly arity: Arity;
  readonly inputTypes?: (types: readonly DataType[]) => readonly AbstractDataType[] | null;
  readonly resultType: (types: readonly DataType[]) => DataType;
  /** Whether the result can be null; most aggregates are null over no rows. */
  readonly nullable: boolean;
  readonly initialize: () => unknown;
  readonly update: (buffer: unknown, args: readonly unknown[], types: readonly DataType[]) => unknown;
  readonly merge: (a: unknown, b: unknown, types: readonly DataType[]) => unknown;
  readonly evaluate: (buffer: unknown, types: readonly DataType[]) => unknown;
}

/** Every argument expected to be of these types, in order (the last one repeating for varargs). */
export function expects(...expected: readonly AbstractDataType[]): (types: readonly DataType[]) => readonly AbstractDataType[] {
  return (types) => types.map((_, i) => expected[Math.min(i, expected.length - 1)]!);
}
