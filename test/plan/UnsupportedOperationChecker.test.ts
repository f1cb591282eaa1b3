import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { AttributeReference } from "../../src/expr/AttributeReference.js";
import { Analyzer } from "../../src/plan/analysis/Analyzer.js";
import { TempViewCatalog } from "../../src/plan/analysis/Catalog.js";
import { checkForStreaming } from "../../src/plan/analysis/UnsupportedOperationChecker.js";
import type { LogicalPlan } from "../../src/plan/logical/LogicalPlan.js";
import { outputOf } from "../../src/plan/logical/PlanOutput.js";
import { LocalRelation } from "../../src/plan/logical/Relations.js";
import { EventTimeWatermark, StreamingRelation } from "../../src/plan/logical/Streaming.js";
import { Deduplicate } from "../../src/plan/logical/UnaryNodes.js";
import { parsePlan } from "../../src/sql/SqlParser.js";
import { IntegerType, StringType, TimestampType } from "../../src/types/AtomicTypes.js";

type Mode = "append" | "update" | "complete";

/** A catalog with a stream (`stream`, and `stream2`), the same stream with a watermark (`wstream`), and a static table. */
function catalog(): TempViewCatalog {
  const c = new TempViewCatalog();
  const columns = () => [AttributeReference("k", StringType), AttributeReference("v", IntegerType), AttributeReference("time", TimestampType)];
  const stream = StreamingRelation(columns(), { format: "memory" });
  c.createOrReplaceTempView("stream", stream);
  c.createOrReplaceTempView("stream2", StreamingRelation(columns(), { format: "memory" }));
  c.createOrReplaceTempView("wstream", EventTimeWatermark(stream.output[2]!, 10_000, "10 seconds", stream));
  c.createOrReplaceTempView("static", LocalRelation(columns(), [["a", 1, 0n]]));
  return c;
}

function analyzed(sql: string): LogicalPlan {
  const c = catalog();
  return new Analyzer(c).execute(parsePlan(sql, { timeZone: "UTC" }));
}

const check = (sql: string, mode: Mode) => () => checkForStreaming(analyzed(sql), mode);
const refuses = (sql: string, mode: Mode, message: string) =>
  assert.throws(check(sql, mode), (e: Error) => e.name === "AnalysisException" && e.message.startsWith(message));

describe("UnsupportedOperationChecker.checkForStreaming", () => {
  it("accepts what micro-batches can compute", () => {
    for (const [sql, mode] of [
      ["SELECT k, v FROM stream WHERE v > 1", "append"],
      ["SELECT k, count(*) FROM stream GROUP BY k", "update"],
      ["SELECT k, count(*) FROM stream GROUP BY k", "complete"],
      ["SELECT window(time, '10 seconds'), count(*) FROM wstream GROUP BY window(time, '10 seconds')", "append"],
      ["SELECT time, count(*) FROM wstream GROUP BY time", "append"],
      ["SELECT k, count(*) AS c FROM stream GROUP BY k ORDER BY c DESC", "complete"],
      ["SELECT k, v FROM stream LIMIT 5", "append"],
      ["SELECT s.k FROM stream s JOIN static t ON s.k = t.k", "append"],
      ["SELECT s.k FROM stream s LEFT JOIN static t ON s.k = t.k", "append"],
      ["SELECT s.k FROM stream s LEFT SEMI JOIN static t ON s.k = t.k", "append"],
      ["SELECT s.k FROM static t RIGHT JOIN stream s ON s.k = t.k", "append"],
      ["SELECT k FROM stream UNION ALL SELECT k FROM stream2", "append"],
      ["SELECT k FROM stream EXCEPT SELECT k FROM static", "update"],
    ] as const) {
      assert.doesNotThrow(check(sql, mode), `${sql} in ${mode} mode`);
    }
  });

  it("a query without a stream cannot start", () => {
    refuses("SELECT * FROM static", "append", "Queries without streaming sources cannot be executed with writeStream.start()");
  });

  it("output modes: complete needs an aggregation, append an aggregation by a watermarked column", () => {
    refuses("SELECT k FROM stream", "complete", "Complete output mode not supported when there are no streaming aggregations on streaming DataFrames/Datasets");
    refuses(
      "SELECT k, count(*) FROM stream GROUP BY k",
      "append",
      "Append output mode not supported when there are streaming aggregations on streaming DataFrames/DataSets without watermark",
    );
    refuses(
      "SELECT k, count(*) FROM wstream GROUP BY k",
      "append",
      "Append output mode not supported when there are streaming aggregations on streaming DataFrames/DataSets without watermark",
    );
    refuses("SELECT DISTINCT k FROM stream", "append", "Append output mode not supported when there are streaming aggregations");
    assert.doesNotThrow(check("SELECT DISTINCT k FROM stream", "complete"));
  });

  it("distinct aggregations", () => {
    refuses(
      "SELECT count(DISTINCT v) FROM stream",
      "complete",
      "Distinct aggregations are not supported on streaming DataFrames/Datasets. Consider using approx_count_distinct() instead.",
    );
  });

  it("sorting only an aggregation's complete result", () => {
    const message = "Sorting is not supported on streaming DataFrames/Datasets, unless it is on aggregated DataFrame/Dataset in Complete output mode";
    refuses("SELECT k FROM stream ORDER BY k", "append", message);
    refuses("SELECT k, count(*) AS c FROM stream GROUP BY k ORDER BY c", "update", message);
  });

  it("limits, except in update mode", () => {
    refuses("SELECT k FROM stream LIMIT 3", "update", "Limits are not supported on streaming DataFrames/Datasets in Update output mode");
    refuses("SELECT k, count(*) FROM stream GROUP BY k LIMIT 3", "update", "Limits are not supported on streaming DataFrames/Datasets in Update output mode");
  });

  it("joins: outer joins with the stream on the nullable side, and stream-stream joins", () => {
    refuses("SELECT * FROM stream s FULL JOIN static t ON s.k = t.k", "append", "FullOuter joins with streaming DataFrames/Datasets on the left and a static DataFrame/Dataset on the right is not supported");
    refuses("SELECT * FROM static t FULL JOIN stream s ON s.k = t.k", "append", "FullOuter joins with streaming DataFrames/Datasets on the right and a static DataFrame/Dataset on the left is not supported");
    refuses("SELECT * FROM static t LEFT JOIN stream s ON s.k = t.k", "append", "LeftOuter join with a streaming DataFrame/Dataset on the right and a static DataFrame/Dataset on the left is not supported");
    refuses("SELECT * FROM static t LEFT SEMI JOIN stream s ON s.k = t.k", "append", "LeftSemi join with a streaming DataFrame/Dataset on the right and a static DataFrame/Dataset on the left is not supported");
    refuses("SELECT * FROM static t LEFT ANTI JOIN stream s ON s.k = t.k", "append", "LeftAnti joins with a streaming DataFrame/Dataset on the right are not supported");
    refuses("SELECT * FROM stream s RIGHT JOIN static t ON s.k = t.k", "append", "RightOuter join with a streaming DataFrame/Dataset on the left and a static DataFrame/DataSet on the right not supported");
    refuses(
      "SELECT s.k, count(*) FROM stream s JOIN stream2 t ON s.k = t.k GROUP BY s.k",
      "update",
      "Join between two streaming DataFrames/Datasets is not supported in Update output mode, only in Append output mode",
    );
    refuses("SELECT * FROM stream s JOIN stream2 t ON s.k = t.k", "append", "Stream-stream Inner join between two streaming DataFrame/Datasets is not supported yet");
  });

  it("set operations mixing a stream and a static table", () => {
    refuses("SELECT k FROM stream UNION ALL SELECT k FROM static", "append", "Union between streaming and batch DataFrames/Datasets is not supported");
    refuses("SELECT k FROM static EXCEPT SELECT k FROM stream", "append", "Except on a streaming DataFrame/Dataset on the right is not supported");
    refuses("SELECT k FROM stream INTERSECT SELECT k FROM static", "append", "Intersect of streaming DataFrames/Datasets is not supported");
  });

  it("dropDuplicatesWithinWatermark needs a watermark", () => {
    const plain = analyzed("SELECT * FROM stream");
    const withWatermark = analyzed("SELECT * FROM wstream");
    const key = (p: LogicalPlan) => [outputOf(p)[0]!];
    assert.throws(
      () => checkForStreaming(Deduplicate(key(plain), plain, true), "append"),
      (e: Error) => e.message.startsWith("dropDuplicatesWithinWatermark is not supported on streaming DataFrames/DataSets without watermark"),
    );
    assert.doesNotThrow(() => checkForStreaming(Deduplicate(key(withWatermark), withWatermark, true), "append"));
  });

  it("stateful operators after an aggregation that emits in update or complete mode (the global watermark's correctness check)", () => {
    const sql = "SELECT c, count(*) FROM (SELECT k, count(*) AS c FROM stream GROUP BY k) GROUP BY c";
    const message = "Detected pattern of possible 'correctness' issue due to global watermark.";
    refuses(sql, "update", message);
    refuses(sql, "complete", message);
    assert.doesNotThrow(() => checkForStreaming(analyzed(sql), "update", { checkCorrectness: false }));
    const windows = `SELECT w, count(*) FROM (SELECT window(time, '10 seconds') AS w, k, count(*) AS c FROM wstream GROUP BY window(time, '10 seconds'), k) GROUP BY w`;
    assert.doesNotThrow(check(windows, "append"), "chained aggregations by event time are allowed in append mode");
  });

  it("names the operator at fault after the message, as Spark's AnalysisException shows its plan", () => {
    assert.throws(check("SELECT k FROM stream ORDER BY k", "append"), (e: Error) => /in Complete output mode;\nSort /.test(e.message));
  });
});
