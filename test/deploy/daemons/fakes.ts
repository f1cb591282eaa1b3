import type { ApplicationDescription, Message, MessageOf, MessageType, RpcAddress } from "../../../src/rpc/Messages.js";
import type { RpcCallContext, RpcEndpointRef } from "../../../src/rpc/RpcEnv.js";
import type { Logger } from "../../../src/deploy/daemon/DaemonLog.js";
import { hostPort } from "../../../src/rpc/RpcAddress.js";

/** One message a daemon under test sent: to which endpoint at which address. */
export interface Sent {
  readonly to: string;
  readonly endpoint: string;
  readonly message: Message;
}

/**
 * An RpcEnv stand-in for driving a master or worker directly: sends are recorded, nothing crosses a socket, and
 * a test drops "the connection" to an address by calling `disconnect`.
 */
export class FakeRpcEnv {
  readonly sent: Sent[] = [];
  private readonly listeners = new Map<string, (() => void)[]>();
  private readonly waiters: { readonly matches: (s: Sent) => boolean; readonly resolve: (s: Sent) => void }[] = [];

  constructor(readonly address: RpcAddress) {}

  endpointRef(address: RpcAddress, name: string): RpcEndpointRef {
    const to = hostPort(address);
    return {
      address: { host: address.host, port: address.port },
      name,
      send: (message) => this.record({ to, endpoint: name, message }),
      ask: () => Promise.reject(new Error("the fake RpcEnv does not answer asks")),
      onDisconnected: (listener) => void this.listeners.set(to, [...(this.listeners.get(to) ?? []), listener]),
    };
  }

  private record(sent: Sent): void {
    const waiter = this.waiters.find((w) => w.matches(sent));
    if (waiter) {
      this.waiters.splice(this.waiters.indexOf(waiter), 1);
      waiter.resolve(sent);
    } else {
      this.sent.push(sent);
    }
  }

  /** The first message of `type` (and matching `where`) sent, now or later; it is taken off the record. */
  next<T extends MessageType>(type: T, where: (m: MessageOf<T>) => boolean = () => true): Promise<MessageOf<T>> {
    const matches = (s: Sent): boolean => s.message.type === type && where(s.message as MessageOf<T>);
    const already = this.sent.find(matches);
    if (already) {
      this.sent.splice(this.sent.indexOf(already), 1);
      return Promise.resolve(already.message as MessageOf<T>);
    }
    return new Promise((resolve) => this.waiters.push({ matches, resolve: (s) => resolve(s.message as MessageOf<T>) }));
  }

  disconnect(address: RpcAddress): void {
    for (const listener of this.listeners.get(hostPort(address)) ?? []) listener();
  }

  /** The messages of one type sent to `to` (host:port), taken off the record so the next look sees only newer ones. */
  take<T extends MessageType>(type: T, to?: string): MessageOf<T>[] {
    const taken = this.sent.filter((s) => s.message.type === type && (to === undefined || s.to === to));
    for (const s of taken) this.sent.splice(this.sent.indexOf(s), 1);
    return taken.map((s) => s.message as MessageOf<T>);
  }
}

export function call(connectionId: number): RpcCallContext {
  return {
    connectionId,
    remote: { host: "127.0.0.1", port: 50000 + connectionId },
    reply: () => {
      throw new Error("not an ask");
    },
  };
}

/** A logger that keeps its lines for assertions. */
export class MemoryLog implements Logger {
  readonly lines: string[] = [];
  info(message: string): void {
    this.lines.push(`INFO ${message}`);
  }
  warn(message: string): void {
    this.lines.push(`WARN ${message}`);
  }
  error(message: string): void {
    this.lines.push(`ERROR ${message}`);
  }
}

export function appDesc(overrides: Partial<ApplicationDescription> = {}): ApplicationDescription {
  return {
    name: "test-app",
    maxCores: null,
    memoryPerExecutorMB: 256,
    coresPerExecutor: 1,
    driverUrl: { host: "127.0.0.1", port: 40000 },
    files: [],
    conf: {},
    ...overrides,
  };
}
