import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { SparkConf, SparkContext, StorageLevel } from "../../../src/index.js";
import type { LongAccumulator, RDD } from "../../../src/index.js";

/**
 * Cached RDDs on a real executor, whose storage share is tiny (spark.memory.fraction = 0.0001: about 37 KB
 * for cached blocks), so that big partitions must go to disk or be recomputed.
 */
describe("caching", () => {
  let sc: SparkContext;
  before(() => {
    sc = new SparkContext(new SparkConf().setMaster("local[2]").setAppName("Caching").set("spark.memory.fraction", 0.0001));
  });
  after(() => sc.stop());

  /** An RDD that counts, in `computed`, every element it computes: a cache hit computes none. */
  function counted(n: number, partitions: number, width = 1): { rdd: RDD<string>; computed: LongAccumulator } {
    const computed = sc.longAccumulator();
    const rdd = sc.range(0, n, 1, partitions).map((i) => {
      computed.add(1);
      return String(i).padStart(width, "0");
    }, { computed, width });
    return { rdd, computed };
  }

  const blockFiles = (rdd: RDD<unknown>): string[] => {
    const dir = join(sc.env.localDir, "executor-driver", "blocks");
    return existsSync(dir) ? readdirSync(dir).filter((f) => f.startsWith(`rdd_${rdd.id}_`)) : [];
  };

  it("a cached RDD is computed once; later actions read the cache", async () => {
    const { rdd, computed } = counted(100, 2);
    rdd.cache();
    assert.equal(rdd.storageLevel, StorageLevel.MEMORY_ONLY);
    assert.equal(await rdd.count(), 100);
    assert.equal(computed.value, 100);
    assert.deepEqual((await rdd.collect()).slice(0, 3), ["0", "1", "2"]);
    assert.equal(await rdd.map((s) => s.length).reduce((a, b) => a + b), 190);
    assert.equal(computed.value, 100, "the second and third actions computed nothing");
    await rdd.unpersist(true);
  });

  it("unpersist drops the blocks: the next action computes again", async () => {
    const { rdd, computed } = counted(50, 2);
    rdd.persist(StorageLevel.MEMORY_ONLY);
    await rdd.count();
    await rdd.count();
    assert.equal(computed.value, 50);
    await rdd.unpersist(true);
    assert.equal(rdd.storageLevel, StorageLevel.NONE);
    assert.equal(sc.getPersistentRDDs().has(rdd.id), false);
    await rdd.count();
    assert.equal(computed.value, 100);
  });

  it("MEMORY_AND_DISK puts blocks that do not fit in memory on disk, and reads them back", async () => {
    // 4 partitions of 5,000 ten-character strings: about 60 KB each, more than the whole storage share.
    const { rdd, computed } = counted(20_000, 4, 10);
    rdd.persist(StorageLevel.MEMORY_AND_DISK);
    const expected = Array.from({ length: 20_000 }, (_, i) => String(i).padStart(10, "0"));
    assert.deepEqual(await rdd.collect(), expected);
    assert.equal(blockFiles(rdd).length, 4, "every block went to disk");
    assert.deepEqual(await rdd.collect(), expected);
    assert.equal(computed.value, 20_000, "the second action read the blocks from disk");
    await rdd.unpersist(true);
    assert.deepEqual(blockFiles(rdd), [], "unpersist deletes the files");
  });

  it("DISK_ONLY keeps every block on disk", async () => {
    const { rdd, computed } = counted(30, 3);
    rdd.persist(StorageLevel.DISK_ONLY);
    assert.equal(await rdd.count(), 30);
    assert.equal(blockFiles(rdd).length, 3);
    assert.equal(await rdd.count(), 30);
    assert.equal(computed.value, 30);
    await rdd.unpersist(true);
  });

  it("MEMORY_ONLY blocks too big for memory are not kept: each action computes them again, correctly", async () => {
    const { rdd, computed } = counted(20_000, 2, 10);
    rdd.cache();
    assert.equal(await rdd.count(), 20_000);
    assert.equal(await rdd.count(), 20_000);
    assert.equal(computed.value, 40_000);
    assert.deepEqual(blockFiles(rdd), []);
    await rdd.unpersist(true);
  });

  it("a cached RDD under a shuffle is read from the cache by the map stage", async () => {
    const { rdd, computed } = counted(1000, 4);
    const pairs = rdd.map((s) => [s.length, 1] as [number, number]).cache();
    const first = await pairs.reduceByKey((a, b) => a + b).collectAsMap();
    const second = await pairs.reduceByKey((a, b) => a + b, undefined, 3).collectAsMap();
    assert.deepEqual(first, new Map([[1, 10], [2, 90], [3, 900]]));
    assert.deepEqual(second, first);
    assert.equal(computed.value, 1000);
    await pairs.unpersist(true);
  });

  it("a partition holding a function cannot be cached: its task fails, naming the block", async () => {
    const rdd = sc.parallelize([1], 1).map((x) => () => x).cache();
    await assert.rejects(rdd.count(), new RegExp(`A record of cached block rdd_${rdd.id}_0 cannot be serialized: .* Records must be plain data`));
  });

  it("the storage level of a persisted RDD cannot be changed", () => {
    const rdd = sc.parallelize([1], 1).persist(StorageLevel.DISK_ONLY);
    assert.throws(() => rdd.persist(StorageLevel.MEMORY_ONLY), /Cannot change storage level of .* to MEMORY_ONLY: it is already DISK_ONLY/);
  });
});
