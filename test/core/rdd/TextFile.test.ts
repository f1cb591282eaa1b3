import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SparkConf, SparkContext } from "../../../src/index.js";
import type { SparkListener } from "../../../src/index.js";

/** sc.textFile: files cut into byte-range splits, each line read by exactly one split. */
describe("textFile", () => {
  let sc: SparkContext;
  let dir: string;
  before(() => {
    sc = new SparkContext(new SparkConf().setMaster("local[2]").setAppName("TextFile"));
    dir = mkdtempSync(join(tmpdir(), "kindling-textfile-"));
  });
  after(async () => {
    await sc.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const file = (name: string, text: string): string => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it("reads every line exactly once across many splits, lines of every length crossing split ends", async () => {
    // Line i is i characters long, so split boundaries fall at every position within lines and on newlines.
    const lines = Array.from({ length: 400 }, (_, i) => "x".repeat(i % 37) + i);
    const rdd = sc.textFile(file("many.txt", lines.join("\n") + "\n"), 13);
    assert.ok(rdd.getNumPartitions() >= 13, `asked for at least 13 splits, got ${rdd.getNumPartitions()}`);
    assert.deepEqual(await rdd.collect(), lines);
  });

  it("a split boundary exactly after a newline loses no line", async () => {
    // 10 lines of 9 bytes + newline: with 10 splits every split starts exactly at a line start.
    const lines = Array.from({ length: 10 }, (_, i) => `line-${String(i).padStart(4, "0")}`);
    const rdd = sc.textFile(file("aligned.txt", lines.join("\n") + "\n"), 10);
    assert.equal(rdd.getNumPartitions(), 10);
    assert.deepEqual(await rdd.collect(), lines);
    assert.deepEqual(await rdd.glom().collect(), lines.map((l) => [l]));
  });

  it("strips CRLF line endings and keeps a last line without a newline", async () => {
    const rdd = sc.textFile(file("crlf.txt", "one\r\ntwo\r\n\r\nthree"), 3);
    assert.deepEqual(await rdd.collect(), ["one", "two", "", "three"]);
  });

  it("counts input records and bytes in the task metrics", async () => {
    const path = file("metrics.txt", "a\nbb\nccc\n");
    await sc.env.listenerBus.waitUntilEmpty(); // earlier tests' task ends are not this job's
    let records = 0;
    let bytes = 0;
    const listener: SparkListener = {
      onTaskEnd: (e) => {
        records += e.taskMetrics?.inputMetrics.recordsRead ?? 0;
        bytes += e.taskMetrics?.inputMetrics.bytesRead ?? 0;
      },
    };
    sc.addSparkListener(listener);
    await sc.textFile(path, 2).count();
    await sc.env.listenerBus.waitUntilEmpty();
    sc.removeSparkListener(listener);
    assert.equal(records, 3);
    assert.ok(bytes >= 9, `bytesRead ${bytes} should cover the file`);
  });

  it("reads a directory's visible files, skipping _ and . files", async () => {
    const sub = join(dir, "parts");
    mkdirSync(sub);
    writeFileSync(join(sub, "part-00001"), "c\nd\n");
    writeFileSync(join(sub, "part-00000"), "a\nb\n");
    writeFileSync(join(sub, "_SUCCESS"), "");
    writeFileSync(join(sub, ".part-00000.crc"), "junk\n");
    assert.deepEqual(await sc.textFile(sub).collect(), ["a", "b", "c", "d"]);
  });

  it("reads the files a glob matches, and a comma-separated list", async () => {
    const g = join(dir, "glob");
    mkdirSync(g);
    writeFileSync(join(g, "2024-01.log"), "jan\n");
    writeFileSync(join(g, "2024-02.log"), "feb\n");
    writeFileSync(join(g, "2024-02.txt"), "not a log\n");
    assert.deepEqual(await sc.textFile(join(g, "2024-*.log")).collect(), ["jan", "feb"]);
    assert.deepEqual(await sc.textFile(`${join(g, "2024-02.txt")},${join(g, "2024-01.log")}`).collect(), ["not a log", "jan"]);
  });

  it("a missing path fails at the call, before any job, naming the path", () => {
    let jobs = 0;
    sc.addSparkListener({ onJobStart: () => void jobs++ });
    const missing = join(dir, "no-such-file.txt");
    assert.throws(() => sc.textFile(missing), (e: Error) => e.message === `Input path does not exist: file:${missing}`);
    assert.throws(() => sc.textFile(join(dir, "*.nothing")), /Input Pattern file:.*\*\.nothing matches 0 files/);
    assert.equal(jobs, 0);
  });
});
