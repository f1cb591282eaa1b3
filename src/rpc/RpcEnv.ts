import { createServer, type Server } from "node:net";
import { IllegalArgumentException } from "../util/SparkException.js";
import { encodeEnvelope, type Envelope } from "./Envelope.js";
import { frameHeader } from "./FrameDecoder.js";
import { DEFAULT_HANDSHAKE_TIMEOUT_MS } from "./Handshake.js";
import { checkMessage, type Message, type RpcAddress } from "./Messages.js";
import { Outbox } from "./Outbox.js";
import { hostPort } from "./RpcAddress.js";
import { RpcConnection, type ConnectionOptions } from "./RpcConnection.js";
import { RpcEnvStoppedException } from "./RpcException.js";

export interface RpcEnvConfig {
  /** For logs and errors: "master", "worker-1", "driver", "executor-3". */
  readonly name: string;
  /** The host the server binds to, and the host it is known by. */
  readonly host: string;
  /** 0: any free port; `address` tells which. */
  readonly port: number;
  /** spark.authenticate.secret when spark.authenticate=true: every connection must prove it holds it. */
  readonly secret?: string;
  /** spark.rpc.message.maxSize in bytes (the key is in MiB, default 128). */
  readonly maxFrameBytes?: number;
  /** spark.rpc.askTimeout in ms (default 120s): how long an ask without its own timeout waits. */
  readonly askTimeoutMs?: number;
  /** How long connecting and the authentication handshake may take (default 10s). */
  readonly handshakeTimeoutMs?: number;
}

/** A received message's sender, and the way to answer it when it is an ask. */
export interface RpcCallContext {
  /** The inbound connection the message came on; `onDisconnected` names it when it closes. */
  readonly connectionId: number;
  /** The peer's socket address (its port is the connection's, not the peer's server port). */
  readonly remote: RpcAddress;
  /**
   * Answers an ask, once: `{ type: "Reply", value }`, `{ type: "ReplyError", message }` or any message. A
   * reply to a message that was sent one-way is dropped: the sender, not the endpoint, chose send or ask.
   */
  reply(message: Message): void;
}

/**
 * Something that receives messages under a name (Spark's RpcEndpoint). Messages are handed over in the order
 * they arrive; an endpoint that awaits inside `receive` sees the next message before the first is done, so
 * one that changes state across awaits posts to its own EventLoop. A throw (or rejection) answers an ask with
 * a ReplyError carrying its message; for a one-way send it is logged.
 */
export interface RpcEndpoint {
  receive(message: Message, ctx: RpcCallContext): void | Promise<void>;
  /** An inbound connection that brought this RpcEnv at least one message closed. */
  onDisconnected?(connectionId: number): void;
}

/** A named endpoint of another RpcEnv (Spark's RpcEndpointRef). */
export interface RpcEndpointRef {
  readonly address: RpcAddress;
  readonly name: string;
  /** Fire and forget: a message that cannot be sent is logged (one that is not valid, or too large, throws). */
  send(message: Message): void;
  /**
   * Resolves with the Reply's value (or the reply itself, when it is another message); rejects with the
   * ReplyError's message, an RpcTimeoutException, or an RpcConnectionException naming the peer.
   */
  ask<T = unknown>(message: Message, timeoutMs?: number): Promise<T>;
  /** The connection to this ref's address dropped (called on every drop; the next use reconnects). */
  onDisconnected(listener: () => void): void;
}

/** Spark's spark.rpc.message.maxSize default, 128 MiB. */
export const DEFAULT_MAX_FRAME_BYTES = 128 * 1024 * 1024;
/** Spark caps spark.rpc.message.maxSize at 2047 MiB, what a 32-bit signed length can say. */
const MAX_FRAME_BYTES_LIMIT = 2047 * 1024 * 1024;
/** spark.rpc.askTimeout's default (spark.network.timeout, 120s). */
export const DEFAULT_ASK_TIMEOUT_MS = 120_000;


/**
 * One process's RPC system (Spark's NettyRpcEnv): a server where its endpoints receive messages, and
 * outbound connections to other RpcEnvs' endpoints, one per peer address, made when first used. Frames,
 * authentication and what is refused are described in RpcConnection and Handshake.
 */
export class RpcEnv {
  private readonly endpoints = new Map<string, RpcEndpoint>();
  /** Inbound connections, each with whether a message on it reached an endpoint (only those are announced by onDisconnected). */
  private readonly inbound = new Map<RpcConnection, { dispatched: boolean }>();
  private readonly outboxes = new Map<string, Outbox>();
  private readonly disconnectListeners = new Map<string, Set<() => void>>();
  private readonly connectionOptions: ConnectionOptions;
  private readonly askTimeoutMs: number;
  private server: Server | undefined;
  private boundPort = 0;
  private nextAskId = 1;
  private stopping: Promise<void> | undefined;

  private constructor(private readonly config: Omit<RpcEnvConfig, "port"> & { readonly port?: number }) {
    validate(config);
    this.connectionOptions = {
      envName: config.name,
      secret: config.secret,
      maxFrameBytes: config.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES,
      handshakeTimeoutMs: config.handshakeTimeoutMs ?? DEFAULT_HANDSHAKE_TIMEOUT_MS,
    };
    this.askTimeoutMs = config.askTimeoutMs ?? DEFAULT_ASK_TIMEOUT_MS;
  }

  /** An RpcEnv with a server, listening on `config.host` when the promise resolves. */
  static async create(config: RpcEnvConfig): Promise<RpcEnv> {
    const env = new RpcEnv(config);
    await env.listen(config.port);
    return env;
  }

  /** An RpcEnv without a server: it only talks to others' endpoints (its `address` has port 0). */
  static client(config: Omit<RpcEnvConfig, "port">): RpcEnv {
    return new RpcEnv(config);
  }

  get address(): RpcAddress {
    return { host: this.config.host, port: this.boundPort };
  }

  get maxFrameBytes(): number {
    return this.connectionOptions.maxFrameBytes;
  }

  setupEndpoint(name: string, endpoint: RpcEndpoint): void {
    if (!this.server) throw new IllegalArgumentException(`RpcEnv '${this.config.name}' has no server (made with RpcEnv.client), so endpoint '${name}' could never receive a message; use RpcEnv.create`);
    if (this.endpoints.has(name)) throw new IllegalArgumentException(`There is already an RpcEndpoint called ${name}`);
    this.endpoints.set(name, endpoint);
  }

  endpointRef(address: RpcAddress, name: string): RpcEndpointRef {
    return new EndpointRef(this, { host: address.host, port: address.port }, name);
  }

  /** Closes the server and every connection; asks still waiting fail with an RpcEnvStoppedException. */
  shutdown(): Promise<void> {
    this.stopping ??= this.stop();
    return this.stopping;
  }

  private async stop(): Promise<void> {
    const reason = new RpcEnvStoppedException(`RpcEnv '${this.config.name}' was shut down`);
    const server = this.server;
    const closing: Promise<void>[] = [server ? new Promise((resolve) => server.close(() => resolve())) : Promise.resolve()];
    for (const connection of [...this.inbound.keys()]) {
      connection.close(reason);
      closing.push(connection.closed);
    }
    for (const outbox of this.outboxes.values()) closing.push(outbox.close(reason));
    await Promise.all(closing);
  }

  /** What RpcEndpointRef.send does: thrown at once if not a valid message or too large, else errors are logged. */
  postOneWay(address: RpcAddress, endpoint: string, message: Message): void {
    if (this.stopping) return;
    this.outbox(address).send(this.frame({ endpoint, id: null, replyTo: null, message }, describe(message, endpoint, address)));
  }

  /** What RpcEndpointRef.ask does. */
  async ask(address: RpcAddress, endpoint: string, message: Message, timeoutMs: number | undefined): Promise<unknown> {
    const what = describe(message, endpoint, address);
    if (this.stopping) throw new RpcEnvStoppedException(`RpcEnv '${this.config.name}' is stopped: cannot ask ${what}`);
    if (timeoutMs !== undefined && !(Number.isFinite(timeoutMs) && timeoutMs > 0)) {
      throw new IllegalArgumentException(`ask ${what}: timeout must be a positive number of milliseconds, got ${timeoutMs}`);
    }
    const id = this.nextAskId++;
    const frame = this.frame({ endpoint, id, replyTo: null, message }, what);
    return this.outbox(address).ask(id, frame, what, timeoutMs ?? this.askTimeoutMs, timeoutMs === undefined);
  }

  /** What RpcEndpointRef.onDisconnected does: listeners are per peer address, and outlive reconnects. */
  addDisconnectListener(address: RpcAddress, listener: () => void): void {
    const key = hostPort(address);
    let listeners = this.disconnectListeners.get(key);
    if (!listeners) this.disconnectListeners.set(key, (listeners = new Set()));
    listeners.add(listener);
  }

  /** The frame of an envelope: checked as the receiver will check it, and within spark.rpc.message.maxSize. */
  private frame(envelope: Envelope, what: string): Buffer[] {
    try {
      checkMessage(envelope.message);
    } catch (e) {
      throw new IllegalArgumentException(`Cannot send ${what}: ${(e as Error).message}`);
    }
    let body: Buffer;
    try {
      body = encodeEnvelope(envelope);
    } catch (e) {
      throw new IllegalArgumentException(`Cannot send ${what}: it is not plain data (${(e as Error).message})`);
    }
    if (body.length > this.maxFrameBytes) {
      throw new IllegalArgumentException(
        `Message of ${body.length} bytes exceeds spark.rpc.message.maxSize (${this.maxFrameBytes} bytes): ${what}. Send less in one message, or raise spark.rpc.message.maxSize`,
      );
    }
    return [frameHeader(body.length), body];
  }

  private outbox(address: RpcAddress): Outbox {
    const key = hostPort(address);
    let outbox = this.outboxes.get(key);
    if (!outbox) {
      outbox = new Outbox(address, this.connectionOptions, () => {
        for (const listener of this.disconnectListeners.get(key) ?? []) {
          try {
            listener();
          } catch (e) {
            console.warn(`[rpc ${this.config.name}] a disconnect listener for ${key} failed`, e);
          }
        }
      });
      this.outboxes.set(key, outbox);
    }
    return outbox;
  }

  private async listen(port: number): Promise<void> {
    const server = createServer((socket) => {
      if (this.stopping) {
        socket.destroy();
        return;
      }
      const connection = RpcConnection.accept(socket, this.connectionOptions, {
        onEnvelope: (conn, envelope) => this.dispatch(conn, envelope),
        onClose: (conn) => this.onInboundClosed(conn),
      });
      this.inbound.set(connection, { dispatched: false });
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen({ host: this.config.host, port }, () => {
        server.off("error", reject);
        resolve();
      });
    }).catch((e: Error) => {
      throw new IllegalArgumentException(`Service '${this.config.name}' could not bind on ${hostPort({ host: this.config.host, port })}: ${e.message}. Choose another host or port (0 takes any free port)`, { cause: e });
    });
    server.on("error", (e) => console.warn(`[rpc ${this.config.name}] server error`, e));
    this.server = server;
    this.boundPort = (server.address() as { port: number }).port;
  }

  private dispatch(connection: RpcConnection, envelope: Envelope): void {
    const inbound = this.inbound.get(connection);
    if (!inbound || envelope.endpoint === null) return;
    const endpoint = this.endpoints.get(envelope.endpoint);
    if (!endpoint) {
      const reason = `Cannot find endpoint: ${envelope.endpoint} (RpcEnv '${this.config.name}' at ${hostPort(this.address)} has ${[...this.endpoints.keys()].join(", ") || "none"})`;
      if (envelope.id !== null) this.writeReply(connection, envelope.id, { type: "ReplyError", message: reason });
      connection.fail(new Error(reason), true);
      return;
    }
    inbound.dispatched = true;
    const ctx = new CallContext(this, connection, envelope.id, envelope.message.type);
    const failed = (e: unknown): void => {
      if (envelope.id !== null && !ctx.replied) ctx.reply({ type: "ReplyError", message: e instanceof Error ? e.message : String(e) });
      else console.warn(`[rpc ${this.config.name}] endpoint '${envelope.endpoint}' failed on ${envelope.message.type} from ${hostPort(connection.peer)}`, e);
    };
    try {
      const result = endpoint.receive(envelope.message, ctx);
      if (result instanceof Promise) result.catch(failed);
    } catch (e) {
      failed(e);
    }
  }

  /**
   * Writes a reply, and never throws. One that cannot be sent (not a valid message, or too large) becomes a
   * ReplyError saying why, so the asker is not left waiting for its timeout.
   */
  writeReply(connection: RpcConnection, replyTo: number, message: Message): void {
    const what = `reply ${(message as { type?: unknown } | null)?.type} to ${hostPort(connection.peer)}`;
    try {
      connection.write(this.frame({ endpoint: null, id: null, replyTo, message }, what));
      return;
    } catch (e) {
      const reason = (e as Error).message.slice(0, 1024);
      console.warn(`[rpc ${this.config.name}] ${reason}`);
      try {
        connection.write(this.frame({ endpoint: null, id: null, replyTo, message: { type: "ReplyError", message: reason } }, what));
      } catch {
        // Not even the ReplyError fits in spark.rpc.message.maxSize: the asker times out; the log says why.
      }
    }
  }

  private onInboundClosed(connection: RpcConnection): void {
    const inbound = this.inbound.get(connection);
    this.inbound.delete(connection);
    if (!inbound?.dispatched || this.stopping) return;
    for (const [name, endpoint] of this.endpoints) {
      try {
        endpoint.onDisconnected?.(connection.id);
      } catch (e) {
        console.warn(`[rpc ${this.config.name}] endpoint '${name}' failed in onDisconnected(${connection.id})`, e);
      }
    }
  }
}

class CallContext implements RpcCallContext {
  replied = false;

  constructor(
    private readonly env: RpcEnv,
    private readonly connection: RpcConnection,
    private readonly askId: number | null,
    private readonly received: string,
  ) {}

  get connectionId(): number {
    return this.connection.id;
  }

  get remote(): RpcAddress {
    return this.connection.peer;
  }

  reply(message: Message): void {
    // The sender chose send over ask, so nobody waits for this reply: dropped, as the sender asked.
    if (this.askId === null) return;
    if (this.replied) throw new Error(`reply(${message?.type}) to ${this.received}: it was already answered`);
    this.replied = true;
    if (!this.connection.isClosed) this.env.writeReply(this.connection, this.askId, message);
  }
}

class EndpointRef implements RpcEndpointRef {
  constructor(
    private readonly env: RpcEnv,
    readonly address: RpcAddress,
    readonly name: string,
  ) {}

  send(message: Message): void {
    this.env.postOneWay(this.address, this.name, message);
  }

  ask<T = unknown>(message: Message, timeoutMs?: number): Promise<T> {
    return this.env.ask(this.address, this.name, message, timeoutMs) as Promise<T>;
  }

  onDisconnected(listener: () => void): void {
    this.env.addDisconnectListener(this.address, listener);
  }
}

/** "RegisterWorker to endpoint 'Master' at 10.0.0.1:7077", for errors. */
function describe(message: Message, endpoint: string, address: RpcAddress): string {
  return `${(message as { type?: unknown } | null)?.type} to endpoint '${endpoint}' at ${hostPort(address)}`;
}

function validate(config: Omit<RpcEnvConfig, "port"> & { readonly port?: number }): void {
  const bad = (what: string): never => {
    throw new IllegalArgumentException(`RpcEnv '${config.name}': ${what}`);
  };
  if (typeof config.name !== "string" || config.name === "") bad("name must be a non-empty string");
  if (typeof config.host !== "string" || config.host === "") bad("host must be the host to bind to, e.g. 127.0.0.1 (it is never defaulted to 0.0.0.0)");
  if (config.port !== undefined && !(Number.isInteger(config.port) && config.port >= 0 && config.port <= 65535)) bad(`port must be an integer from 0 to 65535, got ${config.port}`);
  if (config.secret !== undefined && (typeof config.secret !== "string" || config.secret === "")) bad("spark.authenticate.secret must be a non-empty string when spark.authenticate=true");
  const max = config.maxFrameBytes;
  if (max !== undefined && !(Number.isInteger(max) && max > 0 && max <= MAX_FRAME_BYTES_LIMIT)) {
    bad(`maxFrameBytes ${max} is out of range: spark.rpc.message.maxSize should not be greater than 2047 MB, and must be positive`);
  }
  for (const key of ["askTimeoutMs", "handshakeTimeoutMs"] as const) {
    const ms = config[key];
    if (ms !== undefined && !(Number.isFinite(ms) && ms > 0)) bad(`${key} must be a positive number of milliseconds, got ${ms}`);
  }
}
