import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import type { SparkContext } from "../../src/core/SparkContext.js";
import { StructType } from "../../src/types/StructType.js";
import { parseSaveMode } from "../../src/connectors/file/FileFormatWriter.js";
import type { SaveMode } from "../../src/connectors/file/FileFormatWriter.js";
import { copy, localContext, readRows, tempDir } from "./fileSourceHarness.js";

describe("save modes and the output commit", () => {
  let sc: SparkContext;
  before(() => (sc = localContext()));
  after(() => sc.stop());

  const write = (input: string, out: string, mode: SaveMode, schema?: StructType, options: Record<string, string> = {}) =>
    copy(sc, { format: "csv", paths: [input], schema, options }, { format: "json", path: out, mode, options: {}, partitionBy: [] });
  const values = async (out: string) => (await readRows(sc, "json", [out])).rows.map((r) => r[0]).sort();

  test("one part file per task, named as Spark's, plus _SUCCESS and no temporary files", async () => {
    // Spark packs these three small files into two scan partitions on two cores, so two tasks write.
    const input = tempDir({ "a.csv": "1\n", "b.csv": "2\n", "c.csv": "3\n" });
    const out = join(tempDir(), "out");
    await write(input, out, "errorifexists");
    const names = readdirSync(out).sort();
    assert.equal(names.length, 3);
    assert.equal(names[0], "_SUCCESS");
    const ids = names.slice(1).map((n) => /^part-(0000[0-9])-([0-9a-f-]{36})\.c000\.json$/.exec(n));
    assert.deepEqual(ids.map((m) => m?.[1]), ["00000", "00001"]);
    assert.equal(new Set(ids.map((m) => m?.[2])).size, 1, "one job id in every name");
  });

  test("errorifexists refuses an existing path; ignore leaves it; overwrite replaces it; append adds", async () => {
    const first = tempDir({ "a.csv": "1\n" });
    const second = tempDir({ "a.csv": "2\n" });
    const out = join(tempDir(), "out");
    await write(first, out, "errorifexists");
    await assert.rejects(write(second, out, "errorifexists"),
      (e: Error) => e.message === `[PATH_ALREADY_EXISTS] Path file:${out} already exists. Set mode as "overwrite" to overwrite the existing path.`);
    await write(second, out, "ignore");
    assert.deepEqual(await values(out), ["1"]);
    await write(second, out, "append");
    assert.deepEqual(await values(out), ["1", "2"]);
    await write(second, out, "overwrite");
    assert.deepEqual(await values(out), ["2"]);
  });

  test("Spark's spellings of the modes; anything else is refused naming the accepted ones", () => {
    assert.equal(parseSaveMode("error"), "errorifexists");
    assert.equal(parseSaveMode("ErrorIfExists"), "errorifexists");
    assert.equal(parseSaveMode("OVERWRITE"), "overwrite");
    assert.throws(() => parseSaveMode("replace"), /Unknown save mode: replace\. Accepted save modes are 'overwrite', 'append', 'ignore', 'error', 'errorifexists', 'default'\./);
  });

  test("a failed job leaves no output of its own: a new directory is removed, an appended one keeps its files", async () => {
    const good = tempDir({ "a.csv": "1\n" });
    const bad = tempDir({ "a.csv": "1\n", "b.csv": "x\n" });
    const strict = StructType.fromDDL("n INT");
    const fresh = join(tempDir(), "out");
    await assert.rejects(write(bad, fresh, "errorifexists", strict, { mode: "FAILFAST" }), /MALFORMED_RECORD_IN_PARSING/);
    assert.equal(existsSync(fresh), false);
    const existing = join(tempDir(), "out");
    await write(good, existing, "errorifexists");
    const before = readdirSync(existing).sort();
    await assert.rejects(write(bad, existing, "append", strict, { mode: "FAILFAST" }), /MALFORMED_RECORD_IN_PARSING/);
    assert.deepEqual(readdirSync(existing).sort(), before);
  });
});
