import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { SparkConf } from "../../core/SparkConf.js";
import { moduleLoadingExecArgv } from "../../executor/Executor.js";
import { SparkException } from "../../util/SparkException.js";

const DAEMON_MAIN = fileURLToPath(new URL("../DaemonMain.js", import.meta.url));
const HOST = "127.0.0.1";
/** How long a daemon may take to print the line saying where it listens. */
const START_TIMEOUT_MS = 30_000;
/** How long a daemon has to exit after SIGTERM before it is killed. */
const STOP_GRACE_MS = 10_000;
/** Settings that belong to the application, not to the cluster it starts (written in java.util.Properties form). */
const APP_ONLY = /^spark\.(master|app\.|driver\.|jars$|submit\.)/;

interface Daemon {
  readonly name: string;
  readonly process: ChildProcess;
  /** The last lines it printed, for an error if it dies. */
  readonly output: string[];
  readonly exited: Promise<void>;
}

/**
 * `local-cluster[W,C,M]` (Spark's LocalSparkCluster, but with real processes): a master and W workers of C
 * cores and M MiB each, on 127.0.0.1 with ephemeral ports, for tests and demos. Each daemon's stdin is a pipe
 * from this process that is never written: when the driver dies, even by SIGKILL, the pipe closes and the
 * daemons exit (and the workers kill their executors), so nothing is left behind.
 */
export class LocalSparkCluster {
  private readonly daemons: Daemon[] = [];
  /** The daemons' directories and settings file, made when the cluster starts. */
  private dir = "";
  private stopping = false;

  constructor(
    private readonly numWorkers: number,
    private readonly coresPerWorker: number,
    private readonly memoryPerWorkerMB: number,
    private readonly conf: SparkConf,
  ) {}

  /** Starts the master, then the workers; resolves with the master's URL once every daemon listens. */
  async start(): Promise<string> {
    this.dir = mkdtempSync(join(tmpdir(), "kindling-local-cluster-"));
    const properties = join(this.dir, "cluster.properties");
    const escape = (v: string): string => v.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/\r/g, "\\r");
    const lines = this.conf.getAll().filter(([k]) => !APP_ONLY.test(k)).map(([k, v]) => `${k}=${escape(v)}`);
    // The cluster's settings may hold its secret: a file only this user reads, not the command line.
    writeFileSync(properties, lines.join("\n") + "\n", { mode: 0o600 });
    const masterDir = join(this.dir, "master");
    mkdirSync(masterDir);
    const masterUrl = await this.launch("master", ["master", "--host", HOST, "--port", "0", "--webui-port", "0", "--work-dir", masterDir, "--properties-file", properties], "Master");
    await Promise.all(Array.from({ length: this.numWorkers }, (_, i) => {
      const workDir = join(this.dir, `worker-${i + 1}`);
      mkdirSync(workDir);
      return this.launch(`worker-${i + 1}`, [
        "worker", masterUrl, "--host", HOST, "--cores", String(this.coresPerWorker), "--memory", `${this.memoryPerWorkerMB}m`,
        "--work-dir", workDir, "--webui-port", "0", "--properties-file", properties,
      ], "Worker");
    }));
    // Read by every daemon as it started; the secret it may hold stays on disk no longer than that.
    rmSync(properties, { force: true });
    return masterUrl;
  }

  get totalCores(): number {
    return this.numWorkers * this.coresPerWorker;
  }

  /** The daemons' process ids: the master's first. */
  get pids(): number[] {
    return this.daemons.map((d) => d.process.pid!);
  }

  private launch(name: string, args: string[], kind: "Master" | "Worker"): Promise<string> {
    if (this.stopping) return Promise.reject(new SparkException("The local cluster was stopped while it started"));
    const child = spawn(process.execPath, [...moduleLoadingExecArgv(), DAEMON_MAIN, ...args], { stdio: ["pipe", "pipe", "pipe"] });
    const output: string[] = [];
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    this.daemons.push({ name, process: child, output, exited });
    return new Promise<string>((resolve, reject) => {
      const failed = (why: string): void => {
        clearTimeout(timer);
        reject(new SparkException(`The local cluster's ${name} ${why}. Its last output:\n${output.join("\n")}`));
      };
      const timer = setTimeout(() => failed(`did not start within ${START_TIMEOUT_MS / 1000} s`), START_TIMEOUT_MS);
      timer.unref();
      const started = new RegExp(`^${kind} started at (spark://\\S+)`);
      const onLine = (line: string): void => {
        output.push(line);
        if (output.length > 50) output.shift();
        const m = started.exec(line);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      };
      lines(child.stdout!, onLine);
      lines(child.stderr!, onLine);
      child.once("exit", (code, signal) => failed(`exited with ${signal ?? `code ${code}`}`));
      child.once("error", (e) => failed(`could not be started: ${e.message}`));
    });
  }

  /** Stops the workers (which stop their executors), then the master; SIGKILL for any that hang. */
  async stop(): Promise<void> {
    this.stopping = true;
    const [master, ...workers] = this.daemons;
    await Promise.all(workers.map(terminate));
    if (master) await terminate(master);
    if (this.dir !== "") rmSync(this.dir, { recursive: true, force: true });
  }
}

async function terminate(d: Daemon): Promise<void> {
  if (d.process.exitCode !== null || d.process.signalCode !== null) return;
  d.process.kill("SIGTERM");
  const timer = setTimeout(() => d.process.kill("SIGKILL"), STOP_GRACE_MS);
  await d.exited;
  clearTimeout(timer);
}

/** Calls `onLine` per line of a daemon's output; reading on keeps a chatty daemon from blocking on a full pipe. */
function lines(stream: NodeJS.ReadableStream, onLine: (line: string) => void): void {
  let rest = "";
  stream.setEncoding("utf8");
  stream.on("data", (chunk: string) => {
    const parts = (rest + chunk).split("\n");
    rest = parts.pop()!;
    for (const p of parts) onLine(p);
  });
}
