import { MessageChannel, receiveMessageOnPort } from "node:worker_threads";
import type { MessagePort } from "node:worker_threads";

/** A request from a task thread to its executor, answered while the task thread waits. */
export type ExecutorRequest =
  | { readonly op: "mapStatuses"; readonly shuffleId: number }
  | { readonly op: "broadcast"; readonly id: number }
  | { readonly op: "getBlock"; readonly blockId: string }
  | { readonly op: "putBlock"; readonly blockId: string; readonly bytes: Uint8Array; readonly level: string }
  | { readonly op: "fetch"; readonly status: unknown; readonly shuffleId: number; readonly start: number; readonly end: number };

type Reply = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: string; readonly fetchFailed: boolean };

/**
 * Synchronous calls from a task thread to the executor's main thread: the task posts a request and blocks on
 * a shared flag until the main thread, which handles it asynchronously, posts the reply and raises the flag.
 * A Spark task thread blocks on I/O the same way; the main thread stays free to serve other slots.
 */
export class SyncChannel {
  private constructor(private readonly port: MessagePort, private readonly flag: Int32Array) {}

  /** Main-thread side: the port and flag to hand to a new task thread, and the handler of its requests. */
  static serve(handle: (req: ExecutorRequest) => Promise<unknown>): { port: MessagePort; flag: Int32Array; close(): void } {
    const { port1, port2 } = new MessageChannel();
    const flag = new Int32Array(new SharedArrayBuffer(4));
    port1.on("message", (req: ExecutorRequest) => {
      handle(req).then(
        (value) => reply({ ok: true, value }),
        (e: Error & { fetchFailed?: boolean }) => reply({ ok: false, error: e?.message ?? String(e), fetchFailed: e?.fetchFailed === true }),
      );
    });
    const reply = (r: Reply): void => {
      port1.postMessage(r);
      Atomics.store(flag, 0, 1);
      Atomics.notify(flag, 0);
    };
    port1.unref();
    return { port: port2, flag, close: () => port1.close() };
  }

  /** Task-thread side. */
  static connect(port: MessagePort, flag: Int32Array): SyncChannel {
    return new SyncChannel(port, flag);
  }

  call<T>(req: ExecutorRequest): T {
    Atomics.store(this.flag, 0, 0);
    this.port.postMessage(req);
    Atomics.wait(this.flag, 0, 0);
    const msg = receiveMessageOnPort(this.port);
    if (!msg) throw new Error(`Executor did not answer ${req.op}`);
    const r = msg.message as Reply;
    if (!r.ok) {
      const err = new Error(r.error) as Error & { fetchFailed: boolean };
      err.fetchFailed = r.fetchFailed;
      throw err;
    }
    return r.value as T;
  }
}
