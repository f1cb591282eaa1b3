import { Worker } from "node:worker_threads";
import { deserialize, serialize } from "node:v8";
import { join } from "node:path";
import type { BlockManagerId, MapStatus } from "../core/scheduler/MapStatus.js";
import type { TaskDescription } from "../core/scheduler/Task.js";
import type { TaskOutcome } from "../core/scheduler/TaskRunner.js";
import type { TaskEndReason } from "../core/scheduler/TaskEndReason.js";
import type { ExecutorBackend } from "./ExecutorBackend.js";
import type { ExecutorRequest } from "./SyncChannel.js";
import type { TaskThreadMessage } from "./TaskThread.js";
import { BlockManager } from "../core/storage/BlockManager.js";
import { StorageLevel } from "../core/storage/StorageLevel.js";
import { SyncChannel } from "./SyncChannel.js";
import { rddKindModules } from "../core/rdd/RDDKinds.js";

export interface ExecutorSettings {
  readonly executorId: string;
  readonly host: string;
  /** Port of this executor's block service; 0 where there is none (local mode). */
  readonly port: number;
  readonly cores: number;
  readonly localDir: string;
  /** Unified memory for execution and storage, after Spark's reserve: (heap - 300 MiB) * spark.memory.fraction. */
  readonly unifiedMemoryBytes: number;
  readonly storageFraction: number;
  readonly spillRecordThreshold: number;
}

interface Slot {
  worker: Worker;
  close(): void;
  taskId: number | undefined;
  killReason: string | undefined;
  /** What ended the thread, when it ended by an uncaught error. */
  error: Error | undefined;
  /** Resolves when the thread has exited, however it ended. */
  readonly exited: Promise<void>;
}

const TASK_THREAD = new URL("./TaskThread.js", import.meta.url);

/**
 * Runs tasks in `cores` slots, each a worker thread, and serves them what they ask for: map statuses,
 * broadcast values, cached blocks. A slot whose thread dies fails only its task, and a new thread takes its
 * place; killing a task ends its thread the same way.
 */
export class Executor {
  readonly blockManager: BlockManager;
  readonly blockManagerId: BlockManagerId;
  private readonly slots: Slot[] = [];
  private readonly queue: TaskDescription[] = [];
  private stopped = false;

  constructor(private readonly settings: ExecutorSettings, private readonly backend: ExecutorBackend) {
    const shuffleDir = join(settings.localDir, `executor-${settings.executorId}`);
    this.blockManagerId = { executorId: settings.executorId, host: settings.host, port: settings.port, shuffleDir };
    this.blockManager = new BlockManager(join(shuffleDir, "blocks"), settings.unifiedMemoryBytes * settings.storageFraction,
      (blockId, stored) => backend.updateBlockInfo(blockId, stored));
    for (let i = 0; i < settings.cores; i++) this.slots.push(this.newSlot());
  }

  get executorId(): string {
    return this.settings.executorId;
  }

  launchTask(task: TaskDescription): void {
    const slot = this.slots.find((s) => s.taskId === undefined);
    if (!slot) {
      this.queue.push(task);
      return;
    }
    slot.taskId = task.taskId;
    slot.killReason = undefined;
    const message: TaskThreadMessage = { type: "launch", task: serialize(task) };
    // A running task keeps the process alive; an idle executor does not.
    slot.worker.ref();
    slot.worker.postMessage(message);
  }

  /** Ends the task's thread; the task reports TaskKilled and a fresh thread takes the slot. */
  killTask(taskId: number, reason: string): void {
    const queued = this.queue.findIndex((t) => t.taskId === taskId);
    if (queued >= 0) {
      this.queue.splice(queued, 1);
      this.backend.statusUpdate(taskId, { state: "FAILED", reason: { kind: "TaskKilled", reason }, accumUpdates: [] });
      return;
    }
    const slot = this.slots.find((s) => s.taskId === taskId);
    if (!slot) return;
    slot.killReason = reason;
    void slot.worker.terminate();
  }

  removeBroadcast(id: number): void {
    const message: TaskThreadMessage = { type: "forgetBroadcast", id };
    for (const s of this.slots) s.worker.postMessage(message);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    // Idle task threads are unref'd, and a thread already being terminated (a killed task's) cannot be ref'd
    // again: without a timer of its own, the wait for their exits would be left pending when nothing else holds
    // the event loop. Each thread is waited for by its own 'exit', which a second terminate does not promise.
    const keepAlive = setInterval(() => {}, 60_000);
    try {
      await Promise.all(this.slots.map((s) => {
        s.close();
        void s.worker.terminate();
        return s.exited;
      }));
    } finally {
      clearInterval(keepAlive);
    }
    this.blockManager.clear();
  }

  private newSlot(): Slot {
    const channel = SyncChannel.serve((req) => this.serve(req));
    const worker = new Worker(TASK_THREAD, {
      workerData: {
        settings: {
          executorId: this.settings.executorId,
          blockManagerId: this.blockManagerId,
          localDir: this.blockManagerId.shuffleDir,
          taskMemoryBytes: Math.floor((this.settings.unifiedMemoryBytes * (1 - this.settings.storageFraction)) / this.settings.cores),
          spillRecordThreshold: this.settings.spillRecordThreshold,
          rddKindModules: rddKindModules(),
        },
        port: channel.port,
        flag: channel.flag,
      },
      transferList: [channel.port],
      execArgv: moduleLoadingExecArgv(),
    });
    const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
    const slot: Slot = { worker, close: channel.close, taskId: undefined, killReason: undefined, error: undefined, exited };
    worker.on("message", (msg: { taskId: number; outcome: Uint8Array }) => {
      if (slot.taskId !== msg.taskId) return;
      slot.taskId = undefined;
      worker.unref();
      this.backend.statusUpdate(msg.taskId, deserialize(msg.outcome) as TaskOutcome);
      this.launchQueued();
    });
    // Reported through 'exit', which always follows.
    worker.on("error", (e) => (slot.error = e));
    worker.on("exit", (code) => this.onSlotExit(slot, code));
    worker.unref();
    return slot;
  }

  private onSlotExit(slot: Slot, code: number): void {
    slot.close();
    const taskId = slot.taskId;
    const index = this.slots.indexOf(slot);
    if (this.stopped || index < 0) return;
    this.slots[index] = this.newSlot();
    if (taskId !== undefined) {
      const outcome: TaskOutcome = slot.killReason !== undefined
        ? { state: "FAILED", reason: { kind: "TaskKilled", reason: slot.killReason }, accumUpdates: [] }
        : { state: "FAILED", reason: threadDied(taskId, code, slot.error), accumUpdates: [] };
      this.backend.statusUpdate(taskId, outcome);
    }
    this.launchQueued();
  }

  private launchQueued(): void {
    while (this.queue.length > 0 && this.slots.some((s) => s.taskId === undefined)) this.launchTask(this.queue.shift()!);
  }

  private async serve(req: ExecutorRequest): Promise<unknown> {
    switch (req.op) {
      case "mapStatuses":
        return this.backend.getMapStatuses(req.shuffleId);
      case "broadcast":
        return this.backend.getBroadcast(req.id);
      case "getBlock":
        return this.blockManager.get(req.blockId) ?? null;
      case "putBlock":
        this.blockManager.put(req.blockId, Buffer.from(req.bytes), StorageLevel.fromName(req.level));
        return null;
      case "fetch":
        return this.backend.fetchShuffleBlocks(req.status as MapStatus, req.shuffleId, req.start, req.end);
    }
  }
}

function threadDied(taskId: number, code: number, error: Error | undefined): TaskEndReason {
  const description = `the worker thread running task ${taskId} exited with code ${code}${error ? `: ${error.message}` : ""}`;
  return { kind: "ExceptionFailure", className: "TaskThreadDied", description, stackTrace: `TaskThreadDied: ${description}${error?.stack ? `\nCaused by: ${error.stack}` : ""}` };
}

/**
 * The driver's Node flags that shape how modules load (loaders, conditions, source maps), which task threads
 * need to run the same code. Process-wide flags (`--expose-gc`, `--max-old-space-size`, `--input-type`) are
 * refused by worker threads, so they are left out.
 */
const THREAD_FLAGS = /^(--import|--require|-r|--loader|--experimental-loader|--conditions|-C|--enable-source-maps|--no-warnings|--no-deprecation|--experimental-[a-z-]+)(=.*)?$/;
const TAKES_VALUE = new Set(["--import", "--require", "-r", "--loader", "--experimental-loader", "--conditions", "-C"]);

export function moduleLoadingExecArgv(): string[] {
  const out: string[] = [];
  const argv = process.execArgv;
  for (let i = 0; i < argv.length; i++) {
    const m = THREAD_FLAGS.exec(argv[i]!);
    if (!m) continue;
    out.push(argv[i]!);
    if (m[2] === undefined && TAKES_VALUE.has(m[1]!) && i + 1 < argv.length) out.push(argv[++i]!);
  }
  return out;
}
