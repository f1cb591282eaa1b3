import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { SparkSession } from "../../src/index.js";
import { col } from "../../src/api/Column.js";
import { tempDir } from "./fileSourceHarness.js";
import { Decimal } from "../../src/types/Decimal.js";

describe("spark.read and df.write", () => {
  let spark: SparkSession;
  before(() => {
    spark = SparkSession.builder().master("local[2]").appName("reader and writer").config("spark.sql.session.timeZone", "UTC").getOrCreate();
  });
  after(() => spark.stop());

  test("csv with PySpark-style option values; a query over the files runs on executors", async () => {
    const dir = tempDir({ "people.csv": "name,age\nann,34\nbob,\ncid,19\n" });
    const df = spark.read.option("header", true).option("INFERSCHEMA", "true").csv(dir);
    assert.deepEqual(df.dtypes, [["name", "string"], ["age", "int"]]);
    assert.deepEqual(await df.filter(col("age").gt(20)).collect(), [{ name: "ann", age: 34 }]);
  });

  test("format/options/schema(DDL)/load, with the corrupt-record column", async () => {
    const dir = tempDir({ "a.json": '{"n": 1}\n{"n": oops}\n' });
    const df = spark.read.format("json").options({ mode: "PERMISSIVE" }).schema("n INT, _corrupt_record STRING").load(dir);
    assert.deepEqual(await df.collect(), [{ n: 1, _corrupt_record: null }, { n: null, _corrupt_record: '{"n": oops}' }]);
  });

  test("a missing path and a bad option value fail at load, before any job", () => {
    const dir = tempDir();
    assert.throws(() => spark.read.csv(join(dir, "missing")), /\[PATH_NOT_FOUND\] Path does not exist: file:/);
    assert.throws(() => spark.read.option("mode", "BOGUS").json(dir), /Invalid value 'BOGUS' for the json option 'mode'/);
    assert.throws(() => spark.read.format("avro").load(dir), /\[DATA_SOURCE_NOT_FOUND\]/);
  });

  test("write.partitionBy(..).mode(..).parquet(path), read back with the partition column", async () => {
    const df = spark.createDataFrame([{ k: "a", v: 1 }, { k: "b", v: 2 }, { k: "a", v: 3 }], "k STRING, v INT");
    const out = join(tempDir(), "out");
    await df.write.partitionBy("k").mode("overwrite").parquet(out);
    assert.deepEqual(readdirSync(out).sort(), ["_SUCCESS", "k=a", "k=b"]);
    const back = spark.read.parquet(out);
    assert.deepEqual(back.columns, ["v", "k"]);
    assert.deepEqual((await back.orderBy("v").collect()), [{ v: 1, k: "a" }, { v: 2, k: "b" }, { v: 3, k: "a" }]);
    // The filter on the partition column is pushed into the scan, which prunes the k=b directory.
    assert.deepEqual(await back.filter(col("k").equalTo("a")).orderBy("v").collect(), [{ v: 1, k: "a" }, { v: 3, k: "a" }]);
    await assert.rejects(df.write.parquet(out), /\[PATH_ALREADY_EXISTS\]/);
    assert.throws(() => df.write.mode("bogus"), /Unknown save mode: bogus/);
  });

  test("parquet is the default format, as spark.sql.sources.default; load takes several paths", async () => {
    const df = spark.createDataFrame([{ a: 1 }], "a INT");
    const [one, two] = [join(tempDir(), "one"), join(tempDir(), "two")];
    await df.write.save(one);
    await df.write.option("path", two).save();
    assert.ok(readdirSync(one).some((n) => n.endsWith(".snappy.parquet")));
    assert.deepEqual(await spark.read.load([one, two]).collect(), [{ a: 1 }, { a: 1 }]);
    await assert.rejects(df.write.save(), /'path' is not specified/);
  });

  test("empty partitions write no files, except the first, which keeps an empty result's schema", async () => {
    const out = join(tempDir(), "out");
    await spark.range(0, 1, 1, 3).write.parquet(out);
    assert.deepEqual(readdirSync(out).filter((n) => n.startsWith("part-")).map((n) => n.slice(0, 10)).sort(), ["part-00000", "part-00002"]);
    const empty = join(tempDir(), "empty");
    await spark.range(0, 0, 1, 3).write.parquet(empty);
    const back = spark.read.parquet(empty);
    assert.deepEqual(back.dtypes, [["id", "bigint"]]);
    assert.deepEqual(await back.collect(), []);
  });

  test("decimals, longs, dates and timestamps survive a shuffle, a write and a read in every format", async () => {
    const schema = "d DECIMAL(10,2), l BIGINT, day DATE, t TIMESTAMP";
    const df = spark.createDataFrame([[new Decimal(1234n, 2), 5n, 19724, 1704191400123000n], [null, null, null, null]], schema).repartition(3);
    for (const format of ["csv", "json", "parquet"]) {
      const out = join(tempDir(), "out");
      await df.write.format(format).save(out);
      const rows = await spark.read.format(format).schema(schema).load(out).collect();
      assert.deepEqual(rows.sort((a, b) => (a["l"] === null ? 1 : -1) - (b["l"] === null ? 1 : -1)),
        [{ d: new Decimal(1234n, 2), l: 5n, day: 19724, t: 1704191400123000n }, { d: null, l: null, day: null, t: null }], format);
    }
  });

  test("write.format(..).option(..).save(path) and read.text", async () => {
    const df = spark.createDataFrame([{ a: 1, b: "x" }], "a INT, b STRING");
    const out = join(tempDir(), "out");
    await df.write.format("csv").option("header", true).option("sep", "|").save(out);
    assert.deepEqual(await spark.read.text(out).collect(), [{ value: "a|b" }, { value: "1|x" }]);
  });
});
