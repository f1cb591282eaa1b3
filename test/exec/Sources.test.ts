import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import * as T from "../../src/types/index.js";
import { QueryExecution } from "../../src/exec/QueryExecution.js";
import { registerDataSource } from "../../src/exec/datasource/DataSource.js";
import { batchFromRows } from "../../src/exec/vector/ColumnarBatch.js";
import { AttributeReference } from "../../src/expr/AttributeReference.js";
import { ScalarFunction } from "../../src/expr/FunctionCall.js";
import { Generate } from "../../src/plan/logical/Generate.js";
import { DataSourceRelation, LocalRelation } from "../../src/plan/logical/Relations.js";
import { Repartition } from "../../src/plan/logical/UnaryNodes.js";
import { Join } from "../../src/plan/logical/Join.js";
import { EqualTo } from "../../src/expr/Predicates.js";
import { TestSession } from "./harness.js";

/** Leaves and operators that the DataFrame API builds as plans rather than SQL text. */
describe("plans built directly", () => {
  let s: TestSession;
  before(() => {
    s = new TestSession();
  });
  after(() => s.stop());

  it("a data source relation is scanned by its registered provider, only the columns it asks for", async () => {
    const output = [AttributeReference("k", T.IntegerType), AttributeReference("v", T.StringType)];
    registerDataSource({
      format: "test-rows",
      resolveSchema: () => new T.StructType([]),
      scan: (sc, relation) => {
        const all: unknown[][] = [[1, "one"], [2, "two"], [3, null]];
        const names = relation.output.map((a) => a.name);
        const rows = all.map((r) => names.map((n) => r[n === "k" ? 0 : 1]));
        return sc.parallelize([batchFromRows(rows, relation.output.map((a) => a.dataType))], 1);
      },
    });
    s.catalog.createOrReplaceTempView("src", DataSourceRelation(output, { format: "test-rows" }));
    assert.deepEqual(await s.rows("SELECT v FROM src WHERE k > 1"), [["two"], [null]]);
    assert.match(s.physicalPlan("SELECT v FROM src WHERE k > 1"), /FileScan test-rows \[k,v\]/);
  });

  it("an outer generate keeps rows whose array is empty or null, with nulls", async () => {
    const [k, xs] = [AttributeReference("k", T.IntegerType), AttributeReference("xs", new T.ArrayType(T.IntegerType))];
    const rel = LocalRelation([k, xs], [[1, [10, 20]], [2, []], [3, null]]);
    const plan = Generate(ScalarFunction("explode", [xs]), true, [AttributeReference("x", T.IntegerType)], rel);
    const rows = await new QueryExecution(s, plan).executeCollect();
    assert.deepEqual(rows.map(([key, , x]) => [key, x]), [[1, 10], [1, 20], [2, null], [3, null]]);
  });

  it("repartition shuffles into the asked number of partitions, by hash of the expressions or round robin", async () => {
    const a = AttributeReference("a", T.IntegerType);
    const rel = LocalRelation([a], Array.from({ length: 40 }, (_, i) => [i % 5]));
    const byHash = new QueryExecution(s, Repartition(3, true, rel, [a]));
    assert.match(byHash.explainString("simple"), /Exchange hashpartitioning\(a#\d+, 3\)/);
    const parts = await byHash.toRdd().glom().collect();
    assert.equal(parts.length, 3);
    // Equal keys land in one partition.
    const homes = new Map<number, Set<number>>();
    parts.forEach((batches, p) => batches.forEach((b) => (b.columns[0]!.values as Int32Array).forEach((v) => homes.set(v, (homes.get(v) ?? new Set()).add(p)))));
    assert.ok([...homes.values()].every((ps) => ps.size === 1));
    const roundRobin = new QueryExecution(s, Repartition(4, true, rel));
    const counts = (await roundRobin.toRdd().glom().collect()).map((bs) => bs.reduce((n, b) => n + b.numRows, 0));
    assert.deepEqual(counts, [10, 10, 10, 10]);
  });

  it("a shuffled join re-shuffles a side that is hashed on its keys into another partition count", async () => {
    const [a, b] = [AttributeReference("a", T.IntegerType), AttributeReference("b", T.IntegerType)];
    const left = Repartition(3, true, LocalRelation([a], [[1], [2], [3]]), [a]);
    const right = LocalRelation([b], [[2], [3], [4]]);
    const q = new QueryExecution({ ...s, conf: (k) => (k === "spark.sql.autoBroadcastJoinThreshold" ? "-1" : s.conf(k)) }, Join(left, right, "Inner", EqualTo(a, b)));
    const plan = q.explainString("simple");
    assert.match(plan, /Exchange hashpartitioning\(a#\d+, 4\), ENSURE_REQUIREMENTS\n.*Exchange hashpartitioning\(a#\d+, 3\)/, plan);
    assert.deepEqual((await q.executeCollect()).sort(), [[2, 2], [3, 3]]);
  });

  it("coalesce merges partitions without a shuffle", async () => {
    const a = AttributeReference("a", T.IntegerType);
    const rel = LocalRelation([a], Array.from({ length: 10 }, (_, i) => [i]));
    const wide = new QueryExecution(s, Repartition(4, true, rel));
    const q = new QueryExecution(s, Repartition(2, false, wide.analyzed));
    assert.match(q.explainString("simple"), /^== Physical Plan ==\nCoalesce 2\n\+- Exchange RoundRobinPartitioning\(4\)/);
    assert.equal(q.toRdd().getNumPartitions(), 2);
    assert.deepEqual((await q.executeCollect()).map(([v]) => v).sort((x, y) => (x as number) - (y as number)), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
});
