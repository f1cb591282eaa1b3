import { afterEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SparkConf, SparkContext, SparkException } from "../../../src/index.js";

/** Settings that cannot work are refused when the SparkContext is made, before it runs anything. */
describe("bad master URLs and configuration values", () => {
  afterEach(async () => {
    // Whatever a test made must not stay active: the next one makes its own.
    await SparkContext.getActive()?.stop();
  });

  const create = (conf: SparkConf) => () => new SparkContext(conf.setAppName("BadInput"));

  for (const master of ["nonsense://host:7077", "local[abc]", "local[2,x]", "localhost"]) {
    it(`master '${master}' is refused with "Could not parse Master URL"`, () => {
      assert.throws(create(new SparkConf().setMaster(master)), (e: Error) =>
        e instanceof SparkException && e.message.startsWith(`Could not parse Master URL: '${master}'`));
      assert.equal(SparkContext.getActive(), undefined);
    });
  }

  it("local[0] asks for no threads and is refused", () => {
    assert.throws(create(new SparkConf().setMaster("local[0]")), /Asked to run locally with 0 threads/);
  });

  it("an invalid value of a known key fails at creation, naming the key, the value and what it should be", () => {
    assert.throws(create(new SparkConf().setMaster("local[1]").set("spark.task.maxFailures", "abc")),
      (e: Error) => e instanceof SparkException && e.message === "spark.task.maxFailures should be an integer >= 1, but was 'abc'");
    assert.throws(create(new SparkConf().setMaster("local[1]").set("spark.memory.fraction", 2)),
      /spark.memory.fraction should be a number between 0 and 1, but was '2'/);
    assert.throws(create(new SparkConf().setMaster("local[1]").set("spark.driver.memory", "lots")), /spark.driver.memory/);
    assert.equal(SparkContext.getActive(), undefined);
  });

  it("a refused context leaves no scratch directory behind in spark.local.dir", () => {
    const localDir = mkdtempSync(join(tmpdir(), "kindling-baddir-"));
    try {
      for (const conf of [new SparkConf().setMaster("local[abc]"), new SparkConf().setMaster("local[1]").set("spark.driver.memory", "64m")]) {
        assert.throws(create(conf.set("spark.local.dir", localDir)));
      }
      assert.deepEqual(readdirSync(localDir), []);
    } finally {
      rmSync(localDir, { recursive: true, force: true });
    }
  });

  it("after a refused configuration, a good one starts and runs", async () => {
    assert.throws(create(new SparkConf().setMaster("local[1]").set("spark.task.maxFailures", "0")), /spark.task.maxFailures/);
    const sc = create(new SparkConf().setMaster("local[1]"))();
    assert.equal(await sc.parallelize([1, 2, 3], 1).count(), 3);
  });
});
