import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, openSync } from "node:fs";
import { constants } from "node:os";
import { join } from "node:path";
import type { ExecutorState } from "../../rpc/Messages.js";
import type { ExecutorLaunch } from "./ExecutorCommand.js";

/** How an executor process is started: program, arguments and environment. */
export interface ExecutorCommand {
  readonly program: string;
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** The launch's executor and its directory (`<work-dir>/<appId>/<execId>`: its cwd, where its output goes). */
export interface ExecutorRunnerSpec extends Pick<ExecutorLaunch, "appId" | "execId" | "appDesc" | "cores" | "memoryMB" | "executorDir"> {
  readonly command: ExecutorCommand;
  /** How long a SIGTERMed executor gets before SIGKILL. */
  readonly terminateTimeoutMs: number;
}

/** Reports each state change: RUNNING once started, then one of FAILED, KILLED or EXITED. */
export type ExecutorStateListener = (runner: ExecutorRunner, state: ExecutorState, message: string | null, exitStatus: number | null) => void;

/** An exit as a shell reports it: the code, or 128 + the signal's number. */
function exitStatusOf(code: number | null, signal: NodeJS.Signals | null): number {
  return code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 0);
}

/**
 * One executor process of a worker (Spark's ExecutorRunner). Its stdout and stderr are files in its directory,
 * written by the process itself, so they stay whole whatever happens to the worker. Its stdin is a pipe that
 * only the worker holds: when the worker dies, even by SIGKILL, the executor reads end-of-file there and must
 * exit, so no executor outlives its worker.
 */
export class ExecutorRunner {
  state: ExecutorState = "LAUNCHING";
  private process: ChildProcess | undefined;
  private killReason: string | undefined;
  private readonly exitedPromise: Promise<void>;
  private markExited!: () => void;

  constructor(
    readonly spec: ExecutorRunnerSpec,
    private readonly onStateChange: ExecutorStateListener,
  ) {
    this.exitedPromise = new Promise((resolve) => (this.markExited = resolve));
  }

  get appId(): string {
    return this.spec.appId;
  }

  get execId(): number {
    return this.spec.execId;
  }

  get fullId(): string {
    return `${this.spec.appId}/${this.spec.execId}`;
  }

  get pid(): number | undefined {
    return this.process?.pid;
  }

  /** Resolves once the process has exited (or never started). */
  get exited(): Promise<void> {
    return this.exitedPromise;
  }

  start(): void {
    const { command, executorDir } = this.spec;
    const stdout = openSync(join(executorDir, "stdout"), "a");
    const stderr = openSync(join(executorDir, "stderr"), "a");
    try {
      const child = spawn(command.program, command.args, { cwd: executorDir, env: command.env, stdio: ["pipe", stdout, stderr] });
      this.process = child;
      child.stdin!.on("error", () => {}); // the executor closing its end is not the worker's failure
      child.once("spawn", () => {
        if (this.state !== "LAUNCHING") return;
        this.state = "RUNNING";
        this.onStateChange(this, "RUNNING", null, null);
      });
      child.once("error", (e) => {
        if (child.pid === undefined) this.finish("FAILED", `Failed to launch executor ${this.fullId}: ${e.message}`, null);
      });
      child.once("exit", (code, signal) => {
        const status = exitStatusOf(code, signal);
        if (this.killReason !== undefined) this.finish("KILLED", this.killReason, status);
        else this.finish("EXITED", `Command exited with code ${status}`, status);
      });
    } finally {
      // The child holds its own copies; the worker keeps none open.
      closeSync(stdout);
      closeSync(stderr);
    }
  }

  /** SIGTERM, then SIGKILL if it is still there after the grace period; resolves once it has exited. */
  kill(reason: string): Promise<void> {
    const child = this.process;
    if (!child || this.killReason !== undefined || child.exitCode !== null || child.signalCode !== null) return this.exitedPromise;
    this.killReason = reason;
    child.kill("SIGTERM");
    const escalate = setTimeout(() => child.kill("SIGKILL"), this.spec.terminateTimeoutMs);
    void this.exitedPromise.then(() => clearTimeout(escalate));
    return this.exitedPromise;
  }

  private finish(state: ExecutorState, message: string, exitStatus: number | null): void {
    if (this.state === "KILLED" || this.state === "FAILED" || this.state === "EXITED") return;
    this.state = state;
    this.process?.stdin?.destroy();
    this.onStateChange(this, state, message, exitStatus);
    this.markExited();
  }
}
