import { afterEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import { connect } from "node:net";
import type { Message } from "../../src/rpc/Messages.js";
import { RpcEnv, type RpcCallContext } from "../../src/rpc/RpcEnv.js";
import { RpcConnectionException, RpcEnvStoppedException, RpcTimeoutException } from "../../src/rpc/RpcException.js";
import { captureWarnings, Doubler, eventually, getBroadcast } from "./harness.js";

const HOST = "127.0.0.1";
const envs: RpcEnv[] = [];

async function server(name = "master", extra: Partial<Parameters<typeof RpcEnv.create>[0]> = {}): Promise<RpcEnv> {
  const env = await RpcEnv.create({ name, host: HOST, port: 0, ...extra });
  envs.push(env);
  return env;
}

function client(name = "driver", extra: Partial<Parameters<typeof RpcEnv.client>[0]> = {}): RpcEnv {
  const env = RpcEnv.client({ name, host: HOST, ...extra });
  envs.push(env);
  return env;
}

afterEach(async () => {
  await Promise.all(envs.splice(0).map((env) => env.shutdown()));
});

describe("RpcEnv", () => {
  test("ask gets the Reply's value; address reports the bound host and actual port", async () => {
    const master = await server();
    assert.equal(master.address.host, HOST);
    assert.ok(master.address.port > 0);
    master.setupEndpoint("Master", new Doubler());
    const ref = client().endpointRef(master.address, "Master");
    assert.equal(await ref.ask(getBroadcast(21), 5_000), 42);
    assert.deepEqual(ref.address, master.address);
    assert.equal(ref.name, "Master");
  });

  test("a reply that is another message resolves as that message; ReplyError rejects with its text", async () => {
    const master = await server();
    master.setupEndpoint("Master", {
      receive(message, ctx) {
        if (message.type === "RegisterWorker") ctx.reply({ type: "RegisteredWorker", masterUrl: "spark://m:7077", masterWebUiUrl: "http://m:8080" });
        else ctx.reply({ type: "ReplyError", message: "Duplicate worker ID" });
      },
    });
    const ref = client().endpointRef(master.address, "Master");
    const registered = await ref.ask({ type: "RegisterWorker", id: "w1", host: HOST, port: 1, cores: 2, memoryMB: 1024, webUiUrl: "", workDir: "/tmp" }, 5_000);
    assert.deepEqual(registered, { type: "RegisteredWorker", masterUrl: "spark://m:7077", masterWebUiUrl: "http://m:8080" });
    await assert.rejects(ref.ask({ type: "Heartbeat", workerId: "w1" }, 5_000), /^SparkException: Duplicate worker ID \(the reply to Heartbeat to endpoint 'Master' at 127\.0\.0\.1:\d+\)$/);
  });

  test("an ask is answered once: a second reply throws in the endpoint", async () => {
    const master = await server();
    const errors: string[] = [];
    master.setupEndpoint("Master", {
      receive(_, ctx) {
        ctx.reply({ type: "Reply", value: "first" });
        try {
          ctx.reply({ type: "Reply", value: "second" });
        } catch (e) {
          errors.push((e as Error).message);
        }
      },
    });
    assert.equal(await client().endpointRef(master.address, "Master").ask(getBroadcast(1), 5_000), "first");
    assert.deepEqual(errors, ["reply(Reply) to GetBroadcast: it was already answered"]);
  });

  test("send delivers one-way messages in order, with the sender's connection and address", async () => {
    const master = await server();
    const seen: { message: Message; ctx: RpcCallContext }[] = [];
    master.setupEndpoint("Master", { receive: (message, ctx) => void seen.push({ message, ctx }) });
    const ref = client().endpointRef(master.address, "Master");
    for (let i = 0; i < 100; i++) ref.send({ type: "Heartbeat", workerId: `w${i}` });
    await eventually(() => seen.length === 100, "100 heartbeats");
    assert.deepEqual(seen.map((s) => (s.message as { workerId: string }).workerId), Array.from({ length: 100 }, (_, i) => `w${i}`));
    assert.equal(new Set(seen.map((s) => s.ctx.connectionId)).size, 1);
    assert.equal(seen[0]!.ctx.remote.host, HOST);
    seen[0]!.ctx.reply({ type: "Ack" }); // dropped: the sender did not ask
    seen[0]!.ctx.reply({ type: "Ack" });
  });

  test("concurrent asks from several clients each get their own answer, even when replies come out of order", async () => {
    const master = await server();
    master.setupEndpoint("Master", {
      receive(message, ctx) {
        if (message.type !== "GetBroadcast") return;
        // Later asks answer sooner, so replies leave in a different order than asks came.
        setTimeout(() => ctx.reply({ type: "Reply", value: `${message.id}` }), (message.id * 7919) % 23);
      },
    });
    const refs = [client("a"), client("b"), client("c")].map((env) => env.endpointRef(master.address, "Master"));
    const asks = Array.from({ length: 600 }, (_, i) => refs[i % 3]!.ask<string>(getBroadcast(i), 10_000).then((v) => [i, v] as const));
    for (const [i, value] of await Promise.all(asks)) assert.equal(value, `${i}`);
  });

  test("an ask without an answer times out, saying where and which timeout; a late reply is dropped", async () => {
    const master = await server();
    const late: RpcCallContext[] = [];
    master.setupEndpoint("Master", new Doubler());
    master.setupEndpoint("Silent", { receive: (_, ctx) => void late.push(ctx) });
    const env = client("driver", { askTimeoutMs: 150 });
    const silent = env.endpointRef(master.address, "Silent");
    await assert.rejects(silent.ask(getBroadcast(1), 100), (e: Error) => {
      assert.ok(e instanceof RpcTimeoutException);
      assert.match(e.message, /^Cannot receive any reply from 127\.0\.0\.1:\d+ in 100 milliseconds \(ask GetBroadcast to endpoint 'Silent' at 127\.0\.0\.1:\d+\)$/);
      return true;
    });
    await assert.rejects(silent.ask(getBroadcast(2)), /in 150 milliseconds .*\. This timeout is controlled by spark\.rpc\.askTimeout$/);
    late[0]!.reply({ type: "Reply", value: "too late" });
    // The connection is still good after the late reply.
    assert.equal(await env.endpointRef(master.address, "Master").ask(getBroadcast(4), 5_000), 8);
  });

  test("a throwing or rejecting endpoint answers the ask with a ReplyError; the connection stays up", async () => {
    const master = await server();
    master.setupEndpoint("Master", {
      receive(message) {
        if (message.type === "GetBroadcast" && message.id === 1) throw new Error("no broadcast 1");
        return Promise.reject(new Error("no broadcast either"));
      },
    });
    const ref = client().endpointRef(master.address, "Master");
    await assert.rejects(ref.ask(getBroadcast(1), 5_000), /^SparkException: no broadcast 1 \(the reply to GetBroadcast to endpoint 'Master' at 127\.0\.0\.1:\d+\)$/);
    await assert.rejects(ref.ask(getBroadcast(2), 5_000), /no broadcast either/);
  });

  test("a reply that cannot be sent becomes a ReplyError instead of leaving the asker waiting", async () => {
    const master = await server("master", { maxFrameBytes: 4096 });
    master.setupEndpoint("Master", { receive: (_, ctx) => ctx.reply({ type: "Reply", value: "x".repeat(10_000) }) });
    const warnings = captureWarnings();
    try {
      await assert.rejects(client().endpointRef(master.address, "Master").ask(getBroadcast(1), 5_000), /Message of \d+ bytes exceeds spark\.rpc\.message\.maxSize \(4096 bytes\)/);
    } finally {
      warnings.restore();
    }
  });

  test("when not even the ReplyError fits, the asker times out and the server lives on", async () => {
    const master = await server("master", { maxFrameBytes: 128 });
    master.setupEndpoint("Master", { receive: (_, ctx) => ctx.reply({ type: "Reply", value: "x".repeat(10_000) }) });
    const warnings = captureWarnings();
    try {
      const ref = client().endpointRef(master.address, "Master");
      await assert.rejects(ref.ask(getBroadcast(1), 200), RpcTimeoutException);
      assert.ok(warnings.lines.some((l) => /Message of \d+ bytes exceeds spark\.rpc\.message\.maxSize \(128 bytes\): reply Reply to 127\.0\.0\.1:\d+/.test(l)));
    } finally {
      warnings.restore();
    }
  });

  test("messages that are not valid are refused on the sending side", async () => {
    const master = await server();
    master.setupEndpoint("Master", new Doubler());
    const ref = client().endpointRef(master.address, "Master");
    assert.throws(() => ref.send({ type: "Heartbeat" } as unknown as Message), /Cannot send Heartbeat to endpoint 'Master' at 127\.0\.0\.1:\d+: message Heartbeat: field 'workerId' is not a string/);
    await assert.rejects(ref.ask({ type: "Nope" } as unknown as Message), /unknown message type 'Nope'/);
    await assert.rejects(ref.ask({ type: "Reply", value: () => 1 }), /it is not plain data/);
    await assert.rejects(ref.ask(getBroadcast(1), -5), /timeout must be a positive number of milliseconds, got -5/);
  });

  test("an inbound connection that closes is announced to the endpoints by the id its messages carried", async () => {
    const master = await server();
    const doubler = new Doubler();
    master.setupEndpoint("Master", doubler);
    const worker = client("worker");
    await worker.endpointRef(master.address, "Master").ask(getBroadcast(1), 5_000);
    assert.deepEqual(doubler.disconnected, []);
    await worker.shutdown();
    await eventually(() => doubler.disconnected.length === 1, "onDisconnected");
    assert.deepEqual(doubler.disconnected, [doubler.connectionIds[0]]);
  });

  test("an outbound connection that drops is announced to the ref's listeners, and the next use reconnects", async () => {
    const first = await server();
    const port = first.address.port;
    first.setupEndpoint("Master", new Doubler());
    const env = client();
    const ref = env.endpointRef(first.address, "Master");
    let drops = 0;
    ref.onDisconnected(() => drops++);
    assert.equal(await ref.ask(getBroadcast(1), 5_000), 2);
    await first.shutdown();
    await eventually(() => drops === 1, "the drop to be announced");
    await assert.rejects(ref.ask(getBroadcast(2), 5_000), (e: Error) => e instanceof RpcConnectionException && /Failed to connect to 127\.0\.0\.1:\d+/.test(e.message));
    assert.equal(drops, 1, "a failed attempt to connect is not a drop");

    const second = await server("master-again", { port });
    second.setupEndpoint("Master", new Doubler());
    assert.equal(await ref.ask(getBroadcast(3), 5_000), 6);
    await second.shutdown();
    await eventually(() => drops === 2, "the second drop to be announced");
  });

  test("sends that never left because the peer could not be reached are logged once, with how many", async () => {
    const gone = await server("gone");
    const address = gone.address;
    await gone.shutdown();
    const warnings = captureWarnings();
    try {
      const ref = client("worker").endpointRef(address, "Master");
      for (let i = 0; i < 3; i++) ref.send({ type: "Heartbeat", workerId: "w" });
      await eventually(() => warnings.lines.length > 0, "the log line");
      assert.equal(warnings.lines.length, 1);
      assert.match(warnings.lines[0]!, /^\[rpc worker\] 3 message\(s\) to 127\.0\.0\.1:\d+ were not sent: Failed to connect to 127\.0\.0\.1:\d+: connect ECONNREFUSED/);
    } finally {
      warnings.restore();
    }
  });

  test("asks waiting on a connection that drops fail at once, naming the peer", async () => {
    const master = await server();
    master.setupEndpoint("Silent", { receive: () => {} });
    const ref = client().endpointRef(master.address, "Silent");
    const waiting = ref.ask(getBroadcast(1), 60_000);
    await eventually(() => (master as unknown as { inbound: Map<unknown, unknown> }).inbound.size === 1, "the connection");
    const started = Date.now();
    const failed = assert.rejects(waiting, (e: Error) => e instanceof RpcConnectionException && /^Ask GetBroadcast to endpoint 'Silent' at 127\.0\.0\.1:\d+ failed: Connection to 127\.0\.0\.1:\d+ closed/.test(e.message));
    await master.shutdown();
    await failed;
    assert.ok(Date.now() - started < 5_000);
  });

  test("shutdown rejects waiting asks, closes every socket and the server, and later asks are refused", async () => {
    const master = await server();
    master.setupEndpoint("Silent", { receive: () => {} });
    const env = client("driver");
    const waiting = env.endpointRef(master.address, "Silent").ask(getBroadcast(1), 60_000);
    await eventually(() => (master as unknown as { inbound: Map<unknown, unknown> }).inbound.size === 1, "the connection");
    const failed = assert.rejects(waiting, (e: Error) => e instanceof RpcEnvStoppedException && /^Ask GetBroadcast to endpoint 'Silent' at 127\.0\.0\.1:\d+ failed: RpcEnv 'driver' was shut down$/.test(e.message));
    await env.shutdown();
    await failed;
    await assert.rejects(env.endpointRef(master.address, "Silent").ask(getBroadcast(2)), /RpcEnv 'driver' is stopped: cannot ask GetBroadcast/);
    env.endpointRef(master.address, "Silent").send(getBroadcast(3)); // dropped quietly, as Spark drops sends after stop

    const port = master.address.port;
    await master.shutdown();
    await master.shutdown(); // idempotent
    const refused = await new Promise<string>((resolve) => {
      const socket = connect(port, HOST);
      socket.on("connect", () => resolve("connected"));
      socket.on("error", (e: NodeJS.ErrnoException) => resolve(e.code ?? "error"));
    });
    assert.equal(refused, "ECONNREFUSED");
  });

  test("the server binds to the host it is given, not to every interface", async () => {
    const master = await server();
    const other = await new Promise<string>((resolve) => {
      const socket = connect(master.address.port, "127.0.0.2");
      socket.on("connect", () => {
        socket.destroy();
        resolve("connected");
      });
      socket.on("error", (e: NodeJS.ErrnoException) => resolve(e.code ?? "error"));
    });
    assert.equal(other, "ECONNREFUSED");
  });

  test("endpoints: one per name, and only on an RpcEnv with a server", async () => {
    const master = await server();
    master.setupEndpoint("Master", new Doubler());
    assert.throws(() => master.setupEndpoint("Master", new Doubler()), /There is already an RpcEndpoint called Master/);
    assert.throws(() => client().setupEndpoint("Executor", new Doubler()), /RpcEnv 'driver' has no server \(made with RpcEnv\.client\), so endpoint 'Executor' could never receive a message; use RpcEnv\.create/);
    assert.equal(client().address.port, 0);
  });

  test("bad configuration is refused with what would be right", async () => {
    await assert.rejects(RpcEnv.create({ name: "m", host: "", port: 0 }), /RpcEnv 'm': host must be the host to bind to, e\.g\. 127\.0\.0\.1/);
    await assert.rejects(RpcEnv.create({ name: "m", host: HOST, port: 70_000 }), /port must be an integer from 0 to 65535, got 70000/);
    await assert.rejects(RpcEnv.create({ name: "m", host: HOST, port: 0, maxFrameBytes: 2048 * 1024 * 1024 }), /spark\.rpc\.message\.maxSize should not be greater than 2047 MB/);
    assert.throws(() => RpcEnv.client({ name: "c", host: HOST, secret: "" }), /spark\.authenticate\.secret must be a non-empty string/);
    assert.throws(() => RpcEnv.client({ name: "c", host: HOST, askTimeoutMs: 0 }), /askTimeoutMs must be a positive number of milliseconds, got 0/);
    const taken = await server();
    await assert.rejects(RpcEnv.create({ name: "worker", host: HOST, port: taken.address.port }), /Service 'worker' could not bind on 127\.0\.0\.1:\d+: .*EADDRINUSE.*\. Choose another host or port \(0 takes any free port\)/);
  });
});
