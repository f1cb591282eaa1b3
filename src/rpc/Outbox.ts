import type { Envelope } from "./Envelope.js";
import type { RpcAddress } from "./Messages.js";
import { hostPort } from "./RpcAddress.js";
import { RpcConnection, type ConnectionOptions } from "./RpcConnection.js";
import { RpcConnectionException, RpcEnvStoppedException, RpcTimeoutException } from "./RpcException.js";
import { SparkException } from "../util/SparkException.js";

interface PendingAsk {
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
  /** e.g. "RegisterWorker to endpoint 'Master' at 10.0.0.1:7077", for errors. */
  readonly what: string;
}

/**
 * Everything one RpcEnv sends to one peer address (Spark's Outbox): a connection made on first use and made
 * again on the next use after it dropped, and the asks waiting on it, each answered by the reply that names
 * its id. When the connection goes, every ask still waiting on it fails with the reason, naming the peer.
 */
export class Outbox {
  private connection: RpcConnection | undefined;
  private readonly pending = new Map<number, PendingAsk>();
  /** Sends written while the connection was still being made: lost, and logged, if it never opens. */
  private sendsBeforeOpen = 0;

  constructor(
    readonly address: RpcAddress,
    private readonly options: ConnectionOptions,
    /** An opened connection to the peer dropped (not by our own shutdown). */
    private readonly onDrop: () => void,
  ) {}

  send(frame: readonly Buffer[]): void {
    const connection = this.connect();
    if (!connection.wasOpened) this.sendsBeforeOpen++;
    connection.write(frame);
  }

  ask(id: number, frame: readonly Buffer[], what: string, timeoutMs: number, timeoutIsDefault: boolean): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        const hint = timeoutIsDefault ? ". This timeout is controlled by spark.rpc.askTimeout" : "";
        reject(new RpcTimeoutException(`Cannot receive any reply from ${hostPort(this.address)} in ${describeMs(timeoutMs)} (ask ${what})${hint}`));
      }, timeoutMs);
      this.pending.set(id, { resolve, reject, timer, what });
      this.connect().write(frame);
    });
  }

  /** A reply from the peer: settles the ask it names; a reply to an ask that already timed out is dropped. */
  onReply(envelope: Envelope & { readonly replyTo: number }): void {
    const ask = this.pending.get(envelope.replyTo);
    if (!ask) return;
    this.pending.delete(envelope.replyTo);
    clearTimeout(ask.timer);
    const message = envelope.message;
    if (message.type === "Reply") ask.resolve(message.value);
    else if (message.type === "ReplyError") ask.reject(new SparkException(`${message.message} (the reply to ${ask.what})`));
    else ask.resolve(message);
  }

  /** Closes the connection (our RpcEnv is shutting down); waiting asks fail with `reason`. */
  close(reason: RpcEnvStoppedException): Promise<void> {
    const connection = this.connection;
    if (!connection) return Promise.resolve();
    connection.close(reason);
    return connection.closed;
  }

  private connect(): RpcConnection {
    if (this.connection && !this.connection.isClosed) return this.connection;
    this.sendsBeforeOpen = 0;
    const connection = RpcConnection.connect(this.address, this.options, {
      onEnvelope: (_, envelope) => {
        if (envelope.replyTo !== null) this.onReply(envelope as Envelope & { readonly replyTo: number });
      },
      onClose: (closed, reason) => this.onClose(closed, reason),
    });
    this.connection = connection;
    return connection;
  }

  private onClose(connection: RpcConnection, reason: Error): void {
    if (this.connection !== connection) return;
    this.connection = undefined;
    const stopped = reason instanceof RpcEnvStoppedException;
    for (const [id, ask] of this.pending) {
      this.pending.delete(id);
      clearTimeout(ask.timer);
      const message = `Ask ${ask.what} failed: ${reason.message}`;
      ask.reject(stopped ? new RpcEnvStoppedException(message, { cause: reason }) : new RpcConnectionException(message, { cause: reason }));
    }
    if (!connection.wasOpened && this.sendsBeforeOpen > 0) {
      console.warn(`[rpc ${this.options.envName}] ${this.sendsBeforeOpen} message(s) to ${hostPort(this.address)} were not sent: ${reason.message}`);
    }
    if (connection.wasOpened && !stopped) this.onDrop();
  }
}

function describeMs(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} seconds` : `${ms} milliseconds`;
}
