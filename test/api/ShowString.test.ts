import { test } from "node:test";
import assert from "node:assert/strict";
import { showString } from "../../src/exec/ShowString.js";
import * as T from "../../src/types/index.js";

const schema = T.StructType.fromDDL("id BIGINT, name STRING, score DOUBLE");

test("cells are right-aligned under a header, nulls print as NULL, and extra rows give the footer", () => {
  const rows = [[1n, "Alice", 1.5], [2n, null, 10.0], [3n, "Bob", null]];
  assert.equal(
    showString(schema, rows, 2, 20, "UTC"),
    [
      "+---+-----+-----+",
      "| id| name|score|",
      "+---+-----+-----+",
      "|  1|Alice|  1.5|",
      "|  2| NULL| 10.0|",
      "+---+-----+-----+",
      "only showing top 2 rows",
      "",
    ].join("\n"),
  );
  assert.match(showString(schema, rows.slice(0, 2), 1, 20, "UTC"), /only showing top 1 row\n$/);
  assert.doesNotMatch(showString(schema, rows, 3, 20, "UTC"), /only showing/);
});

test("truncating cuts long cells to 17 characters and '...'; without it cells are whole and left-aligned", () => {
  const rows = [[1n, "a rather long name that goes on", 0.25]];
  assert.equal(showString(schema, rows, 20, 20, "UTC").split("\n")[3], "|  1|a rather long nam...| 0.25|");
  assert.equal(showString(schema, rows, 20, 0, "UTC").split("\n")[3], "|1  |a rather long name that goes on|0.25 |");
  assert.equal(showString(schema, rows, 20, 3, "UTC").split("\n")[3], "|  1| a r|  0.2|");
});

test("an empty result still prints its header, and nested values, binary and dates print as Spark's", () => {
  assert.equal(showString(schema, [], 20, 20, "UTC"), "+---+----+-----+\n| id|name|score|\n+---+----+-----+\n+---+----+-----+\n");
  const nested = T.StructType.fromDDL("xs ARRAY<INT>, s STRUCT<a: INT, b: STRING>, m MAP<STRING, INT>, bin BINARY, d DATE, ts TIMESTAMP");
  const row = [[1, null], [7, "x"], new Map([["k", 1]]), new Uint8Array([1, 171]), 19000, 0n];
  assert.equal(
    showString(nested, [row], 20, 0, "America/New_York").split("\n")[3],
    "|[1, NULL]|{7, x}|{k -> 1}|[01 AB]|2022-01-08|1969-12-31 19:00:00|",
  );
});

test("line breaks and tabs in values are escaped so that the table keeps its lines", () => {
  const one = T.StructType.fromDDL("s STRING");
  assert.equal(showString(one, [["a\nb\tc"]], 20, 20, "UTC").split("\n")[3], "|a\\nb\\tc|");
});

test("vertical output prints a block per row, and says when there are none", () => {
  const rows = [[1n, "Alice", 1.5], [2n, null, 10.0]];
  assert.equal(
    showString(schema, rows, 1, 20, "UTC", true),
    ["-RECORD 0------", " id    | 1     ", " name  | Alice ", " score | 1.5   ", "only showing top 1 row", ""].join("\n"),
  );
  assert.equal(showString(schema, [], 20, 20, "UTC", true), "(0 rows)\n");
});
