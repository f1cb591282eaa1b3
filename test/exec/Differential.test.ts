import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import * as T from "../../src/types/index.js";
import { TestSession } from "./harness.js";

/** A small seeded generator, so every run checks the same data. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/**
 * Generated data with nulls and a skewed key, queried through every exchange and join strategy, against
 * answers computed by plain JavaScript over the same rows.
 */
describe("generated data against a reference in JavaScript", () => {
  let s: TestSession;
  const facts: [number | null, bigint | null, string | null][] = [];
  const dims: [number | null, string][] = [];
  before(() => {
    s = new TestSession();
    const r = rng(42);
    for (let i = 0; i < 600; i++) {
      // Key 0 takes half the rows (skew); one in ten keys and values are null.
      const k = r() < 0.1 ? null : r() < 0.5 ? 0 : Math.floor(r() * 40);
      const v = r() < 0.1 ? null : BigInt(Math.floor(r() * 1000) - 500);
      facts.push([k, v, r() < 0.1 ? null : `s${Math.floor(r() * 7)}`]);
    }
    for (let k = 0; k < 30; k += 2) dims.push([k, `d${k}`]);
    dims.push([null, "dnull"]);
    s.view("facts", { k: T.IntegerType, v: T.LongType, tag: T.StringType }, facts);
    s.view("dims", { k: T.IntegerType, name: T.StringType }, dims);
  });
  after(() => s.stop());

  const key = (x: unknown) => JSON.stringify(x, (_k, v) => (typeof v === "bigint" ? `${v}n` : v));
  const sorted = (rows: unknown[][]) => [...rows].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));

  it("grouped count, sum, min and max, including the null group", async () => {
    const groups = new Map<number | null, { n: bigint; sum: bigint | null; min: bigint | null; max: bigint | null }>();
    for (const [k, v] of facts) {
      const g = groups.get(k) ?? { n: 0n, sum: null, min: null, max: null };
      g.n++;
      if (v !== null) {
        g.sum = (g.sum ?? 0n) + v;
        g.min = g.min === null || v < g.min ? v : g.min;
        g.max = g.max === null || v > g.max ? v : g.max;
      }
      groups.set(k, g);
    }
    const expected = [...groups].map(([k, g]) => [k, g.n, g.sum, g.min, g.max]);
    for (const partitions of ["1", "7"]) {
      const rows = await s.rows("SELECT k, count(*), sum(v), min(v), max(v) FROM facts GROUP BY k", { "spark.sql.shuffle.partitions": partitions });
      assert.deepEqual(sorted(rows), sorted(expected));
    }
  });

  for (const [how, settings] of [["broadcast", {}], ["shuffled", { "spark.sql.autoBroadcastJoinThreshold": "-1" }]] as const) {
    it(`${how} inner, left, full outer and anti joins`, async () => {
      const match = (k: number | null) => dims.filter(([dk]) => k !== null && dk === k);
      const inner = facts.flatMap(([k, v]) => match(k).map(([, name]) => [v, name]));
      const left = facts.flatMap(([k, v]) => (match(k).length > 0 ? match(k).map(([, name]) => [v, name]) : [[v, null]]));
      const unmatchedDims = dims.filter(([dk]) => !facts.some(([k]) => k !== null && k === dk)).map(([, name]) => [null, name]);
      const anti = facts.filter(([k]) => match(k).length === 0).map(([, v]) => [v]);
      assert.deepEqual(sorted(await s.rows("SELECT v, name FROM facts JOIN dims ON facts.k = dims.k", settings)), sorted(inner));
      assert.deepEqual(sorted(await s.rows("SELECT v, name FROM facts LEFT JOIN dims ON facts.k = dims.k", settings)), sorted(left));
      assert.deepEqual(sorted(await s.rows("SELECT v, name FROM facts FULL JOIN dims ON facts.k = dims.k", settings)), sorted([...left, ...unmatchedDims]));
      assert.deepEqual(sorted(await s.rows("SELECT v FROM facts LEFT ANTI JOIN dims ON facts.k = dims.k", settings)), sorted(anti));
    });
  }

  it("a global sort over many partitions, nulls last, ties broken by a second key", async () => {
    const rows = await s.rows("SELECT v, tag FROM facts ORDER BY v DESC NULLS LAST, tag ASC NULLS FIRST", { "spark.sql.shuffle.partitions": "5" });
    const cmpTag = (a: string | null, b: string | null) => (a === b ? 0 : a === null ? -1 : b === null ? 1 : a < b ? -1 : 1);
    const expected = facts.map(([, v, tag]) => [v, tag] as [bigint | null, string | null]).sort((a, b) => {
      if (a[0] !== b[0]) return a[0] === null ? 1 : b[0] === null ? -1 : a[0] > b[0] ? -1 : 1;
      return cmpTag(a[1], b[1]);
    });
    assert.deepEqual(rows, expected);
  });
});
