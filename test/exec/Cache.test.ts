import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import * as T from "../../src/types/index.js";
import { StorageLevel } from "../../src/core/storage/StorageLevel.js";
import { QueryExecution } from "../../src/exec/QueryExecution.js";
import { Filter, Project } from "../../src/plan/logical/UnaryNodes.js";
import { GreaterThan } from "../../src/expr/Predicates.js";
import { Literal } from "../../src/expr/Literal.js";
import { outputOf } from "../../src/plan/logical/PlanOutput.js";
import { TestSession } from "./harness.js";

/** A persisted query's result serves later queries built on it, as Spark's CacheManager. */
describe("cached query results", () => {
  let s: TestSession;
  before(() => {
    s = new TestSession();
    s.view("t", { a: T.IntegerType, d: new T.DecimalType(5, 2) }, [[1, new T.Decimal(150n, 2)], [2, null], [3, new T.Decimal(-5n, 2)]]);
  });
  after(() => s.stop());

  it("a query on top of a cached one scans the cache, columns pruned, decimals intact", async () => {
    const cached = s.query("SELECT a * 10 AS a10, d FROM t WHERE a > 1");
    cached.persist(StorageLevel.MEMORY_ONLY);
    assert.deepEqual((await cached.executeCollect()).map(([a, d]) => [a, String(d)]), [[20, "null"], [30, "-0.05"]]);

    const derived = new QueryExecution(s, Filter(GreaterThan(outputOf(cached.analyzed)[0]!, Literal(25)), cached.analyzed));
    assert.match(derived.explainString("simple"), /InMemoryTableScan \[a10#\d+, d#\d+\]/);
    const rows = await derived.executeCollect();
    assert.deepEqual(rows.map(([a, d]) => [a, String(d)]), [[30, "-0.05"]]);
    const [, d] = outputOf(cached.analyzed);
    const pruned = new QueryExecution(s, Project([d!], cached.analyzed));
    assert.match(pruned.explainString("simple"), /InMemoryTableScan \[d#\d+\]/);
    assert.deepEqual((await pruned.executeCollect()).map(([v]) => String(v)), ["null", "-0.05"]);

    await cached.unpersist(true);
    const after = new QueryExecution(s, cached.analyzed);
    assert.doesNotMatch(after.explainString("simple"), /InMemoryTableScan/);
    assert.equal((await after.executeCollect()).length, 2);
  });
});
