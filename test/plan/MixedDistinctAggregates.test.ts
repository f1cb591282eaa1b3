import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { SparkSession } from "../../src/index.js";

let spark: SparkSession;
before(() => {
  spark = SparkSession.builder().master("local[1]").appName("mixed-distinct-aggregates").config("spark.sql.shuffle.partitions", "2").getOrCreate();
  spark.createDataFrame([[1, "x", 1], [1, "y", null], [null, "x", 2], [null, null, 2], [2, null, null]], "g INT, a STRING, b INT").createOrReplaceTempView("t");
});
after(() => spark.stop());

test("DISTINCT aggregates over different columns beside a plain one, without grouping keys", async () => {
  assert.deepEqual(await spark.sql("SELECT count(DISTINCT a) AS da, count(DISTINCT b) AS db, count(*) AS n FROM t").collect(), [{ da: 2n, db: 2n, n: 5n }]);
  // An empty input still gives the one row of a global aggregate.
  assert.deepEqual(await spark.sql("SELECT count(DISTINCT a) AS da, count(*) AS n FROM t WHERE b > 100").collect(), [{ da: 0n, n: 0n }]);
});

test("mixed DISTINCT aggregates per group keep the null group and expressions over keys and aggregates", async () => {
  const rows = await spark.sql("SELECT g, count(DISTINCT a) AS da, sum(DISTINCT b) AS sb, count(*) + g AS n FROM t GROUP BY g ORDER BY g").collect();
  assert.deepEqual(rows, [
    { g: null, da: 1n, sb: 2n, n: null },
    { g: 1, da: 2n, sb: 1n, n: 3n },
    { g: 2, da: 0n, sb: null, n: 3n },
  ]);
});
