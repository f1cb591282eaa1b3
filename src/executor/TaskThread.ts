/**
 * The body of one executor task slot: a worker thread that runs the tasks its executor sends it, one at a
 * time, and sends back each task's serialized outcome.
 */
import { parentPort, workerData } from "node:worker_threads";
import type { MessagePort } from "node:worker_threads";
import { deserialize, serialize } from "node:v8";
import type { TaskDescription } from "../core/scheduler/Task.js";
import type { TaskThreadSettings } from "./ThreadTaskEnv.js";
import { runTask } from "../core/scheduler/TaskRunner.js";
import { SyncChannel } from "./SyncChannel.js";
import { ThreadTaskEnv } from "./ThreadTaskEnv.js";

/** Messages from the executor to a task slot. */
export type TaskThreadMessage =
  | { readonly type: "launch"; readonly task: Uint8Array }
  | { readonly type: "forgetBroadcast"; readonly id: number };

const data = workerData as { settings: TaskThreadSettings; port: MessagePort; flag: Int32Array };
// Messages wait in the port's queue until the listener below is attached, so no task starts before these load.
for (const module of data.settings.rddKindModules) await import(module);
const env = new ThreadTaskEnv(data.settings, SyncChannel.connect(data.port, data.flag));

parentPort!.on("message", (msg: TaskThreadMessage) => {
  if (msg.type === "forgetBroadcast") {
    env.forgetBroadcast(msg.id);
    return;
  }
  const description = deserialize(msg.task) as TaskDescription;
  env.updateEpoch(description.epoch);
  const outcome = runTask(description, env);
  const bytes = serialize(outcome);
  parentPort!.postMessage({ taskId: description.taskId, outcome: bytes });
});
