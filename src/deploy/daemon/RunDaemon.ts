import { fstatSync } from "node:fs";

/** A started master or worker. */
export interface Daemon {
  /** `<Master|Worker> started at spark://host:port`: the one line a launcher waits for on stdout. */
  readonly startedLine: string;
  stop(): Promise<void>;
}

/**
 * Runs a daemon in this process until SIGTERM or SIGINT: prints its started line, then on a signal stops it
 * (a worker kills its executors first) and exits 0. A second signal while stopping exits at once.
 */
export async function runDaemon(start: () => Promise<Daemon>): Promise<void> {
  const daemon = await start();
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping) process.exit(128 + (signal === "SIGINT" ? 2 : 15));
    stopping = true;
    daemon.stop().then(
      () => process.exit(0),
      (e) => {
        console.error(`Failed to stop cleanly on ${signal}:`, e);
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);
  // A launcher that holds our stdin as a pipe and never writes (local-cluster's driver) may die by SIGKILL:
  // end-of-file there stops us as SIGTERM would, so no daemon outlives it. A terminal or /dev/null is not watched.
  const stdin = fstatSync(0);
  if (stdin.isFIFO() || stdin.isSocket()) {
    process.stdin.on("end", () => onSignal("SIGTERM"));
    process.stdin.resume();
  }
  process.stdout.write(`${daemon.startedLine}\n`);
}
