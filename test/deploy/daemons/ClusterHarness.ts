import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, watch } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import type { ApplicationDescription, Message, MessageOf, MessageType, RpcAddress } from "../../../src/rpc/Messages.js";
import type { RpcEndpoint } from "../../../src/rpc/RpcEnv.js";
import { RpcEnv } from "../../../src/rpc/RpcEnv.js";
import { parseSparkURL } from "../../../src/rpc/RpcAddress.js";
import { appDesc } from "./fakes.js";

const here = dirname(fileURLToPath(import.meta.url));
export const DAEMON_MAIN = resolve(here, "../../../src/deploy/DaemonMain.js");
export const KINDLING_CLI = resolve(here, "../../../src/cli/main.js");
export const FAKE_EXECUTOR = join(here, "fixtures", "FakeExecutor.js");
/** How long any one wait may take before it fails with what was seen: a deadline, never a pause. */
const WAIT_MS = 30_000;

/**
 * A daemon (or CLI) child process whose stdout and stderr lines a test waits on. Every one started is killed
 * by `killAll`, which tests call in `after`.
 */
export class DaemonProcess {
  private static readonly running = new Set<DaemonProcess>();
  readonly stdout: string[] = [];
  readonly stderr: string[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private readonly waiters: { readonly stream: "stdout" | "stderr"; readonly pattern: RegExp; readonly resolve: (m: RegExpExecArray) => void }[] = [];

  private constructor(
    readonly name: string,
    readonly child: ChildProcess,
  ) {
    DaemonProcess.running.add(this);
    this.exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
    void this.exited.then(() => DaemonProcess.running.delete(this));
    for (const stream of ["stdout", "stderr"] as const) {
      createInterface({ input: child[stream]! }).on("line", (line) => this.onLine(stream, line));
    }
  }

  static start(name: string, program: string, args: readonly string[], env: Record<string, string> = {}): DaemonProcess {
    return DaemonProcess.command(name, process.execPath, [program, ...args], env);
  }

  /** Any command, e.g. node run inside a network namespace through `ip netns exec`. */
  static command(name: string, command: string, args: readonly string[], env: Record<string, string> = {}): DaemonProcess {
    const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    return new DaemonProcess(name, child);
  }

  static async killAll(): Promise<void> {
    await Promise.all([...DaemonProcess.running].map((p) => p.kill("SIGKILL")));
  }

  get pid(): number {
    return this.child.pid!;
  }

  private onLine(stream: "stdout" | "stderr", line: string): void {
    this[stream].push(line);
    for (const w of [...this.waiters]) {
      const m = w.stream === stream ? w.pattern.exec(line) : null;
      if (m) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.resolve(m);
      }
    }
  }

  /** The first line of `stream` matching `pattern`, among those printed after `after` lines (default: any). */
  waitFor(stream: "stdout" | "stderr", pattern: RegExp, after = 0): Promise<RegExpExecArray> {
    for (const line of this[stream].slice(after)) {
      const m = pattern.exec(line);
      if (m) return Promise.resolve(m);
    }
    return new Promise((resolve, reject) => {
      const waiter = { stream, pattern, resolve: (m: RegExpExecArray) => (clearTimeout(timer), resolve(m)) };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new Error(`${this.name} printed no ${stream} line matching ${pattern} in ${WAIT_MS}ms; it printed:\n${[...this.stdout, ...this.stderr].slice(-40).join("\n")}`));
      }, WAIT_MS);
      this.waiters.push(waiter);
      void this.exited.then(({ code, signal }) => {
        if (!this.waiters.includes(waiter)) return;
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        clearTimeout(timer);
        reject(new Error(`${this.name} exited (${code ?? signal}) before printing a ${stream} line matching ${pattern}; it printed:\n${[...this.stdout, ...this.stderr].slice(-40).join("\n")}`));
      });
    });
  }

  /** Sends `signal` and resolves once the process has exited (at once if it already has). */
  async kill(signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    return this.exited;
  }
}

export function freshDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `kindling-${prefix}-`));
}

export interface StartedMaster {
  readonly process: DaemonProcess;
  readonly url: string;
  readonly address: RpcAddress;
  readonly webUiUrl: string;
}

function confArgs(conf: Record<string, string>): string[] {
  return Object.entries(conf).flatMap(([k, v]) => ["--conf", `${k}=${v}`]);
}

export async function startMaster(options: { port?: number; conf?: Record<string, string>; workDir?: string } = {}): Promise<StartedMaster> {
  const args = ["master", "--host", "127.0.0.1", "--port", String(options.port ?? 0), "--webui-port", "0", "--work-dir", options.workDir ?? freshDir("master"), ...confArgs(options.conf ?? {})];
  const daemon = DaemonProcess.start("master", DAEMON_MAIN, args);
  const [, url] = (await daemon.waitFor("stdout", /^Master started at (spark:\/\/\S+)$/)) as unknown as [string, string];
  const [, webUiUrl] = (await daemon.waitFor("stderr", /Master web UI at (http:\S+)$/)) as unknown as [string, string];
  return { process: daemon, url, address: parseSparkURL(url)[0]!, webUiUrl };
}

export interface StartedWorker {
  readonly process: DaemonProcess;
  readonly url: string;
  readonly workDir: string;
}

/** A worker running the fake executor, registered with the master when this resolves. */
export async function startWorker(masterUrl: string, options: { cores?: number; memory?: string; conf?: Record<string, string> } = {}): Promise<StartedWorker> {
  const workDir = freshDir("worker");
  const args = ["worker", masterUrl, "--host", "127.0.0.1", "--cores", String(options.cores ?? 1), "--memory", options.memory ?? "1g", "--work-dir", workDir, "--webui-port", "0", ...confArgs(options.conf ?? {})];
  const daemon = DaemonProcess.start("worker", DAEMON_MAIN, args, { KINDLING_EXECUTOR_ENTRY: FAKE_EXECUTOR });
  const [, url] = (await daemon.waitFor("stdout", /^Worker started at (spark:\/\/\S+)$/)) as unknown as [string, string];
  await daemon.waitFor("stderr", /Successfully registered with master/);
  return { process: daemon, url, workDir };
}

/**
 * Resolves with the file's first match of `pattern`: checked now and on every change to the file. A file not
 * made yet (a worker writes an executor's stdout as it starts it) is looked for every 20ms until it is there.
 */
export async function untilFileMatches(path: string, pattern: RegExp): Promise<RegExpExecArray> {
  const deadline = Date.now() + WAIT_MS;
  while (!existsSync(path)) {
    if (Date.now() > deadline) throw new Error(`${path} was not made in ${WAIT_MS}ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return new Promise((resolve, reject) => {
    const check = (): void => {
      const m = pattern.exec(readFileSync(path, "utf8"));
      if (!m) return;
      watcher.close();
      clearTimeout(timer);
      resolve(m);
    };
    const watcher = watch(path, check);
    const timer = setTimeout(() => {
      watcher.close();
      reject(new Error(`${path} has no line matching ${pattern} after ${WAIT_MS}ms: '${readFileSync(path, "utf8")}'`));
    }, WAIT_MS);
    check();
  });
}

/** The pid a fake executor prints first thing in its stdout file under the worker's work dir. */
export async function fakeExecutorPid(workDir: string, appId: string, execId: number): Promise<number> {
  return Number((await untilFileMatches(join(workDir, appId, String(execId), "stdout"), /pid (\d+)/))[1]);
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Resolves once `pid` is gone. A process that is not our child gives no event to wait on, so this checks every 50ms. */
export async function processGone(pid: number): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  while (isAlive(pid)) {
    if (Date.now() > deadline) throw new Error(`process ${pid} is still alive after ${WAIT_MS}ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export async function masterJson(master: StartedMaster): Promise<{
  workers: { id: string; host: string; port: number; state: string; cores: number; coresused: number }[];
  activeapps: { id: string; name: string; state: string; cores: number }[];
  completedapps: { id: string; state: string }[];
  aliveworkers: number;
  status: string;
  url: string;
}> {
  const response = await fetch(`${master.webUiUrl}/json`);
  return (await response.json()) as never;
}

/**
 * A driver's side of the conversation with the master, over a real RpcEnv: it hosts "AppClient", registers
 * an application, and keeps what the master tells it so a test can wait for each message. A master that
 * changed (MasterChanged) is acknowledged, as Spark's StandaloneAppClient does.
 */
export class TestDriver implements RpcEndpoint {
  private readonly inbox: Message[] = [];
  private readonly waiters: { readonly matches: (m: Message) => boolean; readonly resolve: (m: Message) => void }[] = [];
  appId = "";
  private master: RpcAddress | undefined;

  private constructor(readonly env: RpcEnv) {}

  static async start(secret?: string): Promise<TestDriver> {
    const env = await RpcEnv.create({ name: "test-driver", host: "127.0.0.1", port: 0, secret });
    const driver = new TestDriver(env);
    env.setupEndpoint("AppClient", driver);
    return driver;
  }

  receive(message: Message): void {
    if (message.type === "MasterChanged") {
      this.master = message.masterAddress;
      this.env.endpointRef(message.masterAddress, "Master").send({ type: "MasterChangeAcknowledged", appId: this.appId });
    }
    const waiter = this.waiters.find((w) => w.matches(message));
    if (waiter) {
      this.waiters.splice(this.waiters.indexOf(waiter), 1);
      waiter.resolve(message);
    } else {
      this.inbox.push(message);
    }
  }

  async register(master: RpcAddress, desc: Partial<ApplicationDescription> = {}): Promise<string> {
    this.master = master;
    this.env.endpointRef(master, "Master").send({ type: "RegisterApplication", appDesc: appDesc({ driverUrl: this.env.address, ...desc }), driver: this.env.address });
    this.appId = (await this.next("RegisteredApplication")).appId;
    return this.appId;
  }

  unregister(): void {
    this.env.endpointRef(this.master!, "Master").send({ type: "UnregisterApplication", appId: this.appId });
  }

  /** The first message of `type` (matching `where`) the master sent, now or later; taken off the inbox. */
  next<T extends MessageType>(type: T, where: (m: MessageOf<T>) => boolean = () => true): Promise<MessageOf<T>> {
    const matches = (m: Message): boolean => m.type === type && where(m as MessageOf<T>);
    const found = this.inbox.find(matches);
    if (found) {
      this.inbox.splice(this.inbox.indexOf(found), 1);
      return Promise.resolve(found as MessageOf<T>);
    }
    return new Promise((resolve, reject) => {
      const waiter = { matches, resolve: (m: Message) => (clearTimeout(timer), resolve(m as MessageOf<T>)) };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new Error(`the driver got no ${type} in ${WAIT_MS}ms; it has: ${JSON.stringify(this.inbox)}`));
      }, WAIT_MS);
      this.waiters.push(waiter);
    });
  }

  /** What is left unread. */
  get unread(): readonly Message[] {
    return this.inbox;
  }

  stop(): Promise<void> {
    return this.env.shutdown();
  }
}
