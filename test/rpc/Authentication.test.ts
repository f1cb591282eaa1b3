import { afterEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import { AUTH_FLAG, GREETING_BYTES, MAGIC, NONCE_BYTES, PROTOCOL_VERSION, REFUSED, proof } from "../../src/rpc/Handshake.js";
import { RpcEnv } from "../../src/rpc/RpcEnv.js";
import { RpcConnectionException } from "../../src/rpc/RpcException.js";
import { captureWarnings, Doubler, envelopeFrame, eventually, getBroadcast, RawClient } from "./harness.js";

const HOST = "127.0.0.1";
const SECRET = "the-cluster-secret";
const envs: RpcEnv[] = [];
const raws: RawClient[] = [];
let warnings: ReturnType<typeof captureWarnings> | undefined;

async function master(secret: string | undefined, handshakeTimeoutMs?: number): Promise<{ env: RpcEnv; doubler: Doubler }> {
  const env = await RpcEnv.create({ name: "master", host: HOST, port: 0, secret, handshakeTimeoutMs });
  envs.push(env);
  const doubler = new Doubler();
  env.setupEndpoint("Master", doubler);
  return { env, doubler };
}

function client(secret: string | undefined): RpcEnv {
  const env = RpcEnv.client({ name: "worker", host: HOST, secret });
  envs.push(env);
  return env;
}

function raw(env: RpcEnv): RawClient {
  const c = new RawClient(env.address);
  raws.push(c);
  return c;
}

afterEach(async () => {
  for (const c of raws.splice(0)) c.destroy();
  await Promise.all(envs.splice(0).map((env) => env.shutdown()));
  warnings?.restore();
  warnings = undefined;
});

describe("spark.authenticate", () => {
  test("peers holding the same secret talk", async () => {
    const { env } = await master(SECRET);
    assert.equal(await client(SECRET).endpointRef(env.address, "Master").ask(getBroadcast(5), 5_000), 10);
  });

  test("a peer with the wrong secret is refused, and told so", async () => {
    warnings = captureWarnings();
    const { env, doubler } = await master(SECRET);
    await assert.rejects(client("not-the-secret").endpointRef(env.address, "Master").ask(getBroadcast(1), 5_000), (e: Error) => {
      assert.ok(e instanceof RpcConnectionException);
      assert.match(e.message, /refused our authentication: its spark\.authenticate\.secret differs from ours/);
      return true;
    });
    assert.deepEqual(doubler.received, []);
    await eventually(() => warnings!.lines.some((l) => /\[rpc master\] closing connection #\d+ from 127\.0\.0\.1:\d+: authentication failed/.test(l)), "the refusal to be logged");
  });

  test("a peer without a secret is refused by a server that has one", async () => {
    warnings = captureWarnings();
    const { env, doubler } = await master(SECRET);
    await assert.rejects(
      client(undefined).endpointRef(env.address, "Master").ask(getBroadcast(1), 5_000),
      /127\.0\.0\.1:\d+ requires authentication \(spark\.authenticate=true there\), but no spark\.authenticate\.secret is set here/,
    );
    assert.deepEqual(doubler.received, []);
  });

  test("a client with a secret refuses a server that does not authenticate", async () => {
    warnings = captureWarnings();
    const { env, doubler } = await master(undefined);
    await assert.rejects(
      client(SECRET).endpointRef(env.address, "Master").ask(getBroadcast(1), 5_000),
      /127\.0\.0\.1:\d+ does not authenticate \(spark\.authenticate=false there\), but spark\.authenticate is on here/,
    );
    assert.deepEqual(doubler.received, []);
  });

  test("without a secret on either side there is no challenge: the greeting says so and frames follow", async () => {
    const { env } = await master(undefined);
    const c = raw(env);
    assert.deepEqual(await c.read(GREETING_BYTES), Buffer.from([...MAGIC, PROTOCOL_VERSION, 0]));
    c.write(envelopeFrame({ endpoint: "Master", id: 1, replyTo: null, message: getBroadcast(3) }));
    assert.ok(await c.read(4), "a reply frame");
  });

  test("a client that skips the handshake and sends a frame is closed before anything is dispatched", async () => {
    warnings = captureWarnings();
    const { env, doubler } = await master(SECRET);
    const c = raw(env);
    const greeting = (await c.read(GREETING_BYTES + NONCE_BYTES))!;
    assert.equal(greeting[MAGIC.length + 1]! & AUTH_FLAG, AUTH_FLAG);
    // A frame, padded to the length of a handshake answer.
    const frame = envelopeFrame({ endpoint: "Master", id: null, replyTo: null, message: { type: "Heartbeat", workerId: "intruder-with-a-long-enough-name-to-fill-64-bytes" } });
    assert.ok(frame.length >= 64);
    c.write(frame);
    assert.deepEqual(await c.read(1), Buffer.from([REFUSED]));
    await c.closed;
    assert.deepEqual(doubler.received, []);
  });

  test("a proof for another server's nonce (a replay) is refused", async () => {
    warnings = captureWarnings();
    const { env, doubler } = await master(SECRET);
    const first = raw(env);
    const second = raw(env);
    const firstNonce = (await first.read(GREETING_BYTES + NONCE_BYTES))!.subarray(GREETING_BYTES);
    await second.read(GREETING_BYTES + NONCE_BYTES);
    const clientNonce = Buffer.alloc(NONCE_BYTES, 7);
    second.write(Buffer.concat([clientNonce, proof(SECRET, "client", firstNonce, clientNonce)]));
    assert.deepEqual(await second.read(1), Buffer.from([REFUSED]));
    await second.closed;
    // The same proof answers the challenge it was made for.
    first.write(Buffer.concat([clientNonce, proof(SECRET, "client", firstNonce, clientNonce)]));
    assert.equal((await first.read(1 + 32))![0], 1);
    first.write(envelopeFrame({ endpoint: "Master", id: null, replyTo: null, message: { type: "Heartbeat", workerId: "w" } }));
    await eventually(() => doubler.received.length === 1, "the authenticated frame");
  });

  test("a client that connects and never answers the challenge is closed after the handshake timeout", async () => {
    warnings = captureWarnings();
    const { env } = await master(SECRET, 200);
    const c = raw(env);
    const started = Date.now();
    await c.closed;
    assert.ok(Date.now() - started >= 150);
    await eventually(() => warnings!.lines.some((l) => /closing connection #\d+ from 127\.0\.0\.1:\d+: the peer did not authenticate within 200 ms/.test(l)), "the timeout to be logged");
  });

  test("a client whose server never greets it gives up after the handshake timeout", async () => {
    warnings = captureWarnings();
    const { createServer } = await import("node:net");
    const mute = createServer(() => {});
    await new Promise<void>((resolve) => mute.listen(0, HOST, resolve));
    const env = RpcEnv.client({ name: "worker", host: HOST, handshakeTimeoutMs: 200 });
    envs.push(env);
    try {
      const port = (mute.address() as { port: number }).port;
      await assert.rejects(env.endpointRef({ host: HOST, port }, "Master").ask(getBroadcast(1), 5_000), /no RPC handshake completed with the server within 200 ms \(127\.0\.0\.1:\d+\)/);
    } finally {
      await env.shutdown();
      mute.close();
    }
  });

  test("a client that talks to something that is not a Kindling RPC server fails clearly", async () => {
    warnings = captureWarnings();
    const { createServer } = await import("node:net");
    const http = createServer((socket) => socket.end("HTTP/1.1 400 Bad Request\r\n\r\n"));
    await new Promise<void>((resolve) => http.listen(0, HOST, resolve));
    try {
      const port = (http.address() as { port: number }).port;
      await assert.rejects(client(undefined).endpointRef({ host: HOST, port }, "Master").ask(getBroadcast(1), 5_000), /127\.0\.0\.1:\d+ is not a Kindling RPC server/);
    } finally {
      http.close();
    }
  });
});
