import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { once } from "node:events";
import { Worker } from "node:worker_threads";
import { SyncChannel } from "../../src/executor/SyncChannel.js";
import type { ExecutorRequest } from "../../src/executor/SyncChannel.js";

const CHANNEL_MODULE = new URL("../../src/executor/SyncChannel.js", import.meta.url).href;

/** A task thread's synchronous calls to its executor, which answers them asynchronously on its own thread. */
describe("SyncChannel", () => {
  it("a blocked thread gets each answer, and an error with its fetch-failed flag", async () => {
    const served: string[] = [];
    const channel = SyncChannel.serve(async (req: ExecutorRequest) => {
      served.push(req.op);
      await new Promise((resolve) => setImmediate(resolve)); // answered on a later turn of the main thread
      if (req.op === "broadcast") return `value-${req.id}`;
      throw Object.assign(new Error(`no map statuses for shuffle ${(req as { shuffleId: number }).shuffleId}`), { fetchFailed: true });
    });
    // The thread makes its calls one after another with no await: each blocks until answered.
    const worker = new Worker(`
      const { parentPort, workerData } = require("node:worker_threads");
      import(workerData.module).then(({ SyncChannel }) => {
        const ch = SyncChannel.connect(workerData.port, workerData.flag);
        const out = [ch.call({ op: "broadcast", id: 7 }), ch.call({ op: "broadcast", id: 8 })];
        try {
          ch.call({ op: "mapStatuses", shuffleId: 3 });
        } catch (e) {
          out.push([e.message, e.fetchFailed]);
        }
        parentPort.postMessage(out);
      });
    `, { eval: true, workerData: { module: CHANNEL_MODULE, port: channel.port, flag: channel.flag }, transferList: [channel.port] });
    try {
      const [answers] = await once(worker, "message");
      assert.deepEqual(answers, ["value-7", "value-8", ["no map statuses for shuffle 3", true]]);
      assert.deepEqual(served, ["broadcast", "broadcast", "mapStatuses"]);
    } finally {
      channel.close();
      await worker.terminate();
    }
  });
});
