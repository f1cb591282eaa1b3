import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { SparkSession } from "../../../src/index.js";
import type { QueryExecution } from "../../../src/exec/QueryExecution.js";
import { streamSinkFor } from "../../../src/streaming/StreamingProviders.js";
import { ConsoleSink } from "../../../src/connectors/sinks/ConsoleSink.js";
import { sinkContext } from "./sinkHarness.js";

describe("console sink", () => {
  let spark: SparkSession;
  before(() => (spark = SparkSession.builder().master("local[2]").getOrCreate()));
  after(() => spark.stop());

  const sink = (options: Record<string, string> = {}) => streamSinkFor("console").createSink(sinkContext(spark, { options }));
  /** What a console sink with these settings prints for the batches. */
  const printed = async (numRows: number, truncate: boolean, ...batches: [number, QueryExecution][]) => {
    let out = "";
    const printer = new ConsoleSink(numRows, truncate, "UTC", (text) => (out += text));
    for (const [batchId, data] of batches) await printer.addBatch(batchId, data);
    return out;
  };
  const people = () => spark.createDataFrame([{ id: 1, name: "Alice" }, { id: 2, name: "a rather long name that goes on" }, { id: 3, name: null }], "id INT, name STRING");

  test("prints Spark's batch banner, then the table as show() prints it, then a blank line", async () => {
    const out = await printed(20, true, [7, people().queryExecution]);
    assert.equal(out, [
      "-------------------------------------------",
      "Batch: 7",
      "-------------------------------------------",
      "+---+--------------------+",
      "| id|                name|",
      "+---+--------------------+",
      "|  1|               Alice|",
      "|  2|a rather long nam...|",
      "|  3|                NULL|",
      "+---+--------------------+",
      "",
      "",
    ].join("\n"));
  });

  test("numRows shows that many rows and says so; truncate=false keeps cells whole, left-aligned", async () => {
    const out = await printed(1, false, [0, people().queryExecution]);
    assert.equal(out, [
      "-------------------------------------------",
      "Batch: 0",
      "-------------------------------------------",
      "+---+-----+",
      "|id |name |",
      "+---+-----+",
      "|1  |Alice|",
      "+---+-----+",
      "only showing top 1 row",
      "",
      "",
    ].join("\n"));
  });

  test("an empty batch prints its banner and an empty table; a replayed batch prints again, as in Spark", async () => {
    const empty = spark.createDataFrame([], "value STRING");
    const out = await printed(20, true, [3, empty.queryExecution], [3, empty.queryExecution]);
    const once = "-------------------------------------------\nBatch: 3\n-------------------------------------------\n+-----+\n|value|\n+-----+\n+-----+\n\n";
    assert.equal(out, once + once);
  });

  test("takes numRows and truncate from its options, in any case; every output mode; refuses bad values", () => {
    assert.equal(sink().toString(), "ConsoleSink[numRows=20, truncateRows=true]");
    assert.equal(sink({ numRows: "1", truncate: "false" }).toString(), "ConsoleSink[numRows=1, truncateRows=false]");
    assert.equal(sink({ numRows: "-3" }).toString(), "ConsoleSink[numRows=0, truncateRows=true]");
    assert.deepEqual([...streamSinkFor("console").supportedOutputModes].sort(), ["append", "complete", "update"]);
    assert.throws(() => sink({ numRows: "many" }), /Invalid value 'many' for the console option 'numRows': expected a whole number of rows/);
    assert.throws(() => sink({ truncate: "yes" }), /Invalid value 'yes' for the console option 'truncate': expected true or false/);
    assert.equal(sink({ NUMROWS: "5" }).toString(), "ConsoleSink[numRows=5, truncateRows=true]");
  });
});
