import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { parquetWriteFile } from "hyparquet-writer";
import { join } from "node:path";
import type { SparkContext } from "../../src/core/SparkContext.js";
import { StructType } from "../../src/types/StructType.js";
import type { ArrayType } from "../../src/types/ArrayType.js";
import { copy, localContext, readRows, relation, tempDir } from "./fileSourceHarness.js";

/** Every kind of value the formats must keep: longs, strings (empty and null), dates, timestamps, decimals. */
const SCHEMA = StructType.fromDDL("id BIGINT, name STRING, d DATE, t TIMESTAMP, amount DECIMAL(12,2), score DOUBLE, flag BOOLEAN, n INT");
const CSV = [
  "1234567890123,ann,2024-01-02,2024-01-02 10:30:00.123,12.50,1.5,true,7",
  ",,,,,,,",
  "-5,\"\",1969-12-31,1969-12-31 23:59:59,-0.01,-2.25,false,-1",
].join("\n") + "\n";
const UTC = { timeZone: "UTC" };

describe("write then read", () => {
  let sc: SparkContext;
  let source: string;
  let expected: unknown[][];
  before(async () => {
    sc = localContext();
    source = tempDir({ "in.csv": CSV });
    expected = (await readRows(sc, "csv", [source], UTC, SCHEMA)).rows;
  });
  after(() => sc.stop());

  test("the source rows are what the round trips must give back", () => {
    assert.deepEqual(expected, [
      [1234567890123n, "ann", 19724, 1704191400123000n, "12.50", 1.5, true, 7],
      [null, null, null, null, null, null, null, null],
      [-5n, "", -1, -1000000n, "-0.01", -2.25, false, -1],
    ]);
  });

  for (const format of ["csv", "json", "parquet"]) {
    test(`${format} keeps nulls, empty strings, dates, timestamps, decimals and longs`, async () => {
      const out = join(tempDir(), "out");
      await copy(sc, { format: "csv", paths: [source], options: UTC, schema: SCHEMA }, { format, path: out, mode: "errorifexists", options: UTC, partitionBy: [] });
      // Parquet keeps the schema in its footer; the text formats are read with the schema they were written with.
      const { schema, rows } = await readRows(sc, format, [out], UTC, format === "parquet" ? undefined : SCHEMA);
      assert.equal(schema.simpleString(), SCHEMA.simpleString());
      assert.deepEqual(rows, expected);
    });
  }

  test("csv, json and parquet keep microseconds, and decimals and longs beyond a double's precision", async () => {
    const wide = StructType.fromDDL("l BIGINT, big DECIMAL(30,5), t TIMESTAMP");
    const options = { ...UTC, timestampFormat: "yyyy-MM-dd HH:mm:ss.SSSSSS" };
    const input = tempDir({ "in.csv": "9007199254740993,123456789012345678901.12345,2024-01-02 10:30:00.123456\n" });
    for (const format of ["csv", "json", "parquet"]) {
      const out = join(tempDir(), "out");
      await copy(sc, { format: "csv", paths: [input], options, schema: wide }, { format, path: out, mode: "errorifexists", options, partitionBy: [] });
      assert.deepEqual((await readRows(sc, format, [out], options, wide)).rows, [[9007199254740993n, "123456789012345678901.12345", 1704191400123456n]], format);
    }
  });

  test("csv writes a header, separator, null value, dateFormat and timestampFormat when asked", async () => {
    const out = join(tempDir(), "out");
    const options = { ...UTC, header: "true", sep: ";", nullValue: "NULL", dateFormat: "dd/MM/yyyy", timestampFormat: "yyyy-MM-dd HH:mm:ss.SSSSSS" };
    await copy(sc, { format: "csv", paths: [source], options: UTC, schema: SCHEMA }, { format: "csv", path: out, mode: "errorifexists", options, partitionBy: [] });
    const lines = (await readRows(sc, "text", [out])).rows.map((r) => r[0]);
    assert.deepEqual(lines, [
      "id;name;d;t;amount;score;flag;n",
      "1234567890123;ann;02/01/2024;2024-01-02 10:30:00.123000;12.50;1.5;true;7",
      "NULL;NULL;NULL;NULL;NULL;NULL;NULL;NULL",
      "-5;\"\";31/12/1969;1969-12-31 23:59:59.000000;-0.01;-2.25;false;-1",
    ]);
    assert.deepEqual((await readRows(sc, "csv", [out], options, SCHEMA)).rows, expected);
  });

  test("json leaves null fields out and writes timestamps in Spark's default format", async () => {
    const out = join(tempDir(), "out");
    await copy(sc, { format: "csv", paths: [source], options: UTC, schema: SCHEMA }, { format: "json", path: out, mode: "errorifexists", options: UTC, partitionBy: [] });
    const lines = (await readRows(sc, "text", [out])).rows.map((r) => r[0]);
    assert.deepEqual(lines, [
      '{"id":1234567890123,"name":"ann","d":"2024-01-02","t":"2024-01-02T10:30:00.123Z","amount":12.50,"score":1.5,"flag":true,"n":7}',
      "{}",
      '{"id":-5,"name":"","d":"1969-12-31","t":"1969-12-31T23:59:59.000Z","amount":-0.01,"score":-2.25,"flag":false,"n":-1}',
    ]);
  });

  test("compression: gzip for the text formats, gzip or none for parquet, named as Spark names the files", async () => {
    const cases = [["csv", "gzip", /\.c000\.csv\.gz$/], ["json", "gzip", /\.c000\.json\.gz$/], ["parquet", "gzip", /\.c000\.gz\.parquet$/],
      ["parquet", "none", /\.c000\.parquet$/], ["parquet", "snappy", /\.c000\.snappy\.parquet$/], ["csv", "none", /\.c000\.csv$/]] as const;
    for (const [format, compression, name] of cases) {
      const out = join(tempDir(), "out");
      await copy(sc, { format: "csv", paths: [source], options: UTC, schema: SCHEMA }, { format, path: out, mode: "errorifexists", options: { ...UTC, compression }, partitionBy: [] });
      const files = readdirSync(out).filter((n) => n.startsWith("part-"));
      assert.ok(files.every((n) => name.test(n)), `${format} ${compression}: ${files.join(", ")}`);
      assert.deepEqual((await readRows(sc, format, [out], UTC, format === "parquet" ? undefined : SCHEMA)).rows, expected, `${format} ${compression}`);
    }
  });

  test("an unknown compression codec is refused, naming the option", async () => {
    for (const format of ["csv", "parquet"]) {
      await assert.rejects(copy(sc, { format: "csv", paths: [source] }, { format, path: join(tempDir(), "out"), mode: "errorifexists", options: { compression: "brotli" }, partitionBy: [] }),
        new RegExp(`Invalid value 'brotli' for the ${format} option 'compression'`));
    }
  });

  test("json writes null fields when ignoreNullFields is false", async () => {
    const out = join(tempDir(), "out");
    const input = tempDir({ "in.csv": "1,\n" });
    await copy(sc, { format: "csv", paths: [input], schema: StructType.fromDDL("a INT, b STRING") }, { format: "json", path: out, mode: "errorifexists", options: { ignoreNullFields: "false" }, partitionBy: [] });
    assert.deepEqual((await readRows(sc, "text", [out])).rows, [['{"a":1,"b":null}']]);
  });

  test("maxRecordsPerFile starts a new file (c000, c001, …) every so many rows, in every partition directory", async () => {
    const out = join(tempDir(), "out");
    const input = tempDir({ "in.csv": "1,a\n2,a\n3,a\n4,b\n" });
    await copy(sc, { format: "csv", paths: [input], schema: StructType.fromDDL("n INT, k STRING") },
      { format: "csv", path: out, mode: "errorifexists", options: { maxRecordsPerFile: "2" }, partitionBy: ["k"] });
    const suffixes = (dir: string) => readdirSync(join(out, dir)).map((n) => n.replace(/^part-00000-[0-9a-f-]{36}\./, "")).sort();
    assert.deepEqual(suffixes("k=a"), ["c000.csv", "c001.csv"]);
    assert.deepEqual(suffixes("k=b"), ["c000.csv"]);
    assert.deepEqual((await readRows(sc, "csv", [out], {}, StructType.fromDDL("n INT"))).rows.map((r) => r[0]).sort(), [1, 2, 3, 4]);
    await assert.rejects(copy(sc, { format: "csv", paths: [input] }, { format: "csv", path: join(tempDir(), "x"), mode: "errorifexists", options: { maxRecordsPerFile: "lots" }, partitionBy: [] }),
      /Invalid value 'lots' for the csv option 'maxRecordsPerFile'/);
  });

  test("text writes and reads one string column; wholetext reads a file as one value", async () => {
    const input = tempDir({ "in.txt": "first line\n\nthird\n" });
    const out = join(tempDir(), "out");
    await copy(sc, { format: "text", paths: [input] }, { format: "text", path: out, mode: "errorifexists", options: {}, partitionBy: [] });
    assert.deepEqual((await readRows(sc, "text", [out])).rows, [["first line"], [""], ["third"]]);
    assert.deepEqual((await readRows(sc, "text", [input], { wholetext: "true" })).rows, [["first line\n\nthird\n"]]);
  });

  test("text refuses more than one column, before any task", async () => {
    await assert.rejects(copy(sc, { format: "csv", paths: [source], schema: SCHEMA }, { format: "text", path: join(tempDir(), "out"), mode: "errorifexists", options: {}, partitionBy: [] }),
      /Text data source supports only a single column, and you have 8 columns\./);
  });

  test("parquet keeps structs, arrays and maps, with nulls, dates, decimals and longs inside them", async () => {
    const nested = StructType.fromDDL("id INT, s STRUCT<a: BIGINT, d: DECIMAL(5,2), day: DATE>, xs ARRAY<INT>, ss ARRAY<STRUCT<k: STRING>>, m MAP<STRING, ARRAY<BIGINT>>");
    const input = tempDir({ "in.json": [
      '{"id": 1, "s": {"a": 9007199254740993, "d": 1.5, "day": "2024-01-02"}, "xs": [1, null, 3], "ss": [{"k": "x"}, {"k": null}], "m": {"p": [1, 2], "q": null}}',
      '{"id": 2, "s": null, "xs": [], "ss": null, "m": {}}',
      '{"id": 3}',
    ].join("\n") + "\n" });
    const out = join(tempDir(), "out");
    await copy(sc, { format: "json", paths: [input], schema: nested }, { format: "parquet", path: out, mode: "errorifexists", options: {}, partitionBy: [] });
    const { schema, rows } = await readRows(sc, "parquet", [out]);
    assert.equal(schema.simpleString(), nested.simpleString());
    assert.deepEqual(rows, [
      [1, [9007199254740993n, "1.50", 19724], [1, null, 3], [["x"], [null]], new Map([["p", [1n, 2n]], ["q", null]])],
      [2, null, [], null, new Map()],
      [3, null, null, null, null],
    ]);
  });

  test("parquet reads only the columns a query needs, in its order", async () => {
    const out = join(tempDir(), "out");
    await copy(sc, { format: "csv", paths: [source], options: UTC, schema: SCHEMA }, { format: "parquet", path: out, mode: "errorifexists", options: {}, partitionBy: [] });
    assert.deepEqual((await readRows(sc, "parquet", [out], {}, undefined, ["n", "name"])).rows, [[7, "ann"], [null, null], [-1, ""]]);
  });

  test("parquet written by another tool: the schema comes from the footer's physical and logical types", async () => {
    const dir = tempDir();
    parquetWriteFile({
      filename: join(dir, "other.parquet"),
      columnData: [
        { name: "t", data: [new Date(Date.UTC(2024, 0, 2, 10, 30)), null] },
        { name: "d", data: [19724, 0] },
        { name: "price", data: [12345678901234567890123n, -1n] },
        { name: "s", data: ["x", null] },
        { name: "tags", data: [["a", "b"], []] },
      ],
      schema: [
        { name: "root", num_children: 5 },
        { name: "t", type: "INT64", converted_type: "TIMESTAMP_MILLIS", repetition_type: "OPTIONAL" },
        { name: "d", type: "INT32", converted_type: "DATE", repetition_type: "REQUIRED" },
        { name: "price", type: "FIXED_LEN_BYTE_ARRAY", type_length: 11, converted_type: "DECIMAL", precision: 25, scale: 3, repetition_type: "REQUIRED" },
        { name: "s", type: "BYTE_ARRAY", converted_type: "UTF8", repetition_type: "OPTIONAL" },
        { name: "tags", converted_type: "LIST", repetition_type: "OPTIONAL", num_children: 1 },
        { name: "list", repetition_type: "REPEATED", num_children: 1 },
        { name: "element", type: "BYTE_ARRAY", converted_type: "UTF8", repetition_type: "REQUIRED" },
      ],
    });
    const { schema, rows } = await readRows(sc, "parquet", [dir]);
    assert.equal(schema.toDDL(), "t TIMESTAMP, d DATE NOT NULL, price DECIMAL(25,3) NOT NULL, s STRING, tags ARRAY<STRING>");
    assert.equal((schema.fields[4]!.dataType as ArrayType).containsNull, false);
    assert.deepEqual(rows, [[1704191400000000n, 19724, "12345678901234567890.123", "x", ["a", "b"]], [null, 0, "-0.001", null, []]]);
  });

  test("a file that is not parquet is named in the error", () => {
    const dir = tempDir({ "x.parquet": "not parquet at all" });
    assert.throws(() => relation("parquet", [dir]), /\[CANNOT_READ_FILE_FOOTER\] Could not read the footer of file:.*x\.parquet/);
  });
});
