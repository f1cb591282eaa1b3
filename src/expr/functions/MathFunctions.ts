import { DoubleType, IntegerType, LongType } from "../../types/AtomicTypes.js";
import type { DataType } from "../../types/DataType.js";
import { Decimal } from "../../types/Decimal.js";
import { DecimalType } from "../../types/DecimalType.js";
import { findWiderCommonType } from "../../types/TypeCoercion.js";
import type { Expression } from "../Expression.js";
import { compareValues } from "../Ordering.js";
import { type ScalarFunctionDefinition, expects } from "./FunctionDefinition.js";

/** Spark's math functions. Integral results wrap on overflow and fractional-to-integral ones saturate, as with ANSI off. */

const sameAsInput = (types: readonly DataType[]) => types[0]!;

function abs(v: unknown, t: DataType): unknown {
  switch (t.kind) {
    case "byte":
      return (Math.abs(v as number) << 24) >> 24;
    case "short":
      return (Math.abs(v as number) << 16) >> 16;
    case "integer":
      return Math.abs(v as number) | 0;
    case "long":
      return BigInt.asIntN(64, (v as bigint) < 0n ? -(v as bigint) : (v as bigint));
    case "decimal":
      return (v as Decimal).unscaled < 0n ? (v as Decimal).negate() : v;
    default:
      return Math.abs(v as number);
  }
}

/** Spark's `round` result type: decimals keep enough integral digits for the carry. */
function roundType(types: readonly DataType[], scale: number): DataType {
  const t = types[0]!;
  if (t.kind !== "decimal") return t;
  const integralLeastNumDigits = t.precision - t.scale + 1;
  if (scale < 0) return DecimalType.bounded(Math.max(integralLeastNumDigits, -scale + 1), 0);
  const newScale = Math.min(t.scale, scale);
  return DecimalType.bounded(integralLeastNumDigits + newScale, newScale);
}

/** Rounds half up (away from zero) at `scale` digits, on the value's shortest decimal form as Spark does. */
function round(v: unknown, t: DataType, scale: number): unknown {
  const rounded = (d: Decimal) => (scale >= 0 ? d.rescale(scale) : d.rescale(0).divide(Decimal.fromBigInt(10n ** BigInt(-scale)), 0).multiply(Decimal.fromBigInt(10n ** BigInt(-scale))));
  switch (t.kind) {
    case "float":
    case "double": {
      const d = Decimal.fromNumber(v as number);
      if (!d) return v;
      const r = rounded(d).toNumber();
      return t.kind === "float" ? Math.fround(r) : r;
    }
    case "decimal": {
      const r = roundType([t], scale) as DecimalType;
      return rounded(v as Decimal).toPrecision(r.precision, r.scale);
    }
    case "long":
      return rounded(Decimal.fromBigInt(v as bigint)).toBigInt();
    default:
      return Number(rounded(Decimal.fromBigInt(BigInt(v as number))).toBigInt());
  }
}

/** floor and ceil: integral and fractional inputs give a bigint, decimals a decimal of scale 0. */
function floorOrCeil(name: "floor" | "ceil", toIntegral: (d: number) => number): ScalarFunctionDefinition {
  return {
    name,
    arity: [1, 1],
    inputTypes: (types) => [types[0]!.kind === "decimal" ? "DecimalType" : types[0]!.kind === "long" ? LongType : DoubleType],
    resultType: ([t]) => (t!.kind === "decimal" ? DecimalType.bounded(t!.precision - t!.scale + 1, 0) : LongType),
    eval: ([v], [t]) => {
      if (t!.kind === "long") return v;
      if (t!.kind === "decimal") {
        const d = v as Decimal;
        const truncated = Decimal.fromBigInt(d.toBigInt());
        const adjust = d.compare(truncated) === 0 ? 0n : name === "floor" ? (d.unscaled < 0n ? -1n : 0n) : d.unscaled > 0n ? 1n : 0n;
        return Decimal.fromBigInt(truncated.unscaled + adjust);
      }
      const r = toIntegral(v as number);
      if (Number.isNaN(r)) return 0n;
      return r >= 9.223372036854776e18 ? 2n ** 63n - 1n : r <= -9.223372036854776e18 ? -(2n ** 63n) : BigInt(r);
    },
  };
}

/** greatest and least skip nulls and are null only when every argument is. */
function extremum(name: "greatest" | "least", sign: 1 | -1): ScalarFunctionDefinition {
  return {
    name,
    arity: [2, Infinity],
    inputTypes: (types) => {
      const wider = findWiderCommonType(types);
      return wider && types.map(() => wider);
    },
    resultType: sameAsInput,
    nullable: (nullables) => nullables.every((n) => n),
    nullSafe: true,
    eval: (args, types) =>
      args.reduce<unknown>((best, v) => (v === null ? best : best === null || sign * compareValues(v, best, types[0]!) > 0 ? v : best), null),
  };
}

export const MATH_FUNCTIONS: readonly ScalarFunctionDefinition[] = [
  { name: "abs", arity: [1, 1], inputTypes: expects("NumericType"), resultType: sameAsInput, eval: ([v], [t]) => abs(v, t!) },
  {
    name: "round",
    arity: [1, 2],
    inputTypes: expects("NumericType", IntegerType),
    resultType: (types, args) => roundType(types, roundScale(args)),
    eval: ([v, scale], [t]) => round(v, t!, (scale as number | undefined) ?? 0),
  },
  floorOrCeil("floor", Math.floor),
  floorOrCeil("ceil", Math.ceil),
  { name: "sqrt", arity: [1, 1], inputTypes: expects(DoubleType), resultType: () => DoubleType, eval: ([v]) => Math.sqrt(v as number) },
  { name: "pow", arity: [2, 2], inputTypes: expects(DoubleType), resultType: () => DoubleType, eval: ([a, b]) => Math.pow(a as number, b as number) },
  { name: "exp", arity: [1, 1], inputTypes: expects(DoubleType), resultType: () => DoubleType, eval: ([v]) => Math.exp(v as number) },
  {
    name: "ln",
    arity: [1, 1],
    inputTypes: expects(DoubleType),
    resultType: () => DoubleType,
    // Spark's logarithms are null, not NaN or -Infinity, outside their domain.
    nullable: () => true,
    eval: ([v]) => ((v as number) <= 0 ? null : Math.log(v as number)),
  },
  extremum("greatest", 1),
  extremum("least", -1),
];

/** The scale argument of round() must be a constant; Spark's type of the result depends on it. */
function roundScale(args: readonly Expression[]): number {
  const scale = args[1];
  return scale?.kind === "Literal" && typeof scale.value === "number" ? scale.value : 0;
}
