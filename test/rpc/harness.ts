/**
 * Helpers for RPC tests: endpoints that answer in known ways, a raw TCP client that speaks (or breaks) the
 * wire protocol byte by byte, and a way to read what the RpcEnv logs.
 */
import { connect, type Socket } from "node:net";
import { serialize } from "node:v8";
import type { Message, RpcAddress } from "../../src/rpc/Messages.js";
import type { RpcEndpoint } from "../../src/rpc/RpcEnv.js";

/** Answers GetBroadcast { id } with id * 2 (after `delayMs` when id is negative: -id ms), records sends. */
export class Doubler implements RpcEndpoint {
  readonly received: Message[] = [];
  readonly disconnected: number[] = [];
  readonly connectionIds: number[] = [];

  receive(message: Message, ctx: Parameters<RpcEndpoint["receive"]>[1]): void | Promise<void> {
    this.received.push(message);
    this.connectionIds.push(ctx.connectionId);
    if (message.type !== "GetBroadcast") return;
    if (message.id >= 0) {
      ctx.reply({ type: "Reply", value: message.id * 2 });
      return;
    }
    return new Promise((resolve) =>
      setTimeout(() => {
        ctx.reply({ type: "Reply", value: message.id * 2 });
        resolve();
      }, -message.id),
    );
  }

  onDisconnected(connectionId: number): void {
    this.disconnected.push(connectionId);
  }
}

export function getBroadcast(id: number): Message {
  return { type: "GetBroadcast", id };
}

/** A frame as a peer would write it: 4-byte big-endian length, then the body. */
export function rawFrame(body: Buffer): Buffer {
  const header = Buffer.alloc(4);
  header.writeUInt32BE(body.length);
  return Buffer.concat([header, body]);
}

export function envelopeFrame(envelope: unknown): Buffer {
  return rawFrame(serialize(envelope));
}

/** A TCP client that records what it receives and when the server closes it. */
export class RawClient {
  readonly socket: Socket;
  private bytes = Buffer.alloc(0);
  private waiters: (() => void)[] = [];
  /** Resolves when the socket is closed, by either side. */
  readonly closed: Promise<void>;
  isClosed = false;

  constructor(address: RpcAddress) {
    this.socket = connect(address.port, address.host);
    this.socket.on("error", () => {});
    this.socket.on("data", (chunk: Buffer) => {
      this.bytes = Buffer.concat([this.bytes, chunk]);
      for (const wake of this.waiters.splice(0)) wake();
    });
    this.closed = new Promise((resolve) =>
      this.socket.on("close", () => {
        this.isClosed = true;
        for (const wake of this.waiters.splice(0)) wake();
        resolve();
      }),
    );
  }

  /** The first `n` bytes received (waits for them); undefined if the socket closes first. */
  async read(n: number): Promise<Buffer | undefined> {
    while (this.bytes.length < n) {
      if (this.isClosed) return undefined;
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
    const out = this.bytes.subarray(0, n);
    this.bytes = this.bytes.subarray(n);
    return out;
  }

  write(data: Buffer): void {
    this.socket.write(data);
  }

  destroy(): void {
    this.socket.destroy();
  }
}

/** Collects console.warn lines until `restore` is called. */
export function captureWarnings(): { readonly lines: string[]; restore(): void } {
  const lines: string[] = [];
  const original = console.warn;
  console.warn = (...args: unknown[]) => {
    lines.push(args.map((a) => (a instanceof Error ? a.message : String(a))).join(" "));
  };
  return { lines, restore: () => void (console.warn = original) };
}

/** Polls `condition` until it holds, for state changed by socket events this test cannot await directly. */
export async function eventually(condition: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
