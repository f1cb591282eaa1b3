/**
 * Thousands of random, truncated and ill-shaped frames over many connections to an RPC server running in a
 * child process, while a well-behaved client keeps asking. The answers must stay right, every bad connection
 * must be closed and logged at most once, none may linger, and the process must stay up. Once without
 * spark.authenticate (so the garbage reaches the frame decoder) and once with it (so it hits the handshake).
 */
import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { connect } from "node:net";
import { fileURLToPath } from "node:url";
import { serialize } from "node:v8";
import type { RpcAddress } from "../../src/rpc/Messages.js";
import { RpcEnv } from "../../src/rpc/RpcEnv.js";
import { getBroadcast, rawFrame } from "./harness.js";

const CHILD = fileURLToPath(new URL("./rpc-server-child.js", import.meta.url));
const HOST = "127.0.0.1";
const CONNECTIONS = 1_500;
const CONCURRENT = 50;
const SEED = Number(process.env.RPC_FUZZ_SEED ?? Date.now() % 1_000_000);

/** mulberry32: a small seeded generator, so a failing run can be replayed with RPC_FUZZ_SEED. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Fuzzer {
  private readonly next: () => number;

  constructor(seed: number) {
    this.next = random(seed);
  }

  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  bytes(n: number): Buffer {
    const out = Buffer.alloc(n);
    for (let i = 0; i < n; i++) out[i] = this.int(256);
    return out;
  }

  /** A JavaScript value of any shape V8 can serialize. */
  value(depth = 0): unknown {
    const leaf = [
      () => this.int(2 ** 31) - 2 ** 30,
      () => this.pick([NaN, Infinity, -0, 1.5, Number.MAX_SAFE_INTEGER + 2]),
      () => this.bytes(this.int(20)).toString("latin1"),
      () => this.pick([true, false, null, undefined]),
      () => BigInt(this.int(1000)) ** 5n,
      () => new Uint8Array(this.bytes(this.int(40))),
      () => new Date(this.int(2 ** 40)),
      () => this.pick(["Master", "__proto__", "constructor", "type", "GetBroadcast"]),
    ];
    if (depth > 3 || this.int(3) === 0) return this.pick(leaf)();
    switch (this.int(5)) {
      case 0:
        return Array.from({ length: this.int(5) }, () => this.value(depth + 1));
      case 1:
        return new Map([[this.value(depth + 1), this.value(depth + 1)]]);
      case 2:
        return new Set([this.value(depth + 1)]);
      default: {
        const keys = ["endpoint", "id", "replyTo", "message", "type", "value", "__proto__", "workerId", "task"];
        const object: Record<string, unknown> = {};
        for (let i = this.int(5); i > 0; i--) Object.defineProperty(object, this.pick(keys), { value: this.value(depth + 1), enumerable: true, writable: true, configurable: true });
        return object;
      }
    }
  }

  /** An envelope close to right: each field sometimes right, sometimes of the wrong type. */
  envelope(): unknown {
    const message = this.pick([
      () => getBroadcast(this.int(100)),
      () => ({ type: this.pick(["Heartbeat", "LaunchTask", "RegisterWorker", "Reply", "ReplyError", "Ack", "StopExecutor", "Nope"]), workerId: this.value(), task: this.value() }),
      () => this.value(),
    ])();
    return {
      endpoint: this.pick(["Master", "Master", "", "x".repeat(300), 5, null, "Nobody"]),
      id: this.pick([null, 1, this.int(1000) + 1, -1, 1.5, "1", 2 ** 60]),
      replyTo: this.pick([null, null, 1, "x"]),
      message,
    };
  }

  /** One frame's bytes, well-formed or not, maybe cut short. */
  frame(): Buffer {
    const kind = this.int(7);
    let bytes: Buffer;
    if (kind === 0) bytes = this.bytes(this.int(64));
    else if (kind === 1) {
      const header = Buffer.alloc(4);
      header.writeUInt32BE(this.pick([0, this.int(4096), this.int(2 ** 28), this.int(2 ** 32)]));
      bytes = Buffer.concat([header, this.bytes(this.int(64))]);
    } else if (kind === 2) bytes = rawFrame(this.bytes(1 + this.int(200)));
    else if (kind === 3) bytes = rawFrame(serialize(this.value()));
    else if (kind === 4) bytes = rawFrame(serialize(this.envelope()));
    else {
      // A serialized envelope with a few bytes flipped.
      const body = serialize(this.envelope());
      for (let i = 1 + this.int(3); i > 0; i--) body[this.int(body.length)] = this.int(256);
      bytes = rawFrame(body);
    }
    return this.int(4) === 0 ? bytes.subarray(0, this.int(bytes.length + 1)) : bytes;
  }
}

/** Opens a connection, writes a few frames, ends it, and waits until it is closed. */
function pound(address: RpcAddress, fuzzer: Fuzzer): Promise<void> {
  return new Promise((resolve) => {
    const socket = connect(address.port, address.host);
    const timer = setTimeout(() => socket.destroy(), 3_000);
    socket.on("error", () => {});
    socket.on("data", () => {});
    socket.on("close", () => {
      clearTimeout(timer);
      resolve();
    });
    socket.on("connect", () => {
      for (let i = fuzzer.int(5); i >= 0; i--) socket.write(fuzzer.frame());
      if (fuzzer.int(10) === 0) socket.destroy();
      else socket.end();
    });
  });
}

interface Target {
  readonly child: ChildProcess;
  readonly address: RpcAddress;
  readonly stderr: string[];
}

function startTarget(secret: string | undefined): Promise<Target> {
  const child = spawn(process.execPath, [CHILD, "serve", ...(secret ? [secret] : [])], { stdio: ["ignore", "pipe", "pipe"] });
  const stderr: string[] = [];
  let partial = "";
  child.stderr!.setEncoding("utf8").on("data", (text: string) => {
    const lines = (partial + text).split("\n");
    partial = lines.pop()!;
    stderr.push(...lines);
  });
  return new Promise((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`the RPC server child exited with ${code} before listening: ${stderr.join("\n")}`)));
    child.stdout!.setEncoding("utf8").once("data", (line: string) => {
      const port = /^listening (\d+)/.exec(line);
      if (port) resolve({ child, address: { host: HOST, port: Number(port[1]) }, stderr });
      else reject(new Error(`unexpected output from the RPC server child: ${line}`));
    });
  });
}

describe("RPC fuzz", () => {
  const children: ChildProcess[] = [];
  after(() => {
    for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
  });

  for (const secret of [undefined, "fuzz-secret"]) {
    test(`${CONNECTIONS} connections of random and truncated frames ${secret ? "with" : "without"} spark.authenticate; a good client keeps getting right answers (seed ${SEED})`, async () => {
      const target = await startTarget(secret);
      children.push(target.child);
      const env = RpcEnv.client({ name: "good-client", host: HOST, secret });
      try {
        const ref = env.endpointRef(target.address, "Master");
        let fuzzing = true;
        let answered = 0;
        const asking = Promise.all(
          Array.from({ length: 4 }, async (_, lane) => {
            for (let i = lane; fuzzing; i += 4) {
              assert.equal(await ref.ask(getBroadcast(i), 10_000), i * 2, `the answer to ask ${i}`);
              answered++;
            }
          }),
        );
        asking.catch(() => {}); // awaited below; this keeps a failure from going unhandled while fuzzing

        const fuzzer = new Fuzzer(SEED + (secret ? 1 : 0));
        let started = 0;
        try {
          await Promise.all(
            Array.from({ length: CONCURRENT }, async () => {
              while (started < CONNECTIONS) {
                started++;
                await pound(target.address, fuzzer);
              }
            }),
          );
        } finally {
          fuzzing = false;
        }
        await asking;

        assert.ok(answered >= 20, `only ${answered} asks were answered while fuzzing`);
        assert.equal(target.child.exitCode, null, "the server process is still running");
        assert.equal(target.child.signalCode, null);
        assert.doesNotThrow(() => process.kill(target.child.pid!, 0));
        const stats = await ref.ask<{ inbound: number }>({ type: "FetchFile", path: "stats" }, 10_000);
        assert.equal(stats.inbound, 1, "only the good client's connection is left open");

        const closings = target.stderr.filter((l) => /^\[rpc fuzz-target\] closing connection #\d+ from /.test(l));
        assert.ok(closings.length > CONNECTIONS / 4, `only ${closings.length} refused connections were logged`);
        const perConnection = new Map<string, number>();
        for (const line of closings) {
          const connection = /#(\d+) from 127\.0\.0\.1:\d+: /.exec(line)![1]!;
          perConnection.set(connection, (perConnection.get(connection) ?? 0) + 1);
        }
        assert.deepEqual([...perConnection].filter(([, n]) => n > 1), [], "each connection is logged at most once");
        const unexpected = target.stderr.filter((l) => l.trim() !== "" && !closings.includes(l) && !/TimeoutOverflowWarning|--trace-warnings/.test(l));
        assert.deepEqual(unexpected, [], "nothing but refusals is logged");
      } finally {
        await env.shutdown();
        target.child.kill("SIGTERM");
        await new Promise((resolve) => (target.child.exitCode === null ? target.child.once("exit", resolve) : resolve(undefined)));
      }
    });
  }
});
