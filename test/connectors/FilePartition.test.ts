import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { SparkConf } from "../../src/core/SparkConf.js";
import { SparkContext } from "../../src/core/SparkContext.js";
import { planFilePartitions } from "../../src/connectors/file/FilePartition.js";
import { CsvFormat } from "../../src/connectors/file/CsvFormat.js";
import { FileOptions } from "../../src/connectors/file/FileOptions.js";
import type { InputFile } from "../../src/connectors/file/FileListing.js";
import { StructType } from "../../src/types/StructType.js";
import { readRows, scanRDD, tempDir } from "./fileSourceHarness.js";

const file = (name: string, size: number): InputFile => ({ path: `/data/${name}`, size, partitionValues: [] });
const plan = (files: InputFile[], settings: Record<string, string> = {}, options: Record<string, string> = {}) =>
  planFilePartitions(files, CsvFormat, new FileOptions("csv", options), new SparkConf(Object.entries(settings)), 2)
    .map((p) => p.files.map((f) => `${f.path.slice(6)}@${f.start}+${f.length}`));

describe("file scan partitions, as Spark's FilePartition plans them", () => {
  test("small files are packed together, each counting the open cost", () => {
    assert.deepEqual(plan([file("a", 10), file("b", 10), file("c", 10)]), [["a@0+10", "b@0+10"], ["c@0+10"]]);
  });

  test("a large splitable file is cut into pieces of maxSplitBytes, largest first", () => {
    const small = { "spark.sql.files.maxPartitionBytes": "100", "spark.sql.files.openCostInBytes": "0" };
    assert.deepEqual(plan([file("big", 250)], small), [["big@0+100"], ["big@100+100"], ["big@200+50"]]);
    assert.deepEqual(plan([file("big", 250)], small, { multiLine: "true" }), [["big@0+250"]]);
    assert.deepEqual(plan([file("big.gz", 250)], small), [["big.gz@0+250"]]);
  });

  test("the pieces of a file read every line once, and only the first piece holds the header", async () => {
    const lines = Array.from({ length: 300 }, (_, i) => `${i},row number ${i}`);
    const dir = tempDir({ "big.csv": "id,text\n" + lines.join("\n") + "\n" });
    const sc = new SparkContext(new SparkConf().setMaster("local[2]").setAppName("splits")
      .set("spark.sql.files.maxPartitionBytes", "512").set("spark.sql.files.openCostInBytes", "0"));
    try {
      const schema = StructType.fromDDL("id INT, text STRING");
      assert.ok(scanRDD(sc, "csv", [dir], { header: "true" }, schema).rdd.getNumPartitions() > 5);
      const { rows } = await readRows(sc, "csv", [dir], { header: "true", mode: "FAILFAST" }, schema);
      assert.deepEqual(rows.map((r) => r[0]).sort((a, b) => (a as number) - (b as number)), lines.map((_, i) => i));
    } finally {
      await sc.stop();
    }
  });
});
