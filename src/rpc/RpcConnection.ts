import { connect, type Socket } from "node:net";
import { decodeEnvelope, type Envelope } from "./Envelope.js";
import { FrameDecoder } from "./FrameDecoder.js";
import { ACCEPTED, AUTH_FLAG, GREETING_BYTES, MAGIC, NONCE_BYTES, PROOF_BYTES, PROTOCOL_VERSION, REFUSED, greeting, nonce, proof, proofMatches } from "./Handshake.js";
import type { RpcAddress } from "./Messages.js";
import { hostPort } from "./RpcAddress.js";
import { RpcConnectionException } from "./RpcException.js";

export interface ConnectionOptions {
  /** The RpcEnv's name, for logs. */
  readonly envName: string;
  readonly secret: string | undefined;
  readonly maxFrameBytes: number;
  readonly handshakeTimeoutMs: number;
}

export interface ConnectionEvents {
  /** A well-formed envelope going the right way (requests inbound, replies outbound). */
  onEnvelope(connection: RpcConnection, envelope: Envelope): void;
  /** Called exactly once, when the connection is over; `reason` says why, naming the peer. */
  onClose(connection: RpcConnection, reason: Error): void;
}

type Phase = "greeting" | "serverNonce" | "clientProof" | "verdict" | "serverProof" | "open" | "closed";

/** How long a connection closed with a last frame still going out may take to flush it. */
const FLUSH_GRACE_MS = 2_000;

/**
 * One TCP connection between two RpcEnvs: the handshake (Handshake.ts), then frames. Anything the peer sends
 * that does not fit the protocol (bytes before or instead of the handshake, a refused frame length, a body
 * that is not an envelope, a request on an outbound connection or a reply on an inbound one) closes this
 * connection alone, logged once with the peer's address; nothing received is ever evaluated.
 */
export class RpcConnection {
  private static lastId = 0;
  /** Unique in this process: endpoints know an inbound connection by it, and logs name it. */
  readonly id = ++RpcConnection.lastId;
  /** The peer: the address dialled (outbound) or the remote socket address (inbound). */
  readonly peer: RpcAddress;
  /** Resolves when the socket is fully closed. */
  readonly closed: Promise<void>;
  private phase: Phase;
  private readonly decoder: FrameDecoder;
  private readonly pendingFrames: Buffer[][] = [];
  private handshakeTimer: NodeJS.Timeout | undefined;
  private serverNonce: Buffer | undefined;
  private clientNonce: Buffer | undefined;
  private socketConnected: boolean;
  private opened = false;

  private constructor(
    readonly direction: "inbound" | "outbound",
    private readonly socket: Socket,
    peer: RpcAddress,
    private readonly options: ConnectionOptions,
    private readonly events: ConnectionEvents,
  ) {
    this.peer = peer;
    this.decoder = new FrameDecoder(options.maxFrameBytes);
    this.socketConnected = direction === "inbound";
    this.closed = new Promise((resolve) => socket.once("close", () => resolve()));
    socket.setNoDelay(true);
    socket.setKeepAlive(true, 30_000);
    socket.on("data", (chunk: Buffer) => this.onData(chunk));
    socket.on("error", (e) => this.onSocketGone(e));
    socket.on("close", () => this.onSocketGone(undefined));
    if (direction === "outbound") {
      this.phase = "greeting";
      socket.once("connect", () => (this.socketConnected = true));
      this.startHandshakeTimer();
    } else if (options.secret !== undefined) {
      this.serverNonce = nonce();
      socket.write(greeting(this.serverNonce));
      this.phase = "clientProof";
      this.startHandshakeTimer();
    } else {
      socket.write(greeting(undefined));
      this.phase = "open";
      this.opened = true;
    }
  }

  /** A connection a server accepted; the handshake starts at once. */
  static accept(socket: Socket, options: ConnectionOptions, events: ConnectionEvents): RpcConnection {
    const peer = { host: socket.remoteAddress ?? "unknown", port: socket.remotePort ?? 0 };
    return new RpcConnection("inbound", socket, peer, options, events);
  }

  /** Dials `address`; frames written before the handshake is done wait for it. */
  static connect(address: RpcAddress, options: ConnectionOptions, events: ConnectionEvents): RpcConnection {
    return new RpcConnection("outbound", connect({ host: address.host, port: address.port }), address, options, events);
  }

  /** Whether the handshake ever completed: a connection, not just an attempt, is what a drop ends. */
  get wasOpened(): boolean {
    return this.opened;
  }

  get isClosed(): boolean {
    return this.phase === "closed";
  }

  /** Writes one frame (its header and body), or queues it until the handshake is done; dropped once closed. */
  write(frame: readonly Buffer[]): void {
    if (this.phase === "closed") return;
    if (this.phase !== "open") {
      this.pendingFrames.push([...frame]);
      return;
    }
    this.socket.cork();
    for (const part of frame) this.socket.write(part);
    this.socket.uncork();
  }

  /** Closes at once, without logging: a shutdown, or a connection nobody needs any more. */
  close(reason: Error): void {
    this.finish(reason);
    this.socket.destroy();
  }

  /**
   * Closes because the peer broke the protocol, logged once with its address. With `flush`, frames already
   * written (a last ReplyError saying why) still go out first.
   */
  fail(reason: Error, flush = false): void {
    if (this.phase === "closed") return;
    console.warn(`[rpc ${this.options.envName}] closing connection #${this.id} ${this.direction === "inbound" ? "from" : "to"} ${hostPort(this.peer)}: ${reason.message}`);
    this.finish(reason);
    if (flush) {
      this.socket.end();
      setTimeout(() => this.socket.destroy(), FLUSH_GRACE_MS).unref();
    } else {
      this.socket.destroy();
    }
  }

  private finish(reason: Error): void {
    if (this.phase === "closed") return;
    this.phase = "closed";
    clearTimeout(this.handshakeTimer);
    this.pendingFrames.length = 0;
    this.events.onClose(this, reason);
  }

  private onSocketGone(error: Error | undefined): void {
    if (this.phase === "closed") return;
    const peer = hostPort(this.peer);
    let message: string;
    if (!this.socketConnected) message = `Failed to connect to ${peer}: ${error?.message ?? "connection closed"}`;
    else if (this.phase !== "open") {
      message = `${peer} closed the connection during the RPC handshake${this.options.secret !== undefined ? " (does it use the same spark.authenticate.secret?)" : ""}${error ? `: ${error.message}` : ""}`;
    } else message = `Connection ${this.direction === "inbound" ? "from" : "to"} ${peer} closed${error ? `: ${error.message}` : ""}`;
    this.finish(new RpcConnectionException(message, { cause: error }));
    this.socket.destroy();
  }

  private startHandshakeTimer(): void {
    this.handshakeTimer = setTimeout(() => {
      const what = this.direction === "inbound" ? "the peer did not authenticate" : "no RPC handshake completed with the server";
      this.fail(new RpcConnectionException(`${what} within ${this.options.handshakeTimeoutMs} ms (${hostPort(this.peer)})`));
    }, this.options.handshakeTimeoutMs);
    this.handshakeTimer.unref();
  }

  private onData(chunk: Buffer): void {
    if (this.phase === "closed") return;
    this.decoder.push(chunk);
    try {
      while (!this.isClosed) {
        if (this.phase !== "open") {
          if (!this.handshakeStep()) return;
          continue;
        }
        const body = this.decoder.nextFrame();
        if (body === undefined) return;
        const envelope = decodeEnvelope(body);
        if ((envelope.endpoint === null) !== (this.direction === "outbound")) {
          throw new Error(this.direction === "inbound" ? "a reply came on a connection the peer opened (only requests may)" : "a request came on a connection this side opened (only replies may)");
        }
        this.events.onEnvelope(this, envelope);
      }
    } catch (e) {
      this.fail(e instanceof Error ? e : new Error(String(e)));
    }
  }

  /** Reads the next handshake record if it is all there; false while waiting for bytes. */
  private handshakeStep(): boolean {
    const secret = this.options.secret;
    const peer = hostPort(this.peer);
    switch (this.phase) {
      case "greeting": {
        const bytes = this.decoder.take(GREETING_BYTES);
        if (!bytes) return false;
        if (!bytes.subarray(0, MAGIC.length).equals(MAGIC)) throw new RpcConnectionException(`${peer} is not a Kindling RPC server (its first bytes are not the RPC greeting)`);
        const version = bytes[MAGIC.length]!;
        if (version !== PROTOCOL_VERSION) throw new RpcConnectionException(`${peer} speaks RPC protocol version ${version}; this process speaks version ${PROTOCOL_VERSION}`);
        const authenticates = (bytes[MAGIC.length + 1]! & AUTH_FLAG) !== 0;
        if (authenticates && secret === undefined) {
          throw new RpcConnectionException(`${peer} requires authentication (spark.authenticate=true there), but no spark.authenticate.secret is set here`);
        }
        if (!authenticates && secret !== undefined) {
          throw new RpcConnectionException(`${peer} does not authenticate (spark.authenticate=false there), but spark.authenticate is on here: refusing an unauthenticated peer`);
        }
        if (authenticates) this.phase = "serverNonce";
        else this.open();
        return true;
      }
      case "serverNonce": {
        const serverNonce = this.decoder.take(NONCE_BYTES);
        if (!serverNonce) return false;
        this.serverNonce = serverNonce;
        this.clientNonce = nonce();
        this.socket.write(Buffer.concat([this.clientNonce, proof(secret!, "client", serverNonce, this.clientNonce)]));
        this.phase = "verdict";
        return true;
      }
      case "clientProof": {
        const bytes = this.decoder.take(NONCE_BYTES + PROOF_BYTES);
        if (!bytes) return false;
        const clientNonce = bytes.subarray(0, NONCE_BYTES);
        if (!proofMatches(proof(secret!, "client", this.serverNonce!, clientNonce), bytes.subarray(NONCE_BYTES))) {
          this.socket.write(Buffer.from([REFUSED]));
          this.fail(new RpcConnectionException("authentication failed: the peer does not hold this cluster's spark.authenticate.secret"), true);
          return false;
        }
        this.socket.write(Buffer.concat([Buffer.from([ACCEPTED]), proof(secret!, "server", this.serverNonce!, clientNonce)]));
        this.open();
        return true;
      }
      case "verdict": {
        const verdict = this.decoder.take(1);
        if (!verdict) return false;
        if (verdict[0] !== ACCEPTED) {
          throw new RpcConnectionException(`${peer} refused our authentication: its spark.authenticate.secret differs from ours`);
        }
        this.phase = "serverProof";
        return true;
      }
      case "serverProof": {
        const serverProof = this.decoder.take(PROOF_BYTES);
        if (!serverProof) return false;
        if (!proofMatches(proof(secret!, "server", this.serverNonce!, this.clientNonce!), serverProof)) {
          throw new RpcConnectionException(`${peer} failed to prove it holds spark.authenticate.secret: its secret differs from ours`);
        }
        this.open();
        return true;
      }
      default:
        return false;
    }
  }

  private open(): void {
    this.phase = "open";
    this.opened = true;
    clearTimeout(this.handshakeTimer);
    for (const frame of this.pendingFrames.splice(0)) this.write(frame);
  }
}
