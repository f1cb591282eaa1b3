import { ArrayType } from "../../types/ArrayType.js";
import { BooleanType, DoubleType, LongType } from "../../types/AtomicTypes.js";
import type { DataType } from "../../types/DataType.js";
import { Decimal } from "../../types/Decimal.js";
import { DecimalType } from "../../types/DecimalType.js";
import { isIntegral } from "../../types/TypeUtils.js";
import { compareValues } from "../Ordering.js";
import { type AggregateFunctionDefinition, expects } from "./FunctionDefinition.js";

/** Spark's built-in aggregates. Nulls are skipped; over no (non-null) rows every result but count's is null. */

/** Spark's `Sum` result type: integrals sum as bigint, decimals gain 10 integral digits, the rest as double. */
function sumType(t: DataType): DataType {
  if (isIntegral(t)) return LongType;
  if (t.kind === "decimal") return DecimalType.bounded(t.precision + 10, t.scale);
  return DoubleType;
}

/** Adds two non-null partial sums of the input type's sum type; bigint sums wrap as Spark's long sums do. */
function addSums(a: unknown, b: unknown): unknown {
  if (typeof a === "bigint") return BigInt.asIntN(64, a + (b as bigint));
  if (a instanceof Decimal) return a.add(b as Decimal);
  return (a as number) + (b as number);
}

function toSumValue(v: unknown, t: DataType): unknown {
  if (isIntegral(t)) return typeof v === "bigint" ? v : BigInt(v as number);
  return v;
}

const orNull = (a: unknown, b: unknown, f: (a: unknown, b: unknown) => unknown) => (a === null ? b : b === null ? a : f(a, b));

/** min and max: the buffer is the best value so far. */
function extremum(name: "min" | "max", sign: 1 | -1): AggregateFunctionDefinition {
  const better = (types: readonly DataType[]) => (a: unknown, b: unknown) => (sign * compareValues(b, a, types[0]!) > 0 ? b : a);
  return {
    name,
    arity: [1, 1],
    resultType: ([t]) => t!,
    nullable: true,
    initialize: () => null,
    update: (best, [v], types) => (v === null ? best : orNull(best, v, better(types))),
    merge: (a, b, types) => orNull(a, b, better(types)),
    evaluate: (best) => best,
  };
}

interface Picked {
  readonly value: unknown;
  readonly set: boolean;
}

/** first and last: the optional second argument says whether nulls are skipped (false by default). */
function pick(name: "first" | "last"): AggregateFunctionDefinition {
  const take = (current: Picked, candidate: Picked) => (name === "first" ? (current.set ? current : candidate) : candidate.set ? candidate : current);
  return {
    name,
    arity: [1, 2],
    inputTypes: expects("AnyDataType", BooleanType),
    resultType: ([t]) => t!,
    nullable: true,
    initialize: (): Picked => ({ value: null, set: false }),
    update: (buffer, [v, ignoreNulls]) => (v === null && ignoreNulls === true ? buffer : take(buffer as Picked, { value: v, set: true })),
    merge: (a, b) => take(a as Picked, b as Picked),
    evaluate: (buffer) => (buffer as Picked).value,
  };
}

/** A key under which equal values of any type meet in a Set, for collect_set. */
function valueKey(v: unknown): unknown {
  return v !== null && typeof v === "object" ? JSON.stringify(v, (_k, x: unknown) => (typeof x === "bigint" ? `${x}n` : x instanceof Map ? [...x] : x)) : v;
}

function collect(name: "collect_list" | "collect_set", distinct: boolean): AggregateFunctionDefinition {
  const add = (buffer: unknown[], v: unknown) => {
    if (!distinct || !buffer.some((x) => valueKey(x) === valueKey(v))) buffer.push(v);
    return buffer;
  };
  return {
    name,
    arity: [1, 1],
    resultType: ([t]) => new ArrayType(t!, false),
    nullable: false,
    initialize: () => [],
    update: (buffer, [v]) => (v === null ? buffer : add(buffer as unknown[], v)),
    merge: (a, b) => (b as unknown[]).reduce<unknown[]>(add, a as unknown[]),
    evaluate: (buffer) => [...(buffer as unknown[])],
  };
}

export const AGGREGATE_FUNCTIONS: readonly AggregateFunctionDefinition[] = [
  {
    name: "count",
    arity: [1, Infinity],
    resultType: () => LongType,
    nullable: false,
    initialize: () => 0n,
    update: (n, args) => (args.every((v) => v !== null) ? (n as bigint) + 1n : n),
    merge: (a, b) => (a as bigint) + (b as bigint),
    evaluate: (n) => n,
  },
  {
    name: "sum",
    arity: [1, 1],
    inputTypes: expects("NumericType"),
    resultType: ([t]) => sumType(t!),
    nullable: true,
    initialize: () => null,
    update: (sum, [v], [t]) => (v === null ? sum : orNull(sum, toSumValue(v, t!), addSums)),
    merge: (a, b) => orNull(a, b, addSums),
    evaluate: (sum, [t]) => {
      const type = sumType(t!);
      return sum instanceof Decimal && type.kind === "decimal" ? sum.toPrecision(type.precision, type.scale) : sum;
    },
  },
  {
    name: "avg",
    arity: [1, 1],
    inputTypes: expects("NumericType"),
    resultType: ([t]) => (t!.kind === "decimal" ? DecimalType.bounded(t!.precision + 4, t!.scale + 4) : DoubleType),
    nullable: true,
    initialize: () => ({ sum: null, count: 0n }),
    update: (b, [v], [t]) => {
      const buffer = b as { sum: unknown; count: bigint };
      return v === null ? buffer : { sum: orNull(buffer.sum, toSumValue(v, t!), addSums), count: buffer.count + 1n };
    },
    merge: (a, b) => {
      const [x, y] = [a as { sum: unknown; count: bigint }, b as { sum: unknown; count: bigint }];
      return { sum: orNull(x.sum, y.sum, addSums), count: x.count + y.count };
    },
    evaluate: (b, [t]) => {
      const { sum, count } = b as { sum: unknown; count: bigint };
      if (count === 0n || sum === null) return null;
      if (sum instanceof Decimal && t!.kind === "decimal") {
        const type = DecimalType.bounded(t!.precision + 4, t!.scale + 4);
        return sum.divide(Decimal.fromBigInt(count), type.scale).toPrecision(type.precision, type.scale);
      }
      return Number(sum) / Number(count);
    },
  },
  extremum("min", -1),
  extremum("max", 1),
  pick("first"),
  pick("last"),
  collect("collect_list", false),
  collect("collect_set", true),
];
