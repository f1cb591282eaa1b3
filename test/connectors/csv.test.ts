import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import type { SparkContext } from "../../src/core/SparkContext.js";
import { StructType } from "../../src/types/StructType.js";
import { localContext, readRows, relation, tempDir } from "./fileSourceHarness.js";

const schema = (ddl: string) => StructType.fromDDL(ddl);

describe("csv source", () => {
  let sc: SparkContext;
  before(() => (sc = localContext()));
  after(() => sc.stop());

  test("without header or inferSchema every column is a string named _c<i>", () => {
    const dir = tempDir({ "a.csv": "1,x\n2,y\n" });
    assert.equal(relation("csv", [dir]).schema.simpleString(), "struct<_c0:string,_c1:string>");
  });

  test("header names the columns; inferSchema widens each column over all rows", () => {
    const dir = tempDir({
      "a.csv": "i,l,d,big,t,b,s,n,q\n1,1,1,1,2024-01-02 03:04:05,true,a,,\"5\"\n2,9999999999,2.5,123456789012345678901,2024-01-02T03:04:05,false,1,,\"6\"\n",
    });
    const { schema: s } = relation("csv", [dir], { header: "true", inferSchema: "true" });
    assert.equal(s.simpleString(), "struct<i:int,l:bigint,d:double,big:decimal(21,0),t:timestamp,b:boolean,s:string,n:string,q:int>");
  });

  test("repeated and empty header names are made unique as Spark does", () => {
    const dir = tempDir({ "a.csv": "a,a,\n1,2,3\n" });
    assert.deepEqual(relation("csv", [dir], { header: "true" }).schema.fieldNames(), ["a0", "a1", "_c2"]);
  });

  test("reads typed values through executors; the header line of every file is skipped", async () => {
    const dir = tempDir({ "a.csv": "id,name\n1,ann\n", "b.csv": "id,name\n2,bob\n" });
    const { rows } = await readRows(sc, "csv", [dir], { header: "true" }, schema("id INT, name STRING"));
    assert.deepEqual(rows.sort((a, b) => (a[0] as number) - (b[0] as number)), [[1, "ann"], [2, "bob"]]);
  });

  test("sep (or delimiter), quote, escape and comment", async () => {
    const dir = tempDir({ "a.csv": "# a comment\n'a;b';'it\\'s'\n" });
    const { rows } = await readRows(sc, "csv", [dir], { SEP: ";", quote: "'", comment: "#" });
    assert.deepEqual(rows, [["a;b", "it's"]]);
    const tabs = tempDir({ "t.csv": "1\t2\n" });
    assert.deepEqual((await readRows(sc, "csv", [tabs], { delimiter: "\\t" })).rows, [["1", "2"]]);
    const multi = tempDir({ "m.csv": "1||2|3||\"a||b\"\n" });
    assert.deepEqual((await readRows(sc, "csv", [multi], { sep: "||" })).rows, [["1", "2|3", "a||b"]]);
  });

  test("a doubled quote inside quotes is a quote", async () => {
    const dir = tempDir({ "a.csv": "\"say \"\"hi\"\"\",2\n" });
    assert.deepEqual((await readRows(sc, "csv", [dir])).rows, [["say \"hi\"", "2"]]);
  });

  test("nullValue marks nulls; a quoted empty string reads as emptyValue", async () => {
    const dir = tempDir({ "a.csv": "NA,\"\",3\n,x,NA\n" });
    const { rows } = await readRows(sc, "csv", [dir], { nullValue: "NA", emptyValue: "EMPTY" }, schema("a STRING, b STRING, c INT"));
    assert.deepEqual(rows, [[null, "EMPTY", 3], ["", "x", null]]);
  });

  test("multiLine lets a quoted value span lines", async () => {
    const dir = tempDir({ "a.csv": "1,\"two\nlines\"\n2,one\n" });
    assert.deepEqual((await readRows(sc, "csv", [dir], { multiLine: "true" }, schema("a INT, b STRING"))).rows, [[1, "two\nlines"], [2, "one"]]);
    // Without multiLine each line is a record of its own.
    assert.equal((await readRows(sc, "csv", [dir], {}, schema("a STRING, b STRING"))).rows.length, 3);
  });

  test("dateFormat and timestampFormat parse dates and timestamps", async () => {
    const dir = tempDir({ "a.csv": "02/01/2024,02/01/2024 10:30\n" });
    const { rows } = await readRows(sc, "csv", [dir], { dateFormat: "dd/MM/yyyy", timestampFormat: "dd/MM/yyyy HH:mm", timeZone: "UTC" }, schema("d DATE, t TIMESTAMP"));
    assert.deepEqual(rows, [[19724, 1704191400000000n]]);
  });

  describe("parse modes", () => {
    const data = "1,a\nx,b\n3\n4,d\n";

    test("PERMISSIVE keeps malformed rows with nulls and their text in the corrupt-record column", async () => {
      const dir = tempDir({ "a.csv": data });
      const { rows } = await readRows(sc, "csv", [dir], {}, schema("n INT, s STRING, _corrupt_record STRING"));
      assert.deepEqual(rows, [[1, "a", null], [null, "b", "x,b"], [3, null, "3"], [4, "d", null]]);
    });

    test("PERMISSIVE without the corrupt-record column keeps the values that parsed", async () => {
      const dir = tempDir({ "a.csv": data });
      const { rows } = await readRows(sc, "csv", [dir], { mode: "permissive" }, schema("n INT, s STRING"));
      assert.deepEqual(rows, [[1, "a"], [null, "b"], [3, null], [4, "d"]]);
    });

    test("columnNameOfCorruptRecord renames the corrupt-record column", async () => {
      const dir = tempDir({ "a.csv": data });
      const { rows } = await readRows(sc, "csv", [dir], { columnNameOfCorruptRecord: "bad" }, schema("n INT, s STRING, bad STRING"));
      assert.deepEqual(rows.map((r) => r[2]), [null, "x,b", "3", null]);
    });

    test("DROPMALFORMED drops malformed rows", async () => {
      const dir = tempDir({ "a.csv": data });
      const { rows } = await readRows(sc, "csv", [dir], { mode: "DROPMALFORMED" }, schema("n INT, s STRING"));
      assert.deepEqual(rows, [[1, "a"], [4, "d"]]);
    });

    test("FAILFAST fails the job naming the record, the file and the line", async () => {
      const dir = tempDir({ "a.csv": data });
      await assert.rejects(readRows(sc, "csv", [dir], { mode: "FAILFAST" }, schema("n INT, s STRING")), (e: Error) => {
        assert.match(e.message, /\[MALFORMED_RECORD_IN_PARSING\.WITHOUT_SUGGESTION\] Malformed records are detected in record parsing: \[null,b\]\. Parse Mode: FAILFAST/);
        assert.ok(e.message.includes(`file:${join(dir, "a.csv")}, line 2`), e.message);
        return true;
      });
    });
  });

  test("a bad option value fails before any task, naming the option", () => {
    const dir = tempDir({ "a.csv": "1\n" });
    assert.throws(() => relation("csv", [dir], { mode: "BOGUS" }), /Invalid value 'BOGUS' for the csv option 'mode': expected PERMISSIVE, DROPMALFORMED or FAILFAST/);
    assert.throws(() => relation("csv", [dir], { header: "yes" }), /option 'header': expected true or false/);
    assert.throws(() => relation("csv", [dir], { sep: "" }), /option 'sep': expected one or more characters/);
    assert.throws(() => relation("csv", [dir], { quote: "''" }), /option 'quote': expected a single character/);
    assert.throws(() => relation("csv", [dir], { encoding: "latin1" }), /option 'encoding': expected UTF-8/);
  });

  test("a missing path fails before any task with PATH_NOT_FOUND", () => {
    const dir = tempDir();
    assert.throws(() => relation("csv", [join(dir, "nope")]), (e: Error) => e.message === `[PATH_NOT_FOUND] Path does not exist: file:${join(dir, "nope")}.`);
  });

  test("a corrupt-record column of a type other than STRING is refused before any task", () => {
    const dir = tempDir({ "a.csv": "1\n" });
    assert.throws(() => relation("csv", [dir], {}, schema("n INT, _corrupt_record INT")), /\[INVALID_CORRUPT_RECORD_TYPE\] The column `_corrupt_record` for corrupt records must have the nullable STRING type, but got INT/);
  });
});
