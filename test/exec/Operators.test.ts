import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { AttributeReference } from "../../src/expr/AttributeReference.js";
import { Range } from "../../src/plan/logical/Relations.js";
import * as T from "../../src/types/index.js";
import { TestSession } from "./harness.js";

/** Queries through every physical operator, each run with codegen on and off (TestSession.rows). */
describe("physical operators", () => {
  let s: TestSession;
  before(() => {
    s = new TestSession();
    s.view("emp", { name: T.StringType, dept: T.IntegerType, salary: T.LongType }, [
      ["ann", 1, 100n],
      ["bob", 1, 200n],
      ["cid", 2, 50n],
      ["dan", null, 70n],
      ["eve", 3, null],
    ]);
    s.view("dept", { id: T.IntegerType, title: T.StringType }, [
      [1, "eng"],
      [2, "ops"],
      [4, "hr"],
      [null, "none"],
    ]);
    s.view("arrays", { k: T.IntegerType, xs: new T.ArrayType(T.IntegerType) }, [
      [1, [10, 20]],
      [2, []],
      [3, null],
    ]);
    s.rangeView("big", 0, 1000, 3);
  });
  after(() => s.stop());

  it("groups and aggregates with partial and final steps; nulls form their own group", async () => {
    assert.deepEqual(await s.sortedRows("SELECT dept, count(*), sum(salary), max(name) FROM emp GROUP BY dept"), [
      [1, 2n, 300n, "bob"],
      [2, 1n, 50n, "cid"],
      [3, 1n, null, "eve"],
      [null, 1n, 70n, "dan"],
    ]);
  });

  it("aggregates without grouping yield one row, even over no rows", async () => {
    assert.deepEqual(await s.rows("SELECT count(*), sum(salary), avg(salary) FROM emp"), [[5n, 420n, 105]]);
    assert.deepEqual(await s.rows("SELECT count(*), sum(salary) FROM emp WHERE dept > 10"), [[0n, null]]);
  });

  it("aggregates with expressions over groups and HAVING", async () => {
    assert.deepEqual(await s.sortedRows("SELECT dept + 1 AS d, count(*) AS n FROM emp GROUP BY dept + 1 HAVING count(*) > 1"), [[2, 2n]]);
  });

  it("distinct and count(distinct)", async () => {
    assert.deepEqual(await s.sortedRows("SELECT DISTINCT dept FROM emp WHERE dept IS NOT NULL"), [[1], [2], [3]]);
    assert.deepEqual(await s.rows("SELECT count(DISTINCT dept) FROM emp"), [[3n]]);
  });

  it("sorts globally with nulls first or last as asked", async () => {
    assert.deepEqual(await s.rows("SELECT dept FROM emp ORDER BY dept"), [[null], [1], [1], [2], [3]]);
    assert.deepEqual(await s.rows("SELECT dept FROM emp ORDER BY dept DESC"), [[3], [2], [1], [1], [null]]);
    assert.deepEqual(await s.rows("SELECT dept FROM emp ORDER BY dept ASC NULLS LAST"), [[1], [1], [2], [3], [null]]);
    assert.deepEqual(await s.rows("SELECT name FROM emp ORDER BY salary DESC NULLS FIRST, name"), [["eve"], ["bob"], ["ann"], ["dan"], ["cid"]]);
  });

  it("sorts many rows across range partitions", async () => {
    const rows = await s.rows("SELECT id FROM big ORDER BY id % 7, id DESC");
    const expected = Array.from({ length: 1000 }, (_, i) => BigInt(i)).sort((a, b) => Number((a % 7n) - (b % 7n)) || Number(b - a));
    assert.deepEqual(rows.map((r) => r[0]), expected);
  });

  it("limits: at the root, below other operators, after a sort", async () => {
    assert.equal((await s.rows("SELECT id FROM big LIMIT 7")).length, 7);
    assert.deepEqual(await s.rows("SELECT id FROM big ORDER BY id DESC LIMIT 3"), [[999n], [998n], [997n]]);
    assert.deepEqual(await s.rows("SELECT id % 10 AS r FROM big ORDER BY id % 10, id DESC LIMIT 3"), [[0n], [0n], [0n]]);
    assert.deepEqual(await s.rows("SELECT name FROM emp ORDER BY salary DESC NULLS FIRST LIMIT 2"), [["eve"], ["bob"]]);
    assert.deepEqual(await s.rows("SELECT name FROM emp ORDER BY salary LIMIT 0"), []);
    assert.deepEqual(await s.rows("SELECT count(*) FROM (SELECT id FROM big LIMIT 10)"), [[10n]]);
  });

  it("a self-join sees each side's own columns", async () => {
    assert.deepEqual(await s.sortedRows("SELECT a.name, b.name FROM emp a JOIN emp b ON a.dept = b.dept AND a.name < b.name"), [["ann", "bob"]]);
  });

  it("ranges: descending steps, empty ranges", async () => {
    s.catalog.createOrReplaceTempView("down", Range(10n, 0n, -3n, 2, AttributeReference("id", T.LongType, false)));
    assert.deepEqual(await s.rows("SELECT id FROM down"), [[10n], [7n], [4n], [1n]]);
    s.rangeView("empty", 5, 5, 3);
    assert.deepEqual(await s.rows("SELECT count(*) FROM empty"), [[0n]]);
  });

  it("unions keep duplicates", async () => {
    assert.deepEqual(await s.sortedRows("SELECT dept FROM emp WHERE dept = 1 UNION ALL SELECT id FROM dept WHERE id < 3"), [[1], [1], [1], [2]]);
  });

  for (const [how, settings] of [
    ["broadcast", {}],
    ["shuffled", { "spark.sql.autoBroadcastJoinThreshold": "-1" }],
  ] as const) {
    describe(`${how} hash joins`, () => {
      it("inner", async () => {
        assert.deepEqual(await s.sortedRows("SELECT name, title FROM emp JOIN dept ON dept = id", settings), [["ann", "eng"], ["bob", "eng"], ["cid", "ops"]]);
      });
      it("left and right outer", async () => {
        assert.deepEqual(await s.sortedRows("SELECT name, title FROM emp LEFT JOIN dept ON dept = id", settings), [
          ["ann", "eng"], ["bob", "eng"], ["cid", "ops"], ["dan", null], ["eve", null],
        ]);
        assert.deepEqual(await s.sortedRows("SELECT name, title FROM emp RIGHT JOIN dept ON dept = id", settings), [
          ["ann", "eng"], ["bob", "eng"], ["cid", "ops"], [null, "hr"], [null, "none"],
        ]);
      });
      it("full outer", async () => {
        assert.deepEqual(await s.sortedRows("SELECT name, title FROM emp FULL JOIN dept ON dept = id", settings), [
          ["ann", "eng"], ["bob", "eng"], ["cid", "ops"], ["dan", null], ["eve", null], [null, "hr"], [null, "none"],
        ]);
      });
      it("left semi and anti", async () => {
        assert.deepEqual(await s.sortedRows("SELECT name FROM emp LEFT SEMI JOIN dept ON dept = id", settings), [["ann"], ["bob"], ["cid"]]);
        assert.deepEqual(await s.sortedRows("SELECT name FROM emp LEFT ANTI JOIN dept ON dept = id", settings), [["dan"], ["eve"]]);
      });
      it("with a further condition and null-safe keys", async () => {
        assert.deepEqual(await s.sortedRows("SELECT name, title FROM emp JOIN dept ON dept = id AND salary > 100", settings), [["bob", "eng"]]);
        assert.deepEqual(await s.sortedRows("SELECT name, title FROM emp JOIN dept ON dept <=> id WHERE name = 'dan'", settings), [["dan", "none"]]);
      });
    });
  }

  it("joins without equality keys as nested loops, outer ones included", async () => {
    assert.deepEqual(await s.sortedRows("SELECT name, title FROM emp JOIN dept ON dept > id"), [["cid", "eng"], ["eve", "eng"], ["eve", "ops"]]);
    assert.deepEqual(await s.sortedRows("SELECT title, name FROM dept LEFT JOIN emp ON dept < id AND salary > 60"), [
      ["eng", null], ["hr", "ann"], ["hr", "bob"], ["none", null], ["ops", "ann"], ["ops", "bob"],
    ]);
    assert.deepEqual((await s.rows("SELECT * FROM emp FULL JOIN dept ON dept > id")).length, 3 + 3 + 2);
  });

  it("uncorrelated scalar subqueries, in a filter and a projection; no row is null", async () => {
    assert.deepEqual(await s.sortedRows("SELECT name FROM emp WHERE salary > (SELECT avg(salary) FROM emp)"), [["bob"]]);
    assert.deepEqual(await s.sortedRows("SELECT name, (SELECT max(id) FROM dept) FROM emp WHERE dept = 2"), [["cid", 4]]);
    assert.deepEqual(await s.rows("SELECT (SELECT id FROM dept WHERE id > 100) AS none"), [[null]]);
    await assert.rejects(s.query("SELECT name FROM emp WHERE dept = (SELECT id FROM dept)").executeCollect(), /\[SCALAR_SUBQUERY_TOO_MANY_ROWS\] More than one row returned by a subquery used as an expression/);
  });

  it("IN subqueries run as semi joins", async () => {
    assert.deepEqual(await s.sortedRows("SELECT name FROM emp WHERE dept IN (SELECT id FROM dept WHERE title <> 'eng')"), [["cid"]]);
  });

  it("explodes arrays into one row per element; empty and null arrays give none", async () => {
    assert.deepEqual(await s.sortedRows("SELECT k, explode(xs) AS x FROM arrays"), [[1, 10], [1, 20]]);
  });
});
