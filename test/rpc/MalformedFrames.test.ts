import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:net";
import { serialize } from "node:v8";
import { GREETING_BYTES, MAGIC, PROTOCOL_VERSION } from "../../src/rpc/Handshake.js";
import { RpcEnv, type RpcEndpointRef } from "../../src/rpc/RpcEnv.js";
import { RpcConnectionException } from "../../src/rpc/RpcException.js";
import { captureWarnings, Doubler, envelopeFrame, eventually, getBroadcast, RawClient, rawFrame } from "./harness.js";

const HOST = "127.0.0.1";
const MAX = 4096;

/**
 * Each case sends one kind of bad input on a connection of its own, to a server whose spark.rpc.message.maxSize
 * is 4 KiB. That connection must close, with one log line naming it, while a well-behaved client keeps
 * getting answers on another.
 */
describe("malformed and oversized frames", () => {
  let server: RpcEnv;
  let driver: RpcEnv;
  let good: RpcEndpointRef;
  let doubler: Doubler;
  let warnings: ReturnType<typeof captureWarnings>;

  before(async () => {
    warnings = captureWarnings();
    server = await RpcEnv.create({ name: "master", host: HOST, port: 0, maxFrameBytes: MAX });
    doubler = new Doubler();
    server.setupEndpoint("Master", doubler);
    driver = RpcEnv.client({ name: "driver", host: HOST, maxFrameBytes: 1024 * 1024 });
    good = driver.endpointRef(server.address, "Master");
  });

  after(async () => {
    await driver.shutdown();
    await server.shutdown();
    warnings.restore();
  });

  const sparse: unknown[] = [];
  sparse[1_000_000] = 1;
  const cases: { name: string; bytes: () => Buffer; logged: RegExp }[] = [
    { name: "a frame of length 0", bytes: () => Buffer.alloc(4), logged: /frame of length 0/ },
    { name: "a length over the limit, refused before the body comes", bytes: () => Buffer.from([0, 0, 0x10, 0x01]), logged: /frame of 4097 bytes exceeds spark\.rpc\.message\.maxSize \(4096 bytes\)/ },
    { name: "the largest length there is", bytes: () => Buffer.from([0xff, 0xff, 0xff, 0xff, 1, 2, 3]), logged: /frame of 4294967295 bytes exceeds spark\.rpc\.message\.maxSize/ },
    { name: "a body that is not V8 data", bytes: () => rawFrame(Buffer.from("GET / HTTP/1.1\r\n\r\n")), logged: /frame body is not V8-serialized data/ },
    { name: "a truncated V8 body", bytes: () => rawFrame(serialize({ endpoint: "Master", id: 1, replyTo: null, message: getBroadcast(1) }).subarray(0, 20)), logged: /frame body is not V8-serialized data/ },
    { name: "V8 data that is not an object", bytes: () => envelopeFrame([1, 2, 3]), logged: /frame body is not an envelope/ },
    { name: "an envelope without a message", bytes: () => envelopeFrame({ endpoint: "Master", id: null, replyTo: null }), logged: /not a message: expected an object with a string 'type'/ },
    { name: "an endpoint that is a number", bytes: () => envelopeFrame({ endpoint: 7, id: null, replyTo: null, message: getBroadcast(1) }), logged: /endpoint must be a string \(a request\) or null \(a reply\)/ },
    { name: "a negative ask id", bytes: () => envelopeFrame({ endpoint: "Master", id: -1, replyTo: null, message: getBroadcast(1) }), logged: /a request's id must be null \(a send\) or a positive integer/ },
    { name: "a message checkMessage refuses", bytes: () => envelopeFrame({ endpoint: "Master", id: 1, replyTo: null, message: { type: "Heartbeat", workerId: 42 } }), logged: /message Heartbeat: field 'workerId' is not a string/ },
    { name: "an unknown message type", bytes: () => envelopeFrame({ endpoint: "Master", id: null, replyTo: null, message: { type: "__proto__" } }), logged: /unknown message type '__proto__'/ },
    { name: "a reply sent to a server", bytes: () => envelopeFrame({ endpoint: null, id: null, replyTo: 1, message: { type: "Ack" } }), logged: /a reply came on a connection the peer opened/ },
    { name: "a sparse array", bytes: () => envelopeFrame({ endpoint: "Master", id: null, replyTo: null, message: { type: "ExecutorHeartbeat", executorId: "1", accumUpdates: sparse } }), logged: /an array of length 1000001 in a frame of \d+ bytes \(a sparse array\)/ },
    { name: "a send to an unknown endpoint", bytes: () => envelopeFrame({ endpoint: "Nobody", id: null, replyTo: null, message: getBroadcast(1) }), logged: /Cannot find endpoint: Nobody \(RpcEnv 'master' at 127\.0\.0\.1:\d+ has Master\)/ },
  ];

  for (const c of cases) {
    test(`${c.name} closes that connection alone, logged once with the peer's address`, async () => {
      const before = warnings.lines.length;
      const raw = new RawClient(server.address);
      await raw.read(GREETING_BYTES);
      const local = `${HOST}:${raw.socket.localPort}`;
      raw.write(c.bytes());
      await raw.closed;
      await eventually(() => warnings.lines.length > before, "the log line");
      const lines = warnings.lines.slice(before).filter((l) => l.includes(local));
      assert.equal(lines.length, 1, warnings.lines.slice(before).join("\n"));
      assert.match(lines[0]!, new RegExp(`^\\[rpc master\\] closing connection #\\d+ from ${local.replace(/\./g, "\\.")}: `));
      assert.match(lines[0]!, c.logged);
      assert.equal(await good.ask(getBroadcast(21), 5_000), 42);
    });
  }

  test("an ask to an unknown endpoint is answered with why before its connection closes", async () => {
    const env = RpcEnv.client({ name: "lost", host: HOST });
    try {
      await assert.rejects(env.endpointRef(server.address, "Maser").ask(getBroadcast(1), 5_000), /Cannot find endpoint: Maser \(RpcEnv 'master' at 127\.0\.0\.1:\d+ has Master\)/);
    } finally {
      await env.shutdown();
    }
    assert.equal(await good.ask(getBroadcast(1), 5_000), 2);
  });

  test("a frame cut short by its sender closing is dropped without a word", async () => {
    const before = warnings.lines.length;
    const raw = new RawClient(server.address);
    await raw.read(GREETING_BYTES);
    raw.write(envelopeFrame({ endpoint: "Master", id: null, replyTo: null, message: { type: "Heartbeat", workerId: "half" } }).subarray(0, 15));
    raw.socket.end();
    await raw.closed;
    assert.equal(await good.ask(getBroadcast(2), 5_000), 4);
    assert.deepEqual(warnings.lines.slice(before), []);
    assert.ok(!doubler.received.some((m) => m.type === "Heartbeat" && m.workerId === "half"));
  });

  test("a message over the peer's limit closes the connection it went on; the asker hears why", async () => {
    const big = { type: "FetchFile" as const, path: "x".repeat(10_000) };
    await assert.rejects(good.ask(big, 5_000), (e: Error) => e instanceof RpcConnectionException && /^Ask FetchFile to endpoint 'Master' at 127\.0\.0\.1:\d+ failed: Connection to 127\.0\.0\.1:\d+ closed/.test(e.message));
    assert.ok(warnings.lines.some((l) => /frame of 100\d\d bytes exceeds spark\.rpc\.message\.maxSize \(4096 bytes\)/.test(l)));
    assert.equal(await good.ask(getBroadcast(3), 5_000), 6, "the next ask reconnects");
  });

  test("a message over our own limit is refused before it is sent", async () => {
    const big = { type: "FetchFile" as const, path: "x".repeat(2_000_000) };
    assert.throws(() => good.send(big), /^IllegalArgumentException: Message of 20000\d\d bytes exceeds spark\.rpc\.message\.maxSize \(1048576 bytes\): FetchFile to endpoint 'Master' at 127\.0\.0\.1:\d+/);
    await assert.rejects(good.ask(big), /Message of 20000\d\d bytes exceeds spark\.rpc\.message\.maxSize \(1048576 bytes\)/);
    assert.equal(await good.ask(getBroadcast(4), 5_000), 8);
  });

  test("a server that answers with a request, or garbage, closes our connection and fails the ask", async () => {
    for (const [bytes, why] of [
      [envelopeFrame({ endpoint: "Driver", id: null, replyTo: null, message: { type: "StopExecutor" } }), /a request came on a connection this side opened/],
      [rawFrame(Buffer.from([1, 2, 3])), /frame body is not V8-serialized data/],
    ] as const) {
      const fake = createServer((socket) => {
        socket.on("error", () => {});
        socket.write(Buffer.concat([MAGIC, Buffer.from([PROTOCOL_VERSION, 0]), bytes]));
      });
      await new Promise<void>((resolve) => fake.listen(0, HOST, resolve));
      const env = RpcEnv.client({ name: "victim", host: HOST });
      try {
        const port = (fake.address() as { port: number }).port;
        await assert.rejects(env.endpointRef({ host: HOST, port }, "Master").ask(getBroadcast(1), 5_000), (e: Error) => e instanceof Error && why.test(e.message) && e.message.includes(`127.0.0.1:${port}`));
        assert.ok(warnings.lines.some((l) => new RegExp(`^\\[rpc victim\\] closing connection #\\d+ to 127\\.0\\.0\\.1:${port}: `).test(l) && why.test(l)));
      } finally {
        await env.shutdown();
        fake.close();
      }
    }
  });
});
