import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { StateStore, storeDirectory, type StateStoreId } from "../../../src/exec/state/StateStore.js";
import type { StateStoreConf } from "../../../src/exec/state/StateStoreConf.js";
import { readStateStoreConf } from "../../../src/exec/state/StateStoreConf.js";
import { Decimal } from "../../../src/types/Decimal.js";
import { DecimalType } from "../../../src/types/DecimalType.js";
import type { DataType } from "../../../src/types/DataType.js";

/** Key columns of types whose values need no reviving after a file. */
const NO_CLASSES: DataType[] = [];
const conf = (over: Partial<StateStoreConf> = {}): StateStoreConf => ({ minDeltasForSnapshot: 10, minVersionsToRetain: 100, maxVersionsToRetainInMemory: 2, ...over });
const newId = (): StateStoreId => ({ checkpointLocation: mkdtempSync(join(tmpdir(), "state-store-")), operatorId: 0, partitionId: 3 });
/** Files rebuild versions: nothing is kept in memory. */
const fromFiles = conf({ maxVersionsToRetainInMemory: 0 });

/** Version `v + 1` written from version `v` by `change`. */
function commit(id: StateStoreId, v: number, c: StateStoreConf, change: (s: StateStore) => void): void {
  const store = StateStore.load(id, v, c, NO_CLASSES);
  change(store);
  store.commit();
}

/** Version `version + 1` written by a worker thread, whose cache holds nothing: it loads `version` from files. */
async function inAnotherThread(id: StateStoreId, version: number, [key, value]: [string, number]): Promise<void> {
  const module = new URL("../../../src/exec/state/StateStore.js", import.meta.url).href;
  const code = `
    const { workerData, parentPort } = require("node:worker_threads");
    import(workerData.module).then(({ StateStore }) => {
      const store = StateStore.load(workerData.id, workerData.version, { minDeltasForSnapshot: 10, minVersionsToRetain: 100, maxVersionsToRetainInMemory: 2 }, []);
      if (store.cacheHit) throw new Error("a new thread has nothing cached");
      store.put([workerData.key], workerData.value);
      store.commit();
      parentPort.postMessage("done");
    });`;
  const worker = new Worker(code, { eval: true, workerData: { module, id, version, key, value } });
  await new Promise((resolve, reject) => {
    worker.once("message", resolve);
    worker.once("error", reject);
  });
  await worker.terminate();
}

const contents = (s: StateStore) => [...s.entries()].map(([k, v]) => [k, v]).sort((a, b) => String(a[0]).localeCompare(String(b[0])));

describe("StateStore", () => {
  it("versions: each commit writes the next version's delta; version 0 is empty; a version reads as it was", () => {
    const id = newId();
    assert.equal(StateStore.load(id, 0, conf(), NO_CLASSES).numKeys, 0);
    commit(id, 0, conf(), (s) => {
      s.put(["a"], 1);
      s.put(["b"], 2);
    });
    commit(id, 1, conf(), (s) => {
      s.put(["a"], 10);
      s.remove(["b"]);
      s.put(["c", 1n], [3]);
    });
    const dir = storeDirectory(id);
    assert.equal(dir, join(id.checkpointLocation, "0", "3"));
    assert.deepEqual(readdirSync(dir).sort(), ["1.delta", "2.delta"]);
    for (const c of [conf(), fromFiles]) {
      assert.deepEqual(contents(StateStore.load(id, 1, c, NO_CLASSES)), [[["a"], 1], [["b"], 2]]);
      const v2 = StateStore.load(id, 2, c, NO_CLASSES);
      assert.deepEqual(contents(v2), [[["a"], 10], [["c", 1n], [3]]]);
      assert.equal(v2.get(["c", 1n])?.toString(), "3");
      assert.equal(v2.has(["b"]), false);
    }
  });

  it("a version loaded by this thread again comes from its cache; files rebuild it when the cache does not hold it", () => {
    const id = newId();
    commit(id, 0, conf(), (s) => s.put(["k"], 1));
    assert.equal(StateStore.load(id, 1, conf(), NO_CLASSES).cacheHit, true);
    assert.equal(StateStore.load(id, 1, fromFiles, NO_CLASSES).cacheHit, false);
  });

  it("a version rewritten elsewhere (a retried task) is read again, not taken from a stale cache", () => {
    const id = newId();
    commit(id, 0, conf(), (s) => s.put(["k"], "first"));
    assert.equal(StateStore.load(id, 1, conf(), NO_CLASSES).get(["k"]), "first");
    commit(id, 0, fromFiles, (s) => s.put(["k"], "second"));
    const again = StateStore.load(id, 1, conf(), NO_CLASSES);
    assert.equal(again.cacheHit, false);
    assert.equal(again.get(["k"]), "second");
  });

  it("writes a snapshot once more deltas than minDeltasForSnapshot rebuild the latest version, and loads from it", () => {
    const id = newId();
    const c = conf({ minDeltasForSnapshot: 2 });
    for (let v = 0; v < 7; v++) commit(id, v, c, (s) => s.put([`k${v}`], v));
    const dir = storeDirectory(id);
    assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith(".snapshot")).sort(), ["3.snapshot", "6.snapshot"]);
    // A snapshot alone rebuilds its version, even with the deltas before it gone.
    writeFileSync(join(dir, "1.delta"), "damaged");
    const v6 = StateStore.load(id, 6, { ...c, maxVersionsToRetainInMemory: 0 }, NO_CLASSES);
    assert.equal(v6.numKeys, 6);
    assert.equal(StateStore.load(id, 5, { ...c, maxVersionsToRetainInMemory: 0 }, NO_CLASSES).get(["k4"]), 4);
  });

  it("removes files no longer needed to load the last minBatchesToRetain versions", () => {
    const id = newId();
    const c = conf({ minDeltasForSnapshot: 2, minVersionsToRetain: 3 });
    for (let v = 0; v < 10; v++) commit(id, v, c, (s) => s.put(["n"], v));
    // Version 7 (10 - 3) needs snapshot 6 and delta 7: everything older goes.
    assert.deepEqual(readdirSync(storeDirectory(id)).sort((a, b) => parseInt(a) - parseInt(b) || a.localeCompare(b)), [
      "6.delta",
      "6.snapshot",
      "7.delta",
      "8.delta",
      "9.delta",
      "9.snapshot",
      "10.delta",
    ]);
    assert.equal(StateStore.load(id, 7, { ...c, maxVersionsToRetainInMemory: 0 }, NO_CLASSES).get(["n"]), 6);
  });

  it("another thread's version is rebuilt from this thread's cached earlier version plus the deltas after it", async () => {
    const id = newId();
    commit(id, 0, conf(), (s) => s.put(["a"], 1));
    // A whole second as the file's time, so that it can be put back exactly below: version 1 is read again.
    const delta1 = join(storeDirectory(id), "1.delta");
    const second = 1_700_000_000;
    utimesSync(delta1, second, second);
    assert.equal(StateStore.load(id, 1, conf(), NO_CLASSES).cacheHit, false);
    await inAnotherThread(id, 1, ["b", 2]);
    // Garbling delta 1 in place, its size and time kept, shows it is not read: version 1 comes from this
    // thread's cache, then delta 2 applies.
    writeFileSync(delta1, Buffer.alloc(statSync(delta1).size, 0x55));
    utimesSync(delta1, second, second);
    const v2 = StateStore.load(id, 2, conf(), NO_CLASSES);
    assert.equal(v2.cacheHit, false);
    assert.deepEqual(contents(v2), [[["a"], 1], [["b"], 2]]);
  });

  it("keeps values V8 serialization can carry (bigints, arrays, decimals as their fields) and revives decimal keys", () => {
    const id = newId();
    const types = [new DecimalType(5, 2)];
    const store = StateStore.load(id, 0, conf(), types);
    store.put([new Decimal(125n, 2)], [new Decimal(5n, 0), 7n, null, [1, 2]]);
    store.commit();
    const loaded = StateStore.load(id, 1, fromFiles, types);
    assert.deepEqual(loaded.get([new Decimal(125n, 2)]), [{ unscaled: 5n, scale: 0 }, 7n, null, [1, 2]]);
    // A key that crossed a shuffle as a decimal's fields is the same key; the stored key is a Decimal again.
    assert.equal(loaded.has([{ unscaled: 125n, scale: 2 }]), true);
    assert.ok([...loaded.entries()][0]![0][0] instanceof Decimal);
  });

  it("a missing delta file is an error naming it", () => {
    const id = newId();
    commit(id, 0, conf(), (s) => s.put(["a"], 1));
    const missing = join(storeDirectory(id), "2.delta");
    assert.throws(() => StateStore.load(id, 2, conf(), NO_CLASSES), (e: Error) => e.message.includes(`Error reading delta file ${missing}`) && e.message.includes("does not exist"));
  });

  it("a truncated or damaged file is an error naming it, not part of a version", () => {
    const id = newId();
    commit(id, 0, conf(), (s) => {
      for (let i = 0; i < 50; i++) s.put([i], `value ${i}`);
    });
    const path = join(storeDirectory(id), "1.delta");
    const data = readFileSync(path);
    writeFileSync(path, data.subarray(0, data.length - 7));
    assert.throws(() => StateStore.load(id, 1, fromFiles, NO_CLASSES), (e: Error) => e.message.includes(path) && e.message.includes("truncated"));
    const flipped = Buffer.from(data);
    flipped[flipped.length - 3]! ^= 0xff;
    writeFileSync(path, flipped);
    assert.throws(() => StateStore.load(id, 1, fromFiles, NO_CLASSES), (e: Error) => e.message.includes(path) && e.message.includes("checksum"));
    writeFileSync(path, "not a state file at all");
    assert.throws(() => StateStore.load(id, 1, fromFiles, NO_CLASSES), (e: Error) => e.message.includes(path) && e.message.includes("not a state store file"));
  });

  it("a version commits once; writing the same version again from a fresh load (a retried task) is fine", () => {
    const id = newId();
    const store = StateStore.load(id, 0, conf(), NO_CLASSES);
    store.put(["a"], 1);
    store.commit();
    assert.throws(() => store.commit(), /already committed/);
    assert.throws(() => store.put(["b"], 2), /already committed/);
    commit(id, 0, conf(), (s) => s.put(["a"], 2));
    assert.equal(StateStore.load(id, 1, fromFiles, NO_CLASSES).get(["a"]), 2);
    assert.equal(existsSync(join(storeDirectory(id), "1.delta")), true);
  });

  it("reads its settings with Spark's keys and defaults, and refuses bad ones", () => {
    assert.deepEqual(readStateStoreConf(() => undefined), { minDeltasForSnapshot: 10, minVersionsToRetain: 100, maxVersionsToRetainInMemory: 2 });
    const settings: Record<string, string> = { "spark.sql.streaming.stateStore.minDeltasForSnapshot": "3", "spark.sql.streaming.maxBatchesToRetainInMemory": "0" };
    assert.deepEqual(readStateStoreConf((k) => settings[k]), { minDeltasForSnapshot: 3, minVersionsToRetain: 100, maxVersionsToRetainInMemory: 0 });
    assert.throws(() => readStateStoreConf((k) => (k === "spark.sql.streaming.minBatchesToRetain" ? "0" : undefined)), /spark.sql.streaming.minBatchesToRetain should be an integer of at least 1, but was '0'/);
  });
});
