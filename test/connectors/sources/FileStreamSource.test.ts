import assert from "node:assert/strict";
import { existsSync, mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { after, before, describe, it } from "node:test";
import type { SparkSession } from "../../../src/index.js";
import { FileStreamSourceProvider } from "../../../src/connectors/sources/file/FileStreamSourceProvider.js";
import { FILE_FORMATS } from "../../../src/connectors/file/FileFormats.js";
import type { Offset } from "../../../src/streaming/Offset.js";
import type { Source } from "../../../src/streaming/Source.js";
import { StructType } from "../../../src/types/StructType.js";
import { batchRows, createSource, localSession, tempDir } from "./sourceHarness.js";

let spark: SparkSession;
before(() => (spark = localSession()));
after(() => spark.stop());

const csv = new FileStreamSourceProvider(FILE_FORMATS["csv"]!);
const json = new FileStreamSourceProvider(FILE_FORMATS["json"]!);
const text = new FileStreamSourceProvider(FILE_FORMATS["text"]!);
const schema = StructType.fromDDL("id INT, name STRING");

/** Writes a file with a modification time `seconds` after a fixed instant, so that order by age is known. */
function put(dir: string, name: string, content: string, seconds: number): string {
  const path = join(dir, name);
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, content);
  const t = new Date(Date.UTC(2024, 0, 1) + seconds * 1000);
  utimesSync(path, t, t);
  return path;
}

function csvSource(dir: string, options: Record<string, string> = {}, metadataPath?: string): Source {
  return createSource(spark, csv, options, { paths: [dir], userSchema: schema, ...(metadataPath ? { metadataPath } : {}) });
}

/** Runs one trigger: the next offset, and the rows of the batch up to it, sorted by id. */
async function trigger(source: Source, start: Offset | null, limit: "default" | "all" = "default"): Promise<{ end: Offset | null; rows: unknown[][] }> {
  const end = await source.latestOffset(start, limit);
  if (end === null || JSON.stringify(end) === JSON.stringify(start)) return { end, rows: [] };
  const { rows } = await batchRows(spark, source, start, end);
  return { end, rows: rows.sort((a, b) => (a[0] as number) - (b[0] as number)) };
}

describe("file stream source: schema and options", () => {
  it("needs a schema for csv, json and parquet unless spark.sql.streaming.schemaInference is on; text has value STRING", () => {
    const dir = tempDir();
    assert.throws(() => csv.sourceSchema({}, [dir], undefined, spark.sessionState), {
      name: "IllegalArgumentException",
      message: /^Schema must be specified when creating a streaming source DataFrame\. If some files already exist in the directory, then depending on the file format you may be able to create a static DataFrame on that directory with 'spark\.read\.load\(directory\)' and infer schema from it\.$/,
    });
    assert.equal(text.sourceSchema({}, [dir], undefined, spark.sessionState).toDDL(), "value STRING");
    put(dir, "a.json", '{"a": 1, "b": "x"}\n', 0);
    spark.conf.set("spark.sql.streaming.schemaInference", "true");
    try {
      assert.equal(json.sourceSchema({}, [dir], undefined, spark.sessionState).toDDL(), "a BIGINT, b STRING");
    } finally {
      spark.conf.unset("spark.sql.streaming.schemaInference");
    }
  });

  it("needs one existing path (a glob may match nothing yet)", () => {
    assert.throws(() => csv.sourceSchema({}, [], schema, spark.sessionState), /'path' is not specified/);
    assert.throws(() => csv.sourceSchema({}, ["/no/such/dir"], schema, spark.sessionState), /\[PATH_NOT_FOUND\] Path does not exist: file:\/no\/such\/dir/);
    assert.equal(csv.sourceSchema({}, [join(tempDir(), "*.csv")], schema, spark.sessionState), schema);
  });

  it("refuses bad stream options, naming them", () => {
    const dir = tempDir();
    const load = (options: Record<string, string>) => csv.sourceSchema(options, [dir], schema, spark.sessionState);
    assert.throws(() => load({ maxFilesPerTrigger: "0" }), /Invalid value '0' for option 'maxFilesPerTrigger': expected a positive integer/);
    assert.throws(() => load({ maxfilespertrigger: "x" }), /Invalid value 'x' for option 'maxFilesPerTrigger': expected a positive integer/);
    assert.throws(() => load({ maxBytesPerTrigger: "-1" }), /option 'maxBytesPerTrigger': expected a positive integer/);
    assert.throws(() => load({ maxBytesPerTrigger: "10", maxFilesPerTrigger: "1" }), /Options 'maxFilesPerTrigger' and 'maxBytesPerTrigger' can't be both set at the same time/);
    assert.throws(() => load({ latestFirst: "yes" }), /Invalid value 'yes' for option 'latestFirst': expected true or false/);
    assert.throws(() => load({ fileNameOnly: "1" }), /option 'fileNameOnly': expected true or false/);
    assert.throws(() => load({ maxFileAge: "a week" }), /maxFileAge: 'a week' is not a duration/);
    assert.throws(() => load({ cleanSource: "shred" }), /Invalid mode for clean source option 'shred'\. Must be one of ARCHIVE,DELETE,OFF/);
    assert.throws(() => load({ cleanSource: "archive" }), /Archive mode must be used with 'sourceArchiveDir' option\./);
    assert.throws(() => load({ cleanSource: "archive", sourceArchiveDir: join(dir, "done") }), /Base archive path cannot be set to the path where archived path can possibly match with source pattern/);
    assert.throws(() => load({ modifiedBefore: "2024-01-01T00:00:00" }), /option 'modifiedBefore' is not allowed in file stream sources/);
    assert.throws(() => load({ mode: "LENIENT" }), /Invalid value 'LENIENT' for the csv option 'mode'/);
    assert.equal(load({ cleanSource: "ARCHIVE", sourceArchiveDir: join(tempDir(), "archive") }), schema);
  });
});

describe("file stream source: batches", () => {
  it("takes new files oldest first, logs each batch in Spark's FileStreamSourceLog layout, and never reads a file twice", async () => {
    const dir = tempDir();
    const metadataPath = join(tempDir(), "sources", "0");
    const b = put(dir, "b.csv", "2,bob\n", 2);
    const a = put(dir, "a.csv", "1,ann\n", 1);
    put(dir, ".c.csv.crc", "junk\n", 3);
    put(dir, "_temporary/d.csv", "9,tmp\n", 3);
    put(dir, "e.csv._COPYING_", "9,copying\n", 3);
    const source = csvSource(dir, {}, metadataPath);
    const first = await trigger(source, null);
    assert.deepEqual(first.end, { logOffset: 0 });
    assert.deepEqual(first.rows, [[1, "ann"], [2, "bob"]]);
    const t = (s: number) => Date.UTC(2024, 0, 1) + s * 1000;
    assert.equal(
      readFileSync(join(metadataPath, "0"), "utf8"),
      ["v1", JSON.stringify({ path: pathToFileURL(a).href, timestamp: t(1), batchId: 0 }), JSON.stringify({ path: pathToFileURL(b).href, timestamp: t(2), batchId: 0 })].join("\n"),
    );
    assert.deepEqual(await source.latestOffset(first.end, "default"), { logOffset: 0 }, "no new files: the same offset");
    put(dir, "c.csv", "3,cy\n", 5);
    const second = await trigger(source, first.end);
    assert.deepEqual([second.end, second.rows], [{ logOffset: 1 }, [[3, "cy"]]]);
    assert.deepEqual(readdirSync(metadataPath).sort(), ["0", "1"]);
    assert.match(String(source), /^FileStreamSource\[file:\/.*\]$/);
  });

  it("gives the same rows for the same offsets, and a restarted source over the same log skips every logged file", async () => {
    const dir = tempDir();
    const metadataPath = join(tempDir(), "sources", "0");
    put(dir, "a.csv", "1,ann\n", 1);
    const source = csvSource(dir, {}, metadataPath);
    const first = await trigger(source, null);
    put(dir, "b.csv", "2,bob\n", 2);
    const restarted = csvSource(dir, {}, metadataPath);
    assert.deepEqual((await batchRows(spark, restarted, null, first.end!)).rows, first.rows, "replays the logged batch");
    const next = await trigger(restarted, first.end);
    assert.deepEqual([next.end, next.rows], [{ logOffset: 1 }, [[2, "bob"]]]);
  });

  it("maxFilesPerTrigger and maxBytesPerTrigger limit a batch; a Trigger.Once limit of all takes everything", async () => {
    const dir = tempDir();
    for (let i = 1; i <= 5; i++) put(dir, `f${i}.csv`, `${i},n${i}\n`, i);
    const byFiles = csvSource(dir, { maxFilesPerTrigger: "2" });
    const one = await trigger(byFiles, null);
    const two = await trigger(byFiles, one.end);
    assert.deepEqual([one.rows.map((r) => r[0]), two.rows.map((r) => r[0])], [[1, 2], [3, 4]]);
    assert.deepEqual((await trigger(byFiles, two.end, "all")).rows.map((r) => r[0]), [5]);
    // Each file is 5 bytes: 12 bytes admit two files; a batch takes at least one file however large.
    const byBytes = csvSource(dir, { maxBytesPerTrigger: "12" });
    const first = await trigger(byBytes, null);
    assert.deepEqual(first.rows.map((r) => r[0]), [1, 2]);
    const tiny = csvSource(dir, { maxBytesPerTrigger: "1" });
    assert.deepEqual((await trigger(tiny, null)).rows.map((r) => r[0]), [1]);
  });

  it("latestFirst takes the newest files first", async () => {
    const dir = tempDir();
    for (let i = 1; i <= 3; i++) put(dir, `f${i}.csv`, `${i},n${i}\n`, i);
    const source = csvSource(dir, { latestFirst: "true", maxFilesPerTrigger: "1" });
    const first = await trigger(source, null);
    const second = await trigger(source, first.end);
    assert.deepEqual([first.rows, second.rows], [[[3, "n3"]], [[2, "n2"]]]);
  });

  it("maxFileAge ignores files older than the newest seen by more than it, unless latestFirst with maxFilesPerTrigger", async () => {
    const dir = tempDir();
    put(dir, "new.csv", "2,new\n", 3600);
    const source = csvSource(dir, { maxFileAge: "1h" });
    const first = await trigger(source, null);
    put(dir, "old.csv", "1,old\n", -60);
    put(dir, "recent.csv", "3,recent\n", 1800);
    assert.deepEqual((await trigger(source, first.end)).rows, [[3, "recent"]]);
    const dir2 = tempDir();
    put(dir2, "new.csv", "2,new\n", 3600);
    const keepsAll = csvSource(dir2, { maxFileAge: "1h", latestFirst: "true", maxFilesPerTrigger: "5" });
    const head = await trigger(keepsAll, null);
    put(dir2, "old.csv", "1,old\n", -60);
    assert.deepEqual((await trigger(keepsAll, head.end)).rows, [[1, "old"]]);
  });

  it("fileNameOnly knows a file by its name: the same name in another directory is not new", async () => {
    const dir = tempDir();
    put(dir, "x/a.csv", "1,ann\n", 1);
    const source = csvSource(dir, { fileNameOnly: "true" });
    const first = await trigger(source, null);
    put(dir, "y/a.csv", "2,again\n", 2);
    assert.deepEqual(await source.latestOffset(first.end, "default"), first.end);
    const byPath = csvSource(dir);
    assert.equal((await trigger(byPath, null)).rows.length, 2);
  });

  it("a glob path reads only the files it matches, and nothing while nothing matches", async () => {
    const dir = tempDir();
    const source = csvSource(join(dir, "*.csv"));
    assert.equal(await source.latestOffset(null, "default"), null);
    put(dir, "a.csv", "1,ann\n", 1);
    put(dir, "a.txt", "9,no\n", 1);
    assert.deepEqual((await trigger(source, null)).rows, [[1, "ann"]]);
  });

  it("Trigger.AvailableNow reads only the files there were when it was prepared", async () => {
    const dir = tempDir();
    put(dir, "a.csv", "1,ann\n", 1);
    put(dir, "b.csv", "2,bob\n", 2);
    const source = csvSource(dir, { maxFilesPerTrigger: "1" });
    await source.prepareForTriggerAvailableNow();
    put(dir, "c.csv", "3,cy\n", 3);
    const one = await trigger(source, null);
    const two = await trigger(source, one.end);
    assert.deepEqual([one.rows, two.rows], [[[1, "ann"]], [[2, "bob"]]]);
    assert.deepEqual(await source.latestOffset(two.end, "default"), two.end);
  });

  it("malformed rows follow the format's mode", async () => {
    const dir = tempDir();
    put(dir, "a.csv", "1,ann\nnot a number,bob\n3,cy\n", 1);
    const rowsWith = async (options: Record<string, string>, userSchema = schema) => {
      const source = createSource(spark, csv, options, { paths: [dir], userSchema });
      const end = await source.latestOffset(null, "default");
      return (await batchRows(spark, source, null, end!)).rows;
    };
    assert.deepEqual(await rowsWith({}), [[1, "ann"], [null, "bob"], [3, "cy"]]);
    assert.deepEqual(await rowsWith({ mode: "DROPMALFORMED" }), [[1, "ann"], [3, "cy"]]);
    assert.deepEqual(await rowsWith({}, StructType.fromDDL("id INT, name STRING, _corrupt_record STRING")), [[1, "ann", null], [null, "bob", "not a number,bob"], [3, "cy", null]]);
    await assert.rejects(rowsWith({ mode: "FAILFAST" }), /Malformed records are detected in record parsing.*Parse Mode: FAILFAST/);
  });

  it("reads with the format's batch options: header and sep for csv, json lines", async () => {
    const dir = tempDir();
    put(dir, "a.csv", "id;name\n1;ann\n", 1);
    const source = createSource(spark, csv, { header: "true", sep: ";" }, { paths: [dir], userSchema: schema });
    assert.deepEqual((await trigger(source, null)).rows, [[1, "ann"]]);
    const jdir = tempDir();
    put(jdir, "a.json", '{"id": 7, "name": "jo"}\n', 1);
    const js = createSource(spark, json, {}, { paths: [jdir], userSchema: schema });
    assert.deepEqual((await trigger(js, null)).rows, [[7, "jo"]]);
  });
});

describe("file stream source: parquet", () => {
  it("reads the parquet files a batch write made, skipping its _SUCCESS marker", async () => {
    const dir = join(tempDir(), "out");
    await spark.createDataFrame([{ id: 1, name: "ann" }, { id: 2, name: "bob" }], "id INT, name STRING").write.parquet(dir);
    const parquet = new FileStreamSourceProvider(FILE_FORMATS["parquet"]!);
    const source = createSource(spark, parquet, {}, { paths: [dir], userSchema: schema });
    assert.deepEqual((await trigger(source, null)).rows, [[1, "ann"], [2, "bob"]]);
  });
});

describe("file stream source: cleanSource", () => {
  it("delete removes the files of a batch once it is committed", async () => {
    const dir = tempDir();
    const a = put(dir, "a.csv", "1,ann\n", 1);
    const source = csvSource(dir, { cleanSource: "delete" });
    const first = await trigger(source, null);
    assert.ok(existsSync(a), "not before the commit");
    await source.commit(first.end!);
    assert.ok(!existsSync(a));
    const b = put(dir, "b.csv", "2,bob\n", 2);
    const second = await trigger(source, first.end);
    await source.commit(second.end!);
    assert.ok(!existsSync(b));
  });

  it("archive moves them under sourceArchiveDir at their own path", async () => {
    const dir = tempDir();
    const archive = join(tempDir(), "archive");
    const a = put(dir, "sub/a.csv", "1,ann\n", 1);
    const source = csvSource(dir, { cleanSource: "archive", sourceArchiveDir: archive });
    const first = await trigger(source, null);
    await source.commit(first.end!);
    assert.ok(!existsSync(a));
    assert.equal(readFileSync(join(archive, a), "utf8"), "1,ann\n");
  });

  it("off (the default) leaves the files", async () => {
    const dir = tempDir();
    const a = put(dir, "a.csv", "1,ann\n", 1);
    const source = csvSource(dir);
    await source.commit((await trigger(source, null)).end!);
    assert.ok(existsSync(a));
  });
});
