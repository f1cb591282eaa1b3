import { test } from "node:test";
import assert from "node:assert/strict";
import * as T from "../../src/types/index.js";
import { findCommonTypeForBinaryComparison } from "../../src/types/TypeCoercion.js";
import { decimalResultType } from "../../src/types/DecimalPrecision.js";
import { implicitCast } from "../../src/types/AbstractDataType.js";

const str = (t: T.DataType | null) => t?.simpleString() ?? null;

test("findTightestCommonType promotes along numeric precedence and never to string", () => {
  assert.equal(str(T.findTightestCommonType(T.IntegerType, T.LongType)), "bigint");
  assert.equal(str(T.findTightestCommonType(T.ByteType, T.FloatType)), "float");
  assert.equal(str(T.findTightestCommonType(T.NullType, T.StringType)), "string");
  assert.equal(str(T.findTightestCommonType(T.DateType, T.TimestampType)), "timestamp");
  assert.equal(T.findTightestCommonType(T.IntegerType, T.StringType), null);
  assert.equal(str(T.findTightestCommonType(T.IntegerType, new T.DecimalType(12, 2))), "decimal(12,2)");
  assert.equal(T.findTightestCommonType(T.IntegerType, new T.DecimalType(5, 2)), null);
});

test("findWiderTypeForTwo widens decimals, meets floats as double and promotes strings", () => {
  assert.equal(str(T.findWiderTypeForTwo(new T.DecimalType(5, 2), new T.DecimalType(10, 0))), "decimal(12,2)");
  assert.equal(str(T.findWiderTypeForTwo(T.IntegerType, new T.DecimalType(5, 2))), "decimal(12,2)");
  assert.equal(str(T.findWiderTypeForTwo(new T.DecimalType(5, 2), T.DoubleType)), "double");
  assert.equal(str(T.findWiderTypeForTwo(T.StringType, T.IntegerType)), "string");
  assert.equal(T.findWiderTypeForTwo(T.StringType, T.BooleanType), null);
  assert.equal(str(T.findWiderTypeForTwo(new T.ArrayType(T.IntegerType, false), new T.ArrayType(T.LongType, true))), "array<bigint>");
  assert.equal(str(T.findWiderCommonType([T.NullType, T.IntegerType, T.DoubleType])), "double");
});

test("binary comparison reads a string as the other side's type, as double against a decimal", () => {
  assert.equal(str(findCommonTypeForBinaryComparison(T.StringType, T.IntegerType)), "int");
  assert.equal(str(findCommonTypeForBinaryComparison(T.DateType, T.StringType)), "date");
  assert.equal(str(findCommonTypeForBinaryComparison(T.StringType, new T.DecimalType(4, 1))), "double");
});

test("decimal arithmetic result types follow Spark's DecimalPrecision", () => {
  const d = (p: number, s: number) => new T.DecimalType(p, s);
  assert.equal(decimalResultType("Add", d(10, 2), d(5, 3)).simpleString(), "decimal(12,3)");
  assert.equal(decimalResultType("Multiply", d(10, 2), d(5, 3)).simpleString(), "decimal(16,5)");
  assert.equal(decimalResultType("Divide", d(10, 2), d(5, 3)).simpleString(), "decimal(19,8)");
  assert.equal(decimalResultType("Multiply", d(38, 10), d(38, 10)).simpleString(), "decimal(38,6)");
  assert.equal(decimalResultType("Remainder", d(10, 2), d(5, 3)).simpleString(), "decimal(5,3)");
});

test("implicitCast follows Spark's ImplicitTypeCasts", () => {
  assert.equal(str(implicitCast(T.StringType, "NumericType")), "double");
  assert.equal(str(implicitCast(T.IntegerType, "DecimalType")), "decimal(10,0)");
  assert.equal(str(implicitCast(T.IntegerType, T.StringType)), "string");
  assert.equal(str(implicitCast(T.NullType, T.DateType)), "date");
  assert.equal(str(implicitCast(T.StringType, T.TimestampType)), "timestamp");
  assert.equal(implicitCast(T.BinaryType, T.IntegerType), null);
  assert.equal(str(implicitCast(T.LongType, [T.StringType, T.IntegerType])), "string");
});

test("canCast allows Spark's non-ANSI casts and refuses the rest", () => {
  assert.ok(T.canCast(T.StringType, T.IntegerType));
  assert.ok(T.canCast(T.TimestampType, T.LongType));
  assert.ok(T.canCast(T.IntegerType, T.BinaryType));
  assert.ok(T.canCast(new T.ArrayType(T.StringType), new T.ArrayType(T.IntegerType)));
  assert.ok(!T.canCast(new T.ArrayType(T.StringType), new T.ArrayType(T.IntegerType, false)), "a string element may become null");
  assert.ok(!T.canCast(T.BooleanType, T.DateType));
  assert.ok(!T.canCast(T.BinaryType, T.IntegerType));
  assert.ok(!T.canCast(T.IntegerType, T.DateType));
  assert.ok(!T.canCast(T.IntegerType, new T.ArrayType(T.IntegerType)));
});

test("Decimal values round half up and overflow to null when fitted to a precision", () => {
  const v = T.Decimal.fromString("12.345")!;
  assert.equal(v.toPrecision(5, 2)!.toString(), "12.35");
  assert.equal(v.negate().toPrecision(5, 2)!.toString(), "-12.35");
  assert.equal(v.toPrecision(3, 2), null);
  assert.equal(T.Decimal.fromString("1e3")!.toString(), "1000");
  assert.equal(T.Decimal.fromString("abc"), null);
  assert.equal(T.Decimal.fromString("1")!.divide(T.Decimal.fromString("3")!, 6).toString(), "0.333333");
  assert.equal(T.Decimal.fromString("-7.5")!.remainder(T.Decimal.fromString("2")!).toString(), "-1.5");
  assert.equal(new T.Decimal(-5n, 3).toString(), "-0.005");
});

test("CalendarInterval prints as Spark does", () => {
  assert.equal(new T.CalendarInterval(14, 3, 3_723_500_000n).toString(), "1 years 2 months 3 days 1 hours 2 minutes 3.5 seconds");
  assert.equal(new T.CalendarInterval(0, 0, 0n).toString(), "0 seconds");
});
