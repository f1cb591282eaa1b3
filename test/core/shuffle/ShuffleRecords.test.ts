import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { SparkConf, SparkContext } from "../../../src/index.js";

/** What a shuffle can carry: plain data, including what JSON cannot (Map, Date, bigint, undefined). */
describe("shuffle records", () => {
  let sc: SparkContext;
  before(() => {
    sc = new SparkContext(new SparkConf().setMaster("local[2]").setAppName("ShuffleRecords"));
  });
  after(() => sc.stop());

  it("keys and values of every plain-data type cross the shuffle intact", async () => {
    const rows: [unknown, unknown][] = [[1n, new Map([["a", 1]])], [new Date(5), new Set([2])], ["s", undefined], [1n, new Uint8Array([3])]];
    const out = await sc.parallelize(rows, 2).groupByKey(3).collect();
    const byKey = new Map(out.map(([k, vs]) => [k instanceof Date ? `date:${k.getTime()}` : k, vs]));
    assert.deepEqual(byKey.get(1n), [new Map([["a", 1]]), new Uint8Array([3])]);
    assert.deepEqual(byKey.get("date:5"), [new Set([2])]);
    assert.deepEqual(byKey.get("s"), [undefined]);
  });

  it("a record holding a function fails its task, saying what could not be serialized and what would be right", async () => {
    await assert.rejects(sc.parallelize([1], 1).map((x) => [x, () => x] as [number, () => number]).groupByKey().collect(),
      /A shuffled or spilled record cannot be serialized: \(\) => x could not be cloned\. Records must be plain data/);
  });
});
