import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import type { SparkContext } from "../../src/core/SparkContext.js";
import { StructType } from "../../src/types/StructType.js";
import { localContext, readRows, relation, tempDir } from "./fileSourceHarness.js";

const schema = (ddl: string) => StructType.fromDDL(ddl);

describe("json source", () => {
  let sc: SparkContext;
  before(() => (sc = localContext()));
  after(() => sc.stop());

  test("infers longs, doubles, booleans, strings, arrays and structs, fields sorted by name", () => {
    const dir = tempDir({
      "a.json": '{"z": 1, "a": "x", "m": {"q": true, "p": [1, 2]}}\n{"z": 2.5, "n": null}\n',
    });
    assert.equal(relation("json", [dir]).schema.simpleString(), "struct<a:string,m:struct<p:array<bigint>,q:boolean>,n:string,z:double>");
  });

  test("integers beyond a double keep their digits: longs, or decimals past a long", async () => {
    const dir = tempDir({ "a.json": '{"id": 9007199254740993, "huge": 123456789012345678901234, "x": 0.12345678901234567890}\n' });
    const { schema: inferred, rows } = await readRows(sc, "json", [dir]);
    assert.equal(inferred.simpleString(), "struct<huge:decimal(24,0),id:bigint,x:double>");
    assert.deepEqual(rows, [["123456789012345678901234", 9007199254740993n, 0.12345678901234568]]);
    const exact = await readRows(sc, "json", [dir], {}, schema("x DECIMAL(25,20), id STRING"));
    assert.deepEqual(exact.rows, [["0.12345678901234567890", "9007199254740993"]]);
  });

  test("conflicting types become strings; primitivesAsString makes every primitive a string", () => {
    const dir = tempDir({ "a.json": '{"a": 1, "b": true}\n{"a": "x", "b": false}\n' });
    assert.equal(relation("json", [dir]).schema.simpleString(), "struct<a:string,b:boolean>");
    assert.equal(relation("json", [dir], { primitivesAsString: "true" }).schema.simpleString(), "struct<a:string,b:string>");
  });

  test("reads JSON Lines into typed values; missing fields are null", async () => {
    const dir = tempDir({ "a.json": '{"id": 1, "tags": ["a"], "p": {"x": 1.5}}\n\n{"id": 2}\n' });
    const { rows } = await readRows(sc, "json", [dir]);
    assert.deepEqual(rows, [[1n, [1.5], ["a"]], [2n, null, null]]);
  });

  test("multiLine reads one JSON value per file, an array being one record per element", async () => {
    const dir = tempDir({ "a.json": '[\n  {"id": 1},\n  {"id": 2}\n]\n', "b.json": '{\n  "id": 3\n}\n' });
    const { rows } = await readRows(sc, "json", [dir], { multiLine: "true" });
    assert.deepEqual(rows.map((r) => r[0]).sort(), [1n, 2n, 3n]);
  });

  test("timestampFormat and dateFormat parse dates and timestamps; without them ISO 8601 text is read", async () => {
    const dir = tempDir({ "a.json": '{"t": "2024-01-02 10:30", "d": "02.01.2024"}\n' });
    const { rows } = await readRows(sc, "json", [dir], { timestampFormat: "yyyy-MM-dd HH:mm", dateFormat: "dd.MM.yyyy", timeZone: "UTC" }, schema("t TIMESTAMP, d DATE"));
    assert.deepEqual(rows, [[1704191400000000n, 19724]]);
    const iso = tempDir({ "a.json": '{"t": "2024-01-02T10:30:00.000Z", "d": "2024-01-02"}\n' });
    assert.deepEqual((await readRows(sc, "json", [iso], { timeZone: "UTC" }, schema("t TIMESTAMP, d DATE"))).rows, [[1704191400000000n, 19724]]);
  });

  describe("parse modes", () => {
    const data = '{"n": 1}\n{"n": \n{"n": "x"}\n[1]\n{"n": 4}\n';

    test("inference in PERMISSIVE mode adds the corrupt-record column when a record is malformed", () => {
      const dir = tempDir({ "a.json": data });
      assert.equal(relation("json", [dir]).schema.simpleString(), "struct<_corrupt_record:string,n:string>");
      assert.equal(relation("json", [dir], { mode: "DROPMALFORMED" }).schema.simpleString(), "struct<n:string>");
    });

    test("PERMISSIVE: nulls plus the record's text in the corrupt-record column", async () => {
      const dir = tempDir({ "a.json": data });
      const { rows } = await readRows(sc, "json", [dir], {}, schema("n INT, _corrupt_record STRING"));
      assert.deepEqual(rows, [[1, null], [null, '{"n": '], [null, '{"n": "x"}'], [null, "[1]"], [4, null]]);
    });

    test("DROPMALFORMED drops malformed records", async () => {
      const dir = tempDir({ "a.json": data });
      const { rows } = await readRows(sc, "json", [dir], { mode: "dropmalformed" }, schema("n INT"));
      assert.deepEqual(rows, [[1], [4]]);
    });

    test("FAILFAST names the file and line", async () => {
      const dir = tempDir({ "a.json": data });
      await assert.rejects(readRows(sc, "json", [dir], { mode: "FAILFAST" }, schema("n INT")), (e: Error) => {
        assert.match(e.message, /\[MALFORMED_RECORD_IN_PARSING\.WITHOUT_SUGGESTION\] Malformed records are detected in record parsing: \[null\]\. Parse Mode: FAILFAST/);
        assert.ok(e.message.includes(`file:${join(dir, "a.json")}, line 2`), e.message);
        return true;
      });
    });
  });

  test("an empty directory, or no path at all, cannot give a schema", () => {
    assert.throws(() => relation("json", [tempDir()]), /\[UNABLE_TO_INFER_SCHEMA\] Unable to infer schema for JSON\. It must be specified manually\./);
    assert.throws(() => relation("json", []), /\[UNABLE_TO_INFER_SCHEMA\]/);
  });
});
