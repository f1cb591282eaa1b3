import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { SparkSession } from "../../src/index.js";
import { DuckDb, type SparkTypeName } from "./duckdb.js";
import { generatedTables } from "./generatedTables.js";
import { QUERIES } from "./queries.js";

/**
 * The same SQL over the same generated rows (nulls, hot keys) in Kindling and in DuckDB: result types and rows
 * must agree, as multisets, or in order where the query orders them. Every query runs with whole-stage codegen
 * on and off, and with joins shuffled instead of broadcast.
 */
const SETTINGS: readonly Record<string, string>[] = [
  { "spark.sql.codegen.wholeStage": "true" },
  { "spark.sql.codegen.wholeStage": "false" },
  { "spark.sql.codegen.wholeStage": "true", "spark.sql.autoBroadcastJoinThreshold": "-1" },
];
const SETTING_KEYS = new Set(SETTINGS.flatMap((s) => Object.keys(s)));

/**
 * One value as text both engines' answers map to: a bigint with an `n` (so it never equals an int), a double
 * to 12 significant digits (sums of doubles in another order round differently in the last bits).
 */
function canonical(v: unknown, type: SparkTypeName): string {
  if (v === null || v === undefined) return "null";
  if (type === "double" && typeof v === "number") return `d${Number(v.toPrecision(12)) + 0}`;
  if (typeof v === "bigint") return `${v}n`;
  return JSON.stringify(v);
}

const rowText = (row: readonly unknown[], types: readonly SparkTypeName[]) => row.map((v, i) => canonical(v, types[i]!)).join(" | ");

describe("Kindling against DuckDB on generated data", () => {
  let spark: SparkSession;
  let duck: DuckDb;
  before(async () => {
    spark = SparkSession.builder().master("local[2]").appName("differential").config("spark.sql.shuffle.partitions", 3).getOrCreate();
    duck = await DuckDb.open();
    for (const table of generatedTables()) {
      const ddl = table.columns.map((c) => `${c.name} ${c.type}`).join(", ");
      spark.createDataFrame(table.rows, ddl).createOrReplaceTempView(table.name);
      await duck.createTable(table.name, table.columns, table.rows);
    }
  });
  after(async () => {
    duck?.close();
    await spark?.stop();
  });

  for (const q of QUERIES) {
    it(q.name, { todo: q.todo }, async () => {
      const expected = await duck.query(q.duckdb ?? q.sql);
      const expectedRows = expected.rows.map((r) => rowText(r, expected.types));
      if (!q.ordered) expectedRows.sort();
      for (const settings of SETTINGS) {
        for (const key of SETTING_KEYS) spark.conf.unset(key);
        for (const [key, value] of Object.entries(settings)) spark.conf.set(key, value);
        const df = spark.sql(q.sql);
        const where = `${q.sql}\nwith ${JSON.stringify(settings)}`;
        assert.deepEqual(df.dtypes.map(([, t]) => t), expected.types, `result types differ from DuckDB's for ${where}`);
        const fields = df.columns;
        const rows = (await df.collect()).map((o) => rowText(fields.map((f) => o[f]), expected.types));
        if (!q.ordered) rows.sort();
        assert.deepEqual(rows, expectedRows, `rows differ from DuckDB's for ${where}`);
      }
    });
  }
});
