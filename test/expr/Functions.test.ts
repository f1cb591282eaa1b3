import { test } from "node:test";
import assert from "node:assert/strict";
import * as T from "../../src/types/index.js";
import { AttributeReference } from "../../src/expr/AttributeReference.js";
import { evaluate } from "../../src/expr/Evaluator.js";
import type { Expression } from "../../src/expr/Expression.js";
import { dataTypeOf, nullableOf } from "../../src/expr/ExpressionTypes.js";
import { ScalarFunction } from "../../src/expr/FunctionCall.js";
import { resolveFunction } from "../../src/expr/functions/FunctionRegistry.js";
import { Literal } from "../../src/expr/Literal.js";
import { UnresolvedStar } from "../../src/expr/Unresolved.js";

const ctx = { timeZone: "UTC", currentTimestamp: 1_600_000_000_123_456n };
const call = (name: string, ...args: Expression[]) => resolveFunction(name, args, false);
const ev = (name: string, ...args: Expression[]) => evaluate(call(name, ...args), [], ctx);
const str = (s: string | null) => Literal(s, T.StringType);
const int = (n: number | null) => Literal(n, T.IntegerType);
const ts = (s: string) => evaluate(resolveFunction("to_timestamp", [str(s)], false), [], ctx) as bigint;

test("string functions follow Spark's semantics", () => {
  assert.equal(ev("concat", str("a"), str("b")), "ab");
  assert.equal(ev("concat", str("a"), str(null)), null);
  assert.equal(ev("concat_ws", str("-"), str("a"), str(null), Literal(["b", "c"])), "a-b-c");
  assert.equal(ev("upper", str("abc")), "ABC");
  assert.equal(ev("trim", str(" \ta ")), "\ta", "Spark trims spaces only");
  assert.equal(ev("length", str("a😀b")), 3, "length counts characters, not UTF-16 units");
  assert.equal(ev("substring", str("Spark SQL"), int(5)), "k SQL");
  assert.equal(ev("substring", str("Spark SQL"), int(-3), int(2)), "SQ");
  assert.equal(ev("substring", str("Spark"), int(0), int(2)), "Sp");
  assert.deepEqual(ev("split", str("a,b,,c,,"), str(",")), ["a", "b", "", "c", "", ""]);
  assert.deepEqual(ev("split", str("a1b2c"), str("(\\d)"), int(2)), ["a", "b2c"]);
  assert.equal(ev("regexp_extract", str("100-200"), str("(\\d+)-(\\d+)"), int(2)), "200");
  assert.equal(ev("regexp_extract", str("foo"), str("(\\d+)")), "");
  assert.throws(() => ev("regexp_extract", str("1"), str("(\\d)"), int(3)), /group index of regexp_extract is invalid/);
  assert.equal(ev("regexp_replace", str("100-200"), str("(\\d+)"), str("num")), "num-num");
  assert.equal(ev("startswith", str("Spark"), str("Sp")), true);
});

test("math functions round half up and keep Spark's result types", () => {
  assert.equal(ev("round", Literal(2.5, T.DoubleType)), 3);
  assert.equal(ev("round", Literal(-2.5, T.DoubleType)), -3);
  assert.equal(ev("round", Literal(0.125, T.DoubleType), int(2)), 0.13);
  assert.equal(ev("round", int(1234), int(-2)), 1200);
  assert.equal(ev("floor", Literal(-1.5, T.DoubleType)), -2n);
  assert.equal(ev("ceil", Literal(1.2, T.DoubleType)), 2n);
  assert.equal(dataTypeOf(call("ceil", Literal(1.2, T.DoubleType))).simpleString(), "bigint");
  assert.equal(ev("abs", int(-2147483648)), -2147483648);
  assert.equal(ev("greatest", int(1), int(null), int(3)), 3);
  assert.equal(ev("least", int(null), int(null)), null);
  assert.equal(ev("sqrt", Literal(4, T.DoubleType)), 2);
  assert.equal(ev("ln", Literal(0, T.DoubleType)), null);
});

test("hash matches Spark's Murmur3 values", () => {
  assert.equal(ev("hash", str("Spark"), Literal([123], new T.ArrayType(T.IntegerType)), int(2)), -1321691492);
});

test("date and time functions use the session time zone", () => {
  const t = ts("2020-02-29 13:45:30.25");
  const at = Literal(t, T.TimestampType);
  assert.equal(ev("date_format", at, str("yyyy/MM/dd HH:mm:ss.SSS EEE MMM a")), "2020/02/29 13:45:30.250 Sat Feb PM");
  assert.equal(ev("hour", at), 13);
  assert.equal(ev("year", Literal(18321, T.DateType)), 2020);
  assert.equal(ev("dayofmonth", Literal(18321, T.DateType)), 29);
  assert.equal(ev("date_add", Literal(18321, T.DateType), int(1)), 18322);
  assert.equal(ev("datediff", Literal(18322, T.DateType), Literal(18321, T.DateType)), 1);
  assert.equal(ev("to_timestamp", str("29/02/2020 13:45"), str("dd/MM/yyyy HH:mm")), ts("2020-02-29 13:45:00"));
  assert.equal(ev("to_timestamp", str("not a time"), str("dd/MM/yyyy")), null);
  assert.equal(ev("to_date", str("2020-02-29 10:00")), 18321);
  assert.equal(ev("unix_timestamp", str("1970-01-02 00:00:00")), 86400n);
  assert.equal(ev("unix_timestamp"), 1_600_000_000n);
  assert.equal(ev("from_unixtime", Literal(86400n, T.LongType)), "1970-01-02 00:00:00");
  assert.equal(ev("current_timestamp"), ctx.currentTimestamp);
  assert.throws(() => evaluate(call("current_timestamp"), [], { timeZone: "UTC" }), /ComputeCurrentTime/);
});

test("window() assigns a timestamp to its tumbling window; sliding windows list every window that holds it", () => {
  const t = ts("2020-01-01 10:07:00");
  assert.deepEqual(ev("window", Literal(t, T.TimestampType), str("5 minutes")), [ts("2020-01-01 10:05:00"), ts("2020-01-01 10:10:00")]);
  assert.deepEqual(ev("window", Literal(t, T.TimestampType), str("5 minutes"), str("5 minutes"), str("2 minutes")), [ts("2020-01-01 10:07:00"), ts("2020-01-01 10:12:00")]);
  const sliding = ScalarFunction("sliding_windows", [Literal(t, T.TimestampType), str("10 minutes"), str("5 minutes")]);
  assert.deepEqual(evaluate(sliding, [], ctx), [
    [ts("2020-01-01 10:00:00"), ts("2020-01-01 10:10:00")],
    [ts("2020-01-01 10:05:00"), ts("2020-01-01 10:15:00")],
  ]);
  assert.throws(() => ev("window", Literal(t, T.TimestampType), str("10 minutes"), str("5 minutes")), /TimeWindowing rule plans it as a Generate/);
  assert.throws(() => dataTypeOf(call("window", Literal(t, T.TimestampType), str("5 minutes"), str("10 minutes"))), /slide duration of window\(\) must be less than or equal/);
  assert.throws(() => dataTypeOf(call("window", Literal(t, T.TimestampType), str("1 month"))), /INVALID_WINDOW_DURATION/);
  assert.throws(() => call("sliding_windows", Literal(t, T.TimestampType), str("1 minute"), str("1 minute")), /UNRESOLVED_ROUTINE/);
});

test("collection and JSON functions", () => {
  assert.equal(ev("size", Literal(null, new T.ArrayType(T.IntegerType))), -1);
  assert.equal(ev("size", Literal([1, 2])), 2);
  assert.equal(ev("array_contains", Literal([1, null]), int(2)), null);
  const s = call("struct", AttributeReference("a", T.IntegerType), int(2));
  assert.equal(dataTypeOf(s).simpleString(), "struct<a:int,col2:int>");
  assert.equal(nullableOf(s), false);
  const st = Literal([1, null, 1_600_000_000_000_000n], new T.StructType().add("a", T.IntegerType).add("b", T.StringType).add("t", T.TimestampType));
  assert.equal(ev("to_json", st), '{"a":1,"t":"2020-09-13T12:26:40.000Z"}');
  const parsed = call("from_json", str('{"a": 1, "b": [1.5]}'), str("a INT, b ARRAY<DOUBLE>, c STRING"));
  assert.equal(dataTypeOf(parsed).simpleString(), "struct<a:int,b:array<double>,c:string>");
  assert.deepEqual(evaluate(parsed, [], ctx), [1, [1.5], null]);
  assert.deepEqual(ev("from_json", str("{not json"), str("a INT")), [null]);
  assert.equal(ev("coalesce", int(null), int(2), int(3)), 2);
});

test("the registry names unknown functions with close matches and checks argument counts", () => {
  assert.throws(() => call("uper", str("a")), (e: Error) => {
    assert.match(e.message, /^\[UNRESOLVED_ROUTINE\] Cannot resolve function `uper` on search path/);
    assert.match(e.message, /Did you mean one of the following\? \[`upper`/);
    return true;
  });
  assert.throws(() => call("substring", str("a")), /\[WRONG_NUM_ARGS.WITHOUT_SUGGESTION\] The `substring` requires \[2, 3\] parameters but the actual number is 1/);
  assert.throws(() => resolveFunction("upper", [str("a")], true), /DISTINCT specified, but upper is not an aggregate function/);
  assert.equal(call("isnull", int(1)).kind, "IsNull");
  assert.equal(call("POWER", int(2), int(3)).kind, "ScalarFunction");
  const countStar = resolveFunction("count", [UnresolvedStar()], false);
  assert.equal(countStar.kind === "AggregateExpression" && countStar.children[0]!.kind, "Literal");
});
