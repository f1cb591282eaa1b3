import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SparkConf, SparkContext, TaskContext } from "../../../src/index.js";

/** saveAsTextFile: one part file per partition, committed as a whole with _SUCCESS. */
describe("saveAsTextFile", () => {
  let sc: SparkContext;
  let dir: string;
  before(() => {
    sc = new SparkContext(new SparkConf().setMaster("local[2]").setAppName("SaveAsTextFile"));
    dir = mkdtempSync(join(tmpdir(), "kindling-save-"));
  });
  after(async () => {
    await sc.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("writes part-00000.. files, one per partition, and _SUCCESS; textFile reads them back", async () => {
    const out = join(dir, "numbers");
    await sc.range(0, 10, 1, 3).map((x) => `n=${x}`).saveAsTextFile(out);
    assert.deepEqual(readdirSync(out).sort(), ["_SUCCESS", "part-00000", "part-00001", "part-00002"]);
    assert.equal(readFileSync(join(out, "part-00000"), "utf8"), "n=0\nn=1\nn=2\n");
    assert.deepEqual(await sc.textFile(out).collect(), Array.from({ length: 10 }, (_, i) => `n=${i}`));
  });

  it("an empty partition still gets its (empty) part file", async () => {
    const out = join(dir, "sparse");
    await sc.parallelize(["only"], 2).saveAsTextFile(out);
    assert.equal(readFileSync(join(out, "part-00000"), "utf8"), "");
    assert.equal(readFileSync(join(out, "part-00001"), "utf8"), "only\n");
  });

  it("an existing directory is refused before any task runs", async () => {
    const out = join(dir, "numbers-again");
    await sc.parallelize([1], 1).saveAsTextFile(out);
    const ran = sc.longAccumulator();
    await assert.rejects(sc.parallelize([1], 1).map((x) => (ran.add(1), x), { ran }).saveAsTextFile(out),
      (e: Error) => e.message.includes(`Output directory file:${out} already exists`));
    assert.equal(ran.value, 0);
    assert.deepEqual(readdirSync(out).sort(), ["_SUCCESS", "part-00000"]);
  });

  it("a retried task's output is written once, and a failed job leaves no directory", async () => {
    const retried = join(dir, "retried");
    await sc.range(0, 4, 1, 2).map((x) => {
      if (TaskContext.get()!.attemptNumber === 0 && x === 3) throw new Error("first attempt fails");
      return x;
    }, { TaskContext }).saveAsTextFile(retried);
    assert.deepEqual(await sc.textFile(retried).collect(), ["0", "1", "2", "3"]);

    const failed = join(dir, "failed");
    await assert.rejects(sc.range(0, 4, 1, 2).map((x) => {
      if (x === 3) throw new Error("always fails");
      return x;
    }).saveAsTextFile(failed), /always fails/);
    assert.equal(existsSync(failed), false);
  });
});
