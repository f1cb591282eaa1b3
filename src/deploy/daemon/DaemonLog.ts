import { appendFileSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";

/** Where a daemon's log lines go; tests pass one that keeps them. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string, cause?: unknown): void;
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

/** log4j's default layout, as Spark's daemons print: `24/05/01 12:00:00 INFO Master: message`. */
function formatLogLine(time: Date, level: string, name: string, message: string): string {
  const date = `${pad(time.getFullYear() % 100)}/${pad(time.getMonth() + 1)}/${pad(time.getDate())}`;
  const clock = `${pad(time.getHours())}:${pad(time.getMinutes())}:${pad(time.getSeconds())}`;
  return `${date} ${clock} ${level} ${name}: ${message}\n`;
}

/**
 * A master's or worker's log: appended to a file under its work directory (kept across restarts, so a
 * recovered master's log shows both lives) and echoed to stderr, as a daemon run in the foreground prints it.
 * Writes are synchronous: a daemon logs little, and a line must be on disk before a SIGKILL can take it.
 */
export class DaemonLog implements Logger {
  constructor(
    private readonly name: string,
    private readonly file: string,
    private readonly echo: (line: string) => void = (line) => process.stderr.write(line),
  ) {
    mkdirSync(dirname(file), { recursive: true });
  }

  info(message: string): void {
    this.write("INFO", message);
  }

  warn(message: string): void {
    this.write("WARN", message);
  }

  error(message: string, cause?: unknown): void {
    const detail = cause instanceof Error ? `\n${cause.stack ?? cause.message}` : cause === undefined ? "" : `: ${String(cause)}`;
    this.write("ERROR", message + detail);
  }

  private write(level: string, message: string): void {
    const line = formatLogLine(new Date(), level, this.name, message);
    try {
      appendFileSync(this.file, line);
    } catch {
      // A full or vanished disk must not stop the daemon; the line still reaches stderr.
    }
    this.echo(line);
  }
}
