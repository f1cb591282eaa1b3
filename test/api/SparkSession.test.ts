import { test } from "node:test";
import assert from "node:assert/strict";
import { SparkSession, SparkContext } from "kindling";

test("the builder starts a session holding a SparkContext, and returns the same session until it stops", async () => {
  const spark = SparkSession.builder().master("local[2]").appName("builder-test").config("spark.some.key", 7).getOrCreate();
  try {
    assert.ok(spark.sparkContext instanceof SparkContext);
    assert.equal(spark.sparkContext.master, "local[2]");
    assert.equal(spark.sparkContext.appName, "builder-test");
    assert.equal(spark.conf.get("spark.some.key"), "7");
    assert.match(spark.version, /^\d+\.\d+\.\d+/);
    assert.equal(SparkSession.builder().config("spark.other", true).getOrCreate(), spark);
    assert.equal(spark.conf.get("spark.other"), "true");
    assert.deepEqual(await spark.sparkContext.parallelize([1, 2, 3]).map((x) => x + 1).collect(), [2, 3, 4]);
  } finally {
    await spark.stop();
  }
  assert.equal(SparkSession.getActiveSession(), undefined);
});

test("spark.conf refuses to change a static setting, naming it", async () => {
  const spark = SparkSession.builder().master("local[1]").getOrCreate();
  try {
    assert.throws(() => spark.conf.set("spark.master", "local[4]"), /CANNOT_MODIFY_CONFIG.*spark\.master/);
    assert.throws(() => spark.conf.get("spark.not.set"), /SQL_CONF_NOT_FOUND.*spark\.not\.set/);
    assert.equal(spark.conf.get("spark.not.set", "fallback"), "fallback");
  } finally {
    await spark.stop();
  }
});

test("a bad master URL or configuration value fails when the session starts, before any job", () => {
  assert.throws(() => SparkSession.builder().master("lokal[2]").getOrCreate(), /Could not parse Master URL: 'lokal\[2\]'/);
  assert.throws(() => SparkSession.builder().master("local").config("spark.task.maxFailures", "many").getOrCreate(), /spark\.task\.maxFailures should be an integer.*'many'/);
  assert.equal(SparkContext.getActive(), undefined);
});
