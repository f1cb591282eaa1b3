import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import type { SparkContext } from "../../src/core/SparkContext.js";
import { AttributeReference } from "../../src/expr/AttributeReference.js";
import { Literal } from "../../src/expr/Literal.js";
import type { Expression } from "../../src/expr/Expression.js";
import { Decimal } from "../../src/types/Decimal.js";
import { And, EqualTo, GreaterThanOrEqual, In, IsNotNull, IsNull, LessThan, Not, Or } from "../../src/expr/Predicates.js";
import { IntegerType, LongType, StringType } from "../../src/types/AtomicTypes.js";
import { DecimalType } from "../../src/types/DecimalType.js";
import { StructType } from "../../src/types/StructType.js";
import { DataSourceRelation } from "../../src/plan/logical/Relations.js";
import { dataSourceFor } from "../../src/exec/datasource/DataSource.js";
import { rowsOfBatch } from "../../src/exec/vector/ColumnarBatch.js";
import type { ColumnStats } from "../../src/connectors/file/StatsFilter.js";
import { mightMatch, toStatsFilter } from "../../src/connectors/file/StatsFilter.js";
import { copy, localContext, relation, tempDir } from "./fileSourceHarness.js";

const n = AttributeReference("n", IntegerType);
const s = AttributeReference("s", StringType);
const d = AttributeReference("d", new DecimalType(5, 2));
const columns = [n, s, d];

describe("filters checked against statistics", () => {
  test("comparisons of a column with a value, either way round; IN, null tests, AND and OR", () => {
    assert.deepEqual(toStatsFilter(LessThan(Literal(5), n), columns), { op: ">", column: "n", value: 5 });
    assert.deepEqual(toStatsFilter(In(s, [Literal("a"), Literal("b")]), columns), { op: "in", column: "s", values: ["a", "b"] });
    assert.deepEqual(toStatsFilter(IsNull(n), columns), { op: "isNull", column: "n" });
    // Half of an AND still narrows; an OR needs both halves.
    assert.deepEqual(toStatsFilter(And(EqualTo(n, Literal(1)), Not(IsNull(s))), columns), { op: "=", column: "n", value: 1 });
    assert.equal(toStatsFilter(Or(EqualTo(n, Literal(1)), Not(IsNull(s))), columns), null);
  });

  test("no translation for null values, NOT, decimals or columns the scan does not have", () => {
    assert.equal(toStatsFilter(EqualTo(n, Literal(null, IntegerType)), columns), null);
    assert.equal(toStatsFilter(Not(EqualTo(n, Literal(1))), columns), null);
    assert.equal(toStatsFilter(EqualTo(d, Literal(new Decimal(150n, 2), d.dataType)), columns), null);
    assert.equal(toStatsFilter(EqualTo(AttributeReference("other", IntegerType), Literal(1)), columns), null);
  });

  test("a block may match unless its min, max or null count rule the filter out", () => {
    const stats = (st: Partial<ColumnStats>) => () => ({ min: 10, max: 20, nullCount: 0, numRows: 5, ...st });
    const check = (f: Parameters<typeof mightMatch>[0], st: Partial<ColumnStats> = {}) => mightMatch(f, stats(st));
    assert.equal(check({ op: "=", column: "n", value: 15 }), true);
    assert.equal(check({ op: "=", column: "n", value: 21 }), false);
    assert.equal(check({ op: "<", column: "n", value: 10 }), false);
    assert.equal(check({ op: "<=", column: "n", value: 10 }), true);
    assert.equal(check({ op: ">", column: "n", value: 20 }), false);
    assert.equal(check({ op: "in", column: "n", values: [1, 25] }), false);
    assert.equal(check({ op: "isNull", column: "n" }), false);
    assert.equal(check({ op: "isNotNull", column: "n" }, { nullCount: 5, min: undefined, max: undefined }), false);
    assert.equal(check({ op: ">", column: "n", value: 0 }, { nullCount: 5, min: undefined, max: undefined }), false);
    assert.equal(check({ op: ">", column: "n", value: 99 }, { min: undefined, max: undefined }), true);
    assert.equal(mightMatch({ op: ">", column: "n", value: 99 }, () => undefined), true);
  });
});

describe("parquet row-group skipping", () => {
  let sc: SparkContext;
  before(() => (sc = localContext()));
  after(() => sc.stop());

  test("row groups whose statistics rule out a pushed filter are not read", async () => {
    // hyparquet-writer puts the first 1000 rows in one row group and the next 1500 in another.
    const input = tempDir({ "in.csv": Array.from({ length: 2500 }, (_, i) => `${i}`).join("\n") + "\n" });
    const out = join(tempDir(), "out");
    await copy(sc, { format: "csv", paths: [input], schema: StructType.fromDDL("id BIGINT") }, { format: "parquet", path: out, mode: "errorifexists", options: {}, partitionBy: [] });
    const { relation: rel } = relation("parquet", [out]);
    const id = rel.output[0]!;
    const count = async (...filters: Expression[]) => {
      const batches = await dataSourceFor("parquet").scan(sc, DataSourceRelation(rel.output, rel.source, true, filters)).collect();
      return batches.flatMap((b) => rowsOfBatch(b)).length;
    };
    assert.equal(await count(), 2500);
    assert.equal(await count(GreaterThanOrEqual(id, Literal(2000n, LongType))), 1500);
    assert.equal(await count(LessThan(id, Literal(10n, LongType))), 1000);
    assert.equal(await count(EqualTo(id, Literal(5000n, LongType))), 0);
    assert.equal(await count(IsNotNull(id), Or(EqualTo(id, Literal(1n, LongType)), EqualTo(id, Literal(2400n, LongType)))), 2500);
  });
});
