import { test } from "node:test";
import assert from "node:assert/strict";
import { aggregateFunctionDefinition } from "../../src/expr/functions/FunctionRegistry.js";
import * as T from "../../src/types/index.js";

/** Runs an aggregate as the executor will: partial buffers per partition, merged, then evaluated. */
function aggregate(name: string, type: T.DataType, partitions: unknown[][], extra: unknown[] = []): unknown {
  const def = aggregateFunctionDefinition(name);
  const types = [type, ...extra.map(() => T.BooleanType)];
  const partials = partitions.map((rows) => rows.reduce((buffer, v) => def.update(buffer, [v, ...extra], types), def.initialize()));
  return def.evaluate(partials.reduce((a, b) => def.merge(a, b, types)), types);
}

test("count skips nulls and sums partial counts", () => {
  assert.equal(aggregate("count", T.IntegerType, [[1, null], [2]]), 2n);
  assert.equal(aggregate("count", T.IntegerType, [[]]), 0n);
});

test("sum widens integers to bigint, wraps on overflow and is null over no values", () => {
  assert.equal(aggregate("sum", T.IntegerType, [[2147483647], [1, null]]), 2147483648n);
  assert.equal(aggregate("sum", T.LongType, [[9223372036854775807n], [1n]]), -9223372036854775808n);
  assert.equal(aggregate("sum", T.IntegerType, [[null], []]), null);
  assert.equal(String(aggregate("sum", new T.DecimalType(5, 2), [[T.Decimal.fromString("1.25")], [T.Decimal.fromString("2.50")]])), "3.75");
});

test("avg divides in double, or in decimal with four more digits of scale", () => {
  assert.equal(aggregate("avg", T.IntegerType, [[1, 2], [4]]), 7 / 3);
  assert.equal(String(aggregate("avg", new T.DecimalType(5, 2), [[T.Decimal.fromString("1.00")], [T.Decimal.fromString("2.00")]])), "1.500000");
  assert.equal(aggregate("avg", T.DoubleType, [[null]]), null);
});

test("min, max, first, last and collect_list/collect_set", () => {
  assert.equal(aggregate("min", T.StringType, [["b", null], ["a"]]), "a");
  assert.equal(aggregate("max", T.DoubleType, [[1, NaN], [2]]), NaN);
  assert.equal(aggregate("first", T.IntegerType, [[null, 1], [2]]), null);
  assert.equal(aggregate("first", T.IntegerType, [[null, 1], [2]], [true]), 1, "first(x, true) skips nulls");
  assert.equal(aggregate("last", T.IntegerType, [[1], [2, null]], [true]), 2);
  assert.deepEqual(aggregate("collect_list", T.IntegerType, [[1, null, 1], [2]]), [1, 1, 2]);
  assert.deepEqual(aggregate("collect_set", T.LongType, [[1n, 1n], [1n, 2n]]), [1n, 2n]);
});
