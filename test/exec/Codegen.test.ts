import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import * as T from "../../src/types/index.js";
import { TestSession } from "./harness.js";

/**
 * Generated code against the interpreter on the values where JavaScript and Spark differ: every query here
 * runs both ways (TestSession.rows) and the answers are also checked against Spark's.
 */
describe("whole-stage codegen agrees with the interpreter", () => {
  let s: TestSession;
  before(() => {
    s = new TestSession();
    s.view("n", { i: T.IntegerType, l: T.LongType, d: T.DoubleType, b: T.BooleanType, str: T.StringType }, [
      [2147483647, 9223372036854775807n, Number.NaN, true, "a"],
      [-7, -7n, 1.5, null, null],
      [null, null, null, false, "b"],
      [0, 0n, -0, true, "a"],
    ]);
  });
  after(() => s.stop());

  it("int and long arithmetic wraps around on overflow", async () => {
    assert.deepEqual(await s.rows("SELECT i + 1, i * 2, l + 1, i + 1 < 0, l + 1 < 0 FROM n WHERE i > 0"), [[-2147483648, -2, -9223372036854775808n, true, true]]);
  });

  it("widening casts: int to long and double, long to double", async () => {
    assert.deepEqual(await s.rows("SELECT CAST(i AS BIGINT), CAST(i AS DOUBLE), CAST(l AS DOUBLE), i + l FROM n WHERE i < 0 OR i IS NULL"), [
      [-7n, -7, -7, -14n],
      [null, null, null, null],
    ]);
  });

  it("remainder takes the dividend's sign and is null for a zero divisor", async () => {
    assert.deepEqual(await s.rows("SELECT i % 3, l % 3, i % 0, l % 0 FROM n WHERE i < 0"), [[-1, -1n, null, null]]);
  });

  it("AND, OR and NOT follow three-valued logic", async () => {
    assert.deepEqual(await s.rows("SELECT b AND false, b AND true, b OR true, b OR false, NOT b FROM n"), [
      [false, true, true, true, false],
      [false, null, true, null, null],
      [false, false, true, false, true],
      [false, true, true, true, false],
    ]);
  });

  it("CASE WHEN takes the first true branch, else the ELSE or null; IN is null when nothing matches and a value is null", async () => {
    assert.deepEqual(await s.rows("SELECT CASE WHEN i > 0 THEN 'pos' WHEN i < 0 THEN 'neg' END, CASE WHEN b THEN i ELSE -1 END FROM n"), [
      ["pos", 2147483647], ["neg", -1], [null, -1], [null, 0],
    ]);
    assert.deepEqual(await s.rows("SELECT i IN (0, -7), i IN (1, NULL), str IN ('a', 'c') FROM n"), [
      [false, null, true], [true, null, null], [null, null, false], [true, null, true],
    ]);
  });

  it("comparisons with nulls are null, and filters drop them", async () => {
    assert.deepEqual(await s.rows("SELECT i = 0, str = 'a' FROM n"), [[false, true], [false, null], [null, false], [true, true]]);
    assert.deepEqual(await s.rows("SELECT str FROM n WHERE i <> 0"), [["a"], [null]]);
  });

  it("doubles compare as Spark's: NaN equals NaN and is the largest", async () => {
    assert.deepEqual(await s.rows("SELECT d > 1e300, d = d, d < 2.0, d <= d, d >= 1.5 FROM n WHERE d IS NOT NULL"), [
      [true, true, false, true, true],
      [false, true, true, true, true],
      [false, true, true, true, false],
    ]);
    assert.deepEqual(await s.rows("SELECT d FROM n WHERE d = 0.0"), [[-0]]);
  });

  it("dates, timestamps and decimals: compared inline or through the interpreter, the same", async () => {
    s.view("times", { day: T.DateType, at: T.TimestampType, amount: new T.DecimalType(10, 2) }, [
      [19000, 1_640_995_200_000_000n, new T.Decimal(1250n, 2)],
      [19001, null, null],
      [null, 1_641_081_600_000_000n, new T.Decimal(-5n, 2)],
    ]);
    const rows = await s.rows("SELECT day, at, amount * 2 FROM times WHERE day >= DATE '2022-01-08' OR at > TIMESTAMP '2022-01-01 12:00:00'");
    assert.deepEqual(rows.map(([d, t]) => [d, t]), [[19000, 1_640_995_200_000_000n], [19001, null], [null, 1_641_081_600_000_000n]]);
    assert.equal(String(rows[0]![2]), "25.00");
    // Decimal sums cross the shuffle between the partial and final aggregates as buffers.
    const [[sum, avg, max]] = await s.rows("SELECT sum(amount), avg(amount), max(amount) FROM times") as [[unknown, unknown, unknown]];
    assert.deepEqual([String(sum), String(avg), String(max)], ["12.45", "6.225000", "12.50"]);
  });

  it("a filter that keeps nothing yields no rows, and aggregates over it still answer", async () => {
    assert.deepEqual(await s.rows("SELECT i FROM n WHERE i > 10 AND i < 0"), []);
    assert.deepEqual(await s.rows("SELECT count(i), max(str) FROM n WHERE str = 'zz'"), [[0n, null]]);
  });
});
