import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import type { SparkContext } from "../../src/core/SparkContext.js";
import { StructType } from "../../src/types/StructType.js";
import { copy, localContext, readRows, relation, tempDir } from "./fileSourceHarness.js";
import type { Attribute } from "../../src/expr/AttributeReference.js";
import type { Expression } from "../../src/expr/Expression.js";
import { Literal } from "../../src/expr/Literal.js";
import { EqualTo, GreaterThan, In, IsNull, Not } from "../../src/expr/Predicates.js";
import { DataSourceRelation } from "../../src/plan/logical/Relations.js";
import { dataSourceFor } from "../../src/exec/datasource/DataSource.js";
import { rowsOfBatch } from "../../src/exec/vector/ColumnarBatch.js";
import type { RDD } from "../../src/core/rdd/RDD.js";
import type { FilePartition } from "../../src/connectors/file/FilePartition.js";

describe("input paths and partition directories", () => {
  let sc: SparkContext;
  before(() => (sc = localContext()));
  after(() => sc.stop());

  test("key=value directories become columns with inferred types, after the data columns", async () => {
    const dir = tempDir({
      "year=2024/month=1/city=a%3Db/x.json": '{"v": 1}\n',
      "year=2023/month=12/city=__HIVE_DEFAULT_PARTITION__/y.json": '{"v": 2}\n',
      "_SUCCESS": "",
      ".hidden/z.json": "not json\n",
    });
    const { schema, rows } = await readRows(sc, "json", [dir]);
    assert.equal(schema.simpleString(), "struct<v:bigint,year:int,month:int,city:string>");
    assert.deepEqual(rows.sort((a, b) => Number(a[0]) - Number(b[0])), [[1n, 2024, 1, "a=b"], [2n, 2023, 12, null]]);
  });

  test("partition values widen across directories: int and long to long, numbers and text to string", () => {
    const dir = tempDir({ "a=1/b=1/f.csv": "x\n", "a=99999999999/b=x/f.csv": "y\n" });
    assert.equal(relation("csv", [dir]).schema.simpleString(), "struct<_c0:string,a:bigint,b:string>");
  });

  test("dates and doubles are inferred; a user schema may type a partition column", async () => {
    const dir = tempDir({ "d=2024-01-02/r=1.5/f.csv": "x\n" });
    assert.equal(relation("csv", [dir]).schema.simpleString(), "struct<_c0:string,d:date,r:double>");
    const { schema, rows } = await readRows(sc, "csv", [dir], {}, StructType.fromDDL("_c0 STRING, r STRING"));
    assert.equal(schema.simpleString(), "struct<_c0:string,r:string,d:date>");
    assert.deepEqual(rows, [["x", "1.5", 19724]]);
  });

  test("a scan can return partition columns alone, as column pruning asks", async () => {
    const dir = tempDir({ "k=1/f.csv": "a\nb\n", "k=2/f.csv": "c\n" });
    const { rows } = await readRows(sc, "csv", [dir], {}, undefined, ["k"]);
    assert.deepEqual(rows.map((r) => r[0]).sort(), [1, 1, 2]);
  });

  test("a glob in the last part of a path reads the files it matches; one that matches nothing is PATH_NOT_FOUND", async () => {
    const dir = tempDir({ "a1.csv": "1\n", "a2.csv": "2\n", "b.csv": "3\n" });
    assert.deepEqual((await readRows(sc, "csv", [join(dir, "a*.csv")])).rows.map((r) => r[0]).sort(), ["1", "2"]);
    assert.throws(() => relation("csv", [join(dir, "z?.csv")]), (e: Error) => e.message === `[PATH_NOT_FOUND] Path does not exist: file:${join(dir, "z?.csv")}.`);
  });

  test("pushed filters on partition columns prune directories before any task; others read every file", async () => {
    const dir = tempDir({ "year=2023/a.json": '{"v": 1}\n', "year=2024/b.json": '{"v": 2}\n', "year=2025/c.json": '{"v": 3}\n' });
    const { relation: rel } = relation("json", [dir]);
    const [v, year] = rel.output as [Attribute, Attribute];
    const scan = (...filters: Expression[]) => dataSourceFor("json").scan(sc, DataSourceRelation(rel.output, rel.source, true, filters));
    const files = (rdd: RDD<unknown>) => rdd.partitions.flatMap((p) => (p as FilePartition).files.map((f) => f.path.slice(dir.length + 1))).sort();
    assert.deepEqual(files(scan(GreaterThan(year, Literal(2023)), Not(EqualTo(year, Literal(2025))))), ["year=2024/b.json"]);
    assert.deepEqual(files(scan(GreaterThan(v, Literal(1n)))), ["year=2023/a.json", "year=2024/b.json", "year=2025/c.json"]);
    assert.deepEqual(files(scan(IsNull(year))), []);
    const rows = (await scan(In(year, [Literal(2023), Literal(2025)])).collect()).flatMap((b) => rowsOfBatch(b));
    assert.deepEqual(rows.sort((a, b) => Number(a[0]) - Number(b[0])), [[1n, 2023], [3n, 2025]]);
  });

  test("directories that name different partition columns are an error", () => {
    const dir = tempDir({ "a=1/f.csv": "x\n", "b=1/f.csv": "y\n" });
    assert.throws(() => relation("csv", [dir]), /\[CONFLICTING_PARTITION_COLUMN_NAMES\] Conflicting partition column names detected: \[a\] and \[b\]/);
  });

  test("partitionBy writes key=value directories without those columns, and reading finds them again", async () => {
    const input = tempDir({ "in.csv": "1,x,2024-01-02\n2,y,2024-01-02\n3,x,\n4,a/b,2024-01-03\n" });
    const schema = StructType.fromDDL("n INT, s STRING, d DATE");
    const out = join(tempDir(), "out");
    await copy(sc, { format: "csv", paths: [input], schema }, { format: "csv", path: out, mode: "errorifexists", options: {}, partitionBy: ["d", "s"] });
    assert.deepEqual(readdirSync(out).sort(), ["_SUCCESS", "d=2024-01-02", "d=2024-01-03", "d=__HIVE_DEFAULT_PARTITION__"]);
    assert.deepEqual(readdirSync(join(out, "d=2024-01-02")).sort(), ["s=x", "s=y"]);
    assert.deepEqual(readdirSync(join(out, "d=2024-01-03")), ["s=a%2Fb"]);
    const file = readdirSync(join(out, "d=2024-01-02", "s=x"));
    assert.equal(file.length, 1);
    assert.match(file[0]!, /^part-00000-[0-9a-f-]{36}\.c000\.csv$/);
    const { schema: read, rows } = await readRows(sc, "csv", [out], { inferSchema: "true" });
    assert.equal(read.simpleString(), "struct<_c0:int,d:date,s:string>");
    assert.deepEqual(rows.sort((a, b) => (a[0] as number) - (b[0] as number)), [[1, 19724, "x"], [2, 19724, "y"], [3, null, "x"], [4, 19725, "a/b"]]);
  });

  test("partitionBy refuses unknown columns and using every column, before any task", async () => {
    const input = tempDir({ "in.csv": "1\n" });
    const request = { format: "csv", path: join(tempDir(), "out"), mode: "errorifexists" as const, options: {} };
    await assert.rejects(copy(sc, { format: "csv", paths: [input] }, { ...request, partitionBy: ["nope"] }), /Partition column `nope` not found in schema \[_c0\]/);
    await assert.rejects(copy(sc, { format: "csv", paths: [input] }, { ...request, partitionBy: ["_c0"] }), /Cannot use all columns for partition columns/);
    assert.equal(existsSync(request.path), false);
  });
});
