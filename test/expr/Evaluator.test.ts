import { test } from "node:test";
import assert from "node:assert/strict";
import * as T from "../../src/types/index.js";
import { Add, Divide, IntegralDivide, Multiply, Remainder, Subtract, UnaryMinus } from "../../src/expr/Arithmetic.js";
import { AttributeReference } from "../../src/expr/AttributeReference.js";
import { CaseWhen } from "../../src/expr/CaseWhen.js";
import { Cast } from "../../src/expr/Cast.js";
import type { Expression } from "../../src/expr/Expression.js";
import { bindReferences, evaluate, evaluator } from "../../src/expr/Evaluator.js";
import { compareNullable } from "../../src/expr/Ordering.js";
import { GetArrayItem, GetMapValue, GetStructField } from "../../src/expr/ExtractValue.js";
import { Like, RLike } from "../../src/expr/Like.js";
import { Literal } from "../../src/expr/Literal.js";
import { And, EqualNullSafe, EqualTo, GreaterThan, In, IsNull, LessThan, Not, Or } from "../../src/expr/Predicates.js";

const ctx = { timeZone: "UTC" };
const ev = (e: Expression) => evaluate(e, [], ctx);
const int = (n: number) => Literal(n, T.IntegerType);
const long = (n: bigint) => Literal(n, T.LongType);
const dbl = (n: number) => Literal(n, T.DoubleType);
const str = (s: string) => Literal(s, T.StringType);
const nullOf = (t: T.DataType) => Literal(null, t);
const bool = (b: boolean | null) => Literal(b, T.BooleanType);
const dec = (s: string, p: number, sc: number) => Literal(T.Decimal.fromString(s), new T.DecimalType(p, sc));

test("int and long arithmetic wraps around on overflow, as Spark with ANSI off", () => {
  assert.equal(ev(Add(int(2147483647), int(1))), -2147483648);
  assert.equal(ev(Multiply(int(65536), int(65536))), 0);
  assert.equal(ev(Add(long(9223372036854775807n), long(1n))), -9223372036854775808n);
  assert.equal(ev(Add(Literal(127, T.ByteType), Literal(1, T.ByteType))), -128);
  assert.equal(ev(UnaryMinus(int(-2147483648))), -2147483648);
});

test("division and remainder by zero are null; div truncates to a bigint", () => {
  assert.equal(ev(Divide(dbl(1), dbl(0))), null);
  assert.equal(ev(Remainder(int(5), int(0))), null);
  assert.equal(ev(Remainder(int(-7), int(2))), -1);
  assert.equal(ev(IntegralDivide(long(-7n), long(2n))), -3n);
  assert.equal(ev(IntegralDivide(long(7n), long(0n))), null);
  assert.equal(ev(Divide(dbl(7), dbl(2))), 3.5);
});

test("float arithmetic rounds to single precision", () => {
  assert.equal(ev(Add(Literal(0.1, T.FloatType), Literal(0.2, T.FloatType))), Math.fround(0.1 + 0.2));
});

test("decimal arithmetic is exact and overflows to null", () => {
  assert.equal(String(ev(Add(dec("1.10", 3, 2), dec("2.205", 4, 3)))), "3.305");
  assert.equal(String(ev(Divide(dec("1", 1, 0), dec("3", 1, 0)))), "0.333333");
  assert.equal(ev(Multiply(dec("99999999999999999999999999999999999999", 38, 0), dec("10", 2, 0))), null);
});

test("null propagates through arithmetic and comparisons; <=> treats nulls as equal", () => {
  assert.equal(ev(Add(int(1), nullOf(T.IntegerType))), null);
  assert.equal(ev(EqualTo(nullOf(T.IntegerType), int(1))), null);
  assert.equal(ev(EqualNullSafe(nullOf(T.IntegerType), nullOf(T.IntegerType))), true);
  assert.equal(ev(EqualNullSafe(nullOf(T.IntegerType), int(1))), false);
  assert.equal(ev(IsNull(nullOf(T.IntegerType))), true);
});

test("AND, OR and NOT follow SQL's three-valued logic", () => {
  assert.equal(ev(And(bool(false), bool(null))), false);
  assert.equal(ev(And(bool(true), bool(null))), null);
  assert.equal(ev(Or(bool(true), bool(null))), true);
  assert.equal(ev(Or(bool(false), bool(null))), null);
  assert.equal(ev(Not(bool(null))), null);
});

test("NaN equals NaN and sorts above every other double", () => {
  assert.equal(ev(EqualTo(dbl(NaN), dbl(NaN))), true);
  assert.equal(ev(GreaterThan(dbl(NaN), dbl(Infinity))), true);
  assert.equal(ev(LessThan(str("a"), str("b"))), true);
});

test("IN is null when nothing matches and a null was seen", () => {
  assert.equal(ev(In(int(1), [int(2), int(1)])), true);
  assert.equal(ev(In(int(1), [int(2), nullOf(T.IntegerType)])), null);
  assert.equal(ev(In(int(1), [int(2), int(3)])), false);
  assert.equal(ev(In(nullOf(T.IntegerType), [int(1)])), null);
});

test("LIKE matches whole strings with _ and %, honouring escapes; RLIKE finds a match anywhere", () => {
  assert.equal(ev(Like(str("Spark"), str("S%k"))), true);
  assert.equal(ev(Like(str("Spark"), str("S_ark"))), true);
  assert.equal(ev(Like(str("Spark"), str("park"))), false);
  assert.equal(ev(Like(str("50%"), str("50\\%"))), true);
  assert.equal(ev(Like(str("500"), str("50\\%"))), false);
  assert.equal(ev(Like(str("a.b"), str("a.b"))), true);
  assert.equal(ev(Like(str("axb"), str("a.b"))), false);
  assert.equal(ev(RLike(str("Spark SQL"), str("S[Q]L"))), true);
  assert.equal(ev(RLike(str("spark"), str("(?i)SPARK"))), true);
});

test("CASE WHEN takes the first true branch, treating null conditions as false", () => {
  const e = CaseWhen([[bool(null), int(1)], [bool(true), int(2)]], int(3));
  assert.equal(ev(e), 2);
  assert.equal(ev(CaseWhen([[bool(false), int(1)]])), null);
});

test("casts from strings follow Spark's non-ANSI Cast", () => {
  assert.equal(ev(Cast(str(" 12 "), T.IntegerType)), 12);
  assert.equal(ev(Cast(str("1.9"), T.IntegerType)), 1);
  assert.equal(ev(Cast(str("abc"), T.IntegerType)), null);
  assert.equal(ev(Cast(str("3000000000"), T.IntegerType)), null);
  assert.equal(ev(Cast(str("1e3"), T.DoubleType)), 1000);
  assert.equal(ev(Cast(str("Infinity"), T.DoubleType)), Infinity);
  assert.equal(ev(Cast(str("0x10"), T.DoubleType)), null);
  assert.equal(ev(Cast(str("yes"), T.BooleanType)), true);
  assert.equal(ev(Cast(str("maybe"), T.BooleanType)), null);
  assert.equal(ev(Cast(str("2020-02-30"), T.DateType)), null);
  assert.equal(ev(Cast(str("2020-03-01 anything"), T.DateType)), 18322);
  assert.equal(String(ev(Cast(str("12.345"), new T.DecimalType(5, 2)))), "12.35");
  assert.equal(ev(Cast(str("1234.5"), new T.DecimalType(5, 2))), null);
});

test("casts between numbers wrap or saturate as the JVM does", () => {
  assert.equal(ev(Cast(long(4294967297n), T.IntegerType)), 1);
  assert.equal(ev(Cast(dbl(1e20), T.IntegerType)), 2147483647);
  assert.equal(ev(Cast(dbl(-1.9), T.IntegerType)), -1);
  assert.equal(ev(Cast(dbl(NaN), T.LongType)), 0n);
  assert.equal(ev(Cast(dbl(300), T.ByteType)), 44);
  assert.equal(ev(Cast(bool(true), T.IntegerType)), 1);
});

test("numbers cast to strings as Java prints them", () => {
  assert.equal(ev(Cast(dbl(1), T.StringType)), "1.0");
  assert.equal(ev(Cast(dbl(1e7), T.StringType)), "1.0E7");
  assert.equal(ev(Cast(dbl(1.5e-5), T.StringType)), "1.5E-5");
  assert.equal(ev(Cast(Literal(Math.fround(0.1), T.FloatType), T.StringType)), "0.1");
  assert.equal(ev(Cast(long(5n), T.StringType)), "5");
  assert.equal(ev(Cast(Literal([1, null], new T.ArrayType(T.IntegerType)), T.StringType)), "[1, null]");
});

test("timestamps are read and printed in the session time zone", () => {
  const la = { timeZone: "America/Los_Angeles" };
  const ts = evaluate(Cast(str("2020-07-01 00:00:00"), T.TimestampType), [], la);
  assert.equal(ts, 1593586800000000n, "midnight in Los Angeles is 07:00 UTC in July");
  assert.equal(evaluate(Cast(Literal(ts, T.TimestampType), T.StringType), [], ctx), "2020-07-01 07:00:00");
  assert.equal(evaluate(Cast(str("2020-07-01T00:00:00.5Z"), T.TimestampType), [], la), 1593561600500000n);
  assert.equal(evaluate(Cast(Literal(1593561600500000n, T.TimestampType), T.StringType), [], la), "2020-06-30 17:00:00.5");
  assert.equal(evaluate(Cast(Literal(1593561600500000n, T.TimestampType), T.DateType), [], la), 18443);
  assert.equal(ev(Cast(Literal(1593561600500000n, T.TimestampType), T.LongType)), 1593561600n);
  assert.equal(ev(Cast(str("2020-13-01 00:00:00"), T.TimestampType)), null);
});

test("a time in a daylight-saving gap moves forward, as java.time does", () => {
  const ny = { timeZone: "America/New_York" };
  const ts = evaluate(Cast(str("2021-03-14 02:30:00"), T.TimestampType), [], ny);
  assert.equal(evaluate(Cast(Literal(ts, T.TimestampType), T.StringType), [], ny), "2021-03-14 03:30:00");
});

test("struct fields, array items and map values are extracted; out of range is null", () => {
  assert.equal(ev(GetStructField(Literal([1, "x"], new T.StructType().add("a", T.IntegerType).add("b", T.StringType)), 1, "b")), "x");
  assert.equal(ev(GetArrayItem(Literal([10, 20]), int(1))), 20);
  assert.equal(ev(GetArrayItem(Literal([10, 20]), int(5))), null);
  assert.equal(ev(GetMapValue(Literal(new Map([["k", 1]]), new T.MapType(T.StringType, T.IntegerType)), str("k"))), 1);
});

test("bindReferences turns attributes into positions of the input row", () => {
  const a = AttributeReference("a", T.IntegerType);
  const b = AttributeReference("b", T.IntegerType);
  const bound = bindReferences(Subtract(b, a), [a, b]);
  assert.equal(evaluate(bound, [1, 10], ctx), 9);
  assert.throws(() => evaluate(a, [1], ctx), /not bound to an input column/);
  assert.throws(() => bindReferences(a, [b]), /Couldn't find a#\d+ in \[b#\d+\]/);
});

test("a compiled evaluator is reused across rows", () => {
  const a = AttributeReference("a", T.IntegerType);
  const f = evaluator(bindReferences(Add(a, int(1)), [a]));
  assert.deepEqual([[1], [null], [41]].map((row) => f(row, ctx)), [2, null, 42]);
});

test("sort comparisons put nulls first or last and order NaN above every double", () => {
  const values = [3, null, NaN, -1];
  assert.deepEqual([...values].sort((x, y) => compareNullable(x, y, T.DoubleType, true)), [null, -1, 3, NaN]);
  assert.deepEqual([...values].sort((x, y) => compareNullable(x, y, T.DoubleType, false)), [-1, 3, NaN, null]);
  assert.ok(compareNullable([1, "b"], [1, "a"], new T.StructType().add("x", T.IntegerType).add("y", T.StringType), true) > 0);
});

test("literal types are inferred from JavaScript values as lit() sees them", () => {
  assert.deepEqual(
    [1, 2 ** 31, 1.5, 5n, "s", true, null, [1, 2.5]].map((v) => Literal(v).dataType.simpleString()),
    ["int", "double", "double", "bigint", "string", "boolean", "void", "array<double>"],
  );
  assert.throws(() => Literal(new Date(0)), /Cannot make a Spark literal of \[object Date\]/);
});
