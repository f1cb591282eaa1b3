import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { SparkSession } from "../../src/index.js";
import { createGoldenViews } from "./setup.js";

/**
 * Golden files, as DataFusion's sqllogictest files and Spark's SQLQueryTestSuite: each `queries/*.sql` holds
 * one query, a line `----`, and the table `show()` prints for it (at most 20 rows, cells cut at 20
 * characters). Adding a query is adding a file. A query without ORDER BY is compared as a multiset of rows,
 * since partitions may come back in any order.
 *
 * KINDLING_GOLDEN_UPDATE=1 writes the current output into each file, as Spark's SPARK_GENERATE_GOLDEN_FILES:
 * review the diff before committing it, since the output then checks nothing by itself.
 */
// Compiled to dist/test/golden/, this reads the .sql files beside the sources in test/golden/.
const QUERY_DIR = join(dirname(fileURLToPath(import.meta.url)), "../../../test/golden/queries");
const SEPARATOR = "\n----\n";
const update = process.env.KINDLING_GOLDEN_UPDATE === "1";

interface GoldenFile {
  readonly path: string;
  readonly sql: string;
  readonly expected: string;
}

function readGolden(name: string): GoldenFile {
  const path = join(QUERY_DIR, name);
  const text = readFileSync(path, "utf8");
  const at = text.indexOf(SEPARATOR);
  if (at < 0 && !update) throw new Error(`${path}: expected the query, a line "----", then the expected output; no "----" line found`);
  return at < 0 ? { path, sql: text.trim(), expected: "" } : { path, sql: text.slice(0, at).trim(), expected: text.slice(at + SEPARATOR.length) };
}

/** The table's row lines sorted, for a query whose row order is not defined. */
function asMultiset(table: string): string {
  const lines = table.split("\n");
  const rowStart = 3; // border, header, border
  const rowEnd = lines.lastIndexOf(lines[0]!); // the closing border
  return [...lines.slice(0, rowStart), ...lines.slice(rowStart, rowEnd).sort(), ...lines.slice(rowEnd)].join("\n");
}

describe("golden SQL files", () => {
  let spark: SparkSession;
  before(() => {
    spark = SparkSession.builder().master("local[2]").appName("golden").config("spark.sql.session.timeZone", "UTC").config("spark.sql.shuffle.partitions", 3).getOrCreate();
    createGoldenViews(spark);
  });
  after(() => spark?.stop());

  for (const name of readdirSync(QUERY_DIR).filter((f) => f.endsWith(".sql")).sort()) {
    it(name, async () => {
      const golden = readGolden(name);
      const ordered = /\border\s+by\b/i.test(golden.sql);
      const outputs: string[] = [];
      for (const codegen of ["true", "false"]) {
        spark.conf.set("spark.sql.codegen.wholeStage", codegen);
        outputs.push(await spark.sql(golden.sql).showString(20, 20));
      }
      const normal = (table: string) => (ordered ? table : asMultiset(table));
      assert.equal(normal(outputs[1]!), normal(outputs[0]!), `${golden.path}: whole-stage codegen on and off print different tables`);
      if (update) {
        writeFileSync(golden.path, `${golden.sql}${SEPARATOR}${outputs[0]}`);
        return;
      }
      assert.equal(normal(outputs[0]!), normal(golden.expected), `${golden.path}: the output differs from the file's (KINDLING_GOLDEN_UPDATE=1 rewrites it)`);
    });
  }
});
