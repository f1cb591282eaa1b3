import { createConnection, type Socket } from "node:net";
import type { Attribute } from "../../../expr/AttributeReference.js";
import { LocalRelation } from "../../../plan/logical/Relations.js";
import type { Offset } from "../../../streaming/Offset.js";
import type { Source, SourceBatch } from "../../../streaming/Source.js";
import { StringType, TimestampType } from "../../../types/AtomicTypes.js";
import { StructField } from "../../../types/StructField.js";
import { StructType } from "../../../types/StructType.js";
import type { Clock } from "../../../util/Clock.js";
import { IllegalStateException, SparkException } from "../../../util/SparkException.js";

export interface SocketOptions {
  readonly host: string;
  readonly port: number;
  readonly includeTimestamp: boolean;
}

export function socketSchema(includeTimestamp: boolean): StructType {
  const value = new StructField("value", StringType, true);
  return new StructType(includeTimestamp ? [value, new StructField("timestamp", TimestampType, true)] : [value]);
}

/**
 * The socket source (Spark's TextSocketMicroBatchStream): connects when created and keeps every line received
 * (split as Java's readLine splits: `\n`, `\r` or `\r\n`) in memory until a batch that read it is committed.
 * An offset is the number of lines received. Nothing survives a restart: it is not fault tolerant.
 */
export class TextSocketSource implements Source {
  readonly schema: StructType;
  private readonly socket: Socket;
  private readonly connected: Promise<void>;
  /** The lines after the first `dropped` ones, each with when it arrived (microseconds). */
  private readonly lines: [string, bigint][] = [];
  private dropped = 0;
  private pending = "";
  private availableNowEnd: number | undefined;

  constructor(private readonly options: SocketOptions, private readonly clock: Clock) {
    this.schema = socketSchema(options.includeTimestamp);
    console.warn("The socket source should not be used for production applications! It does not support recovery.");
    const { host, port } = options;
    this.socket = createConnection({ host, port });
    this.socket.setEncoding("utf8");
    this.connected = new Promise((resolve, reject) => {
      this.socket.once("connect", resolve);
      this.socket.once("error", (e) =>
        reject(new SparkException(`The socket source could not connect to ${host}:${port}: ${e.message}. Start a server that writes lines there first (e.g. \`nc -lk ${port}\`).`, { cause: e })),
      );
    });
    // The failure is reported by the first batch that needs the connection, not as an unhandled rejection.
    this.connected.catch(() => {});
    this.socket.on("data", (chunk: string) => this.receive(chunk, false));
    this.socket.on("end", () => {
      this.receive("", true);
      console.warn(`Stream closed by ${host}:${port}`);
    });
    // As Spark's reader thread, an error after connecting just ends the stream: the lines so far stay readable.
    this.socket.on("error", () => {});
  }

  async latestOffset(): Promise<Offset | null> {
    await this.connected;
    const received = this.availableNowEnd ?? this.received;
    return received === 0 ? null : received;
  }

  async prepareForTriggerAvailableNow(): Promise<void> {
    await this.connected;
    this.availableNowEnd = this.received;
  }

  async getBatch(start: Offset | null, end: Offset, output: readonly Attribute[]): Promise<SourceBatch> {
    await this.connected;
    const from = start === null ? 0 : this.lineCount(start);
    const to = this.lineCount(end);
    if (from < this.dropped) {
      throw new IllegalStateException(`The socket source was asked for lines from ${from}, but lines before ${this.dropped} were committed and dropped: it keeps no lines for recovery.`);
    }
    if (to > this.received || from > to) {
      throw new IllegalStateException(`The socket source was asked for lines ${from} to ${to}, but it has received ${this.received}.`);
    }
    const slice = this.lines.slice(from - this.dropped, to - this.dropped);
    const rows = this.options.includeTimestamp ? slice : slice.map(([line]) => [line]);
    return { plan: LocalRelation(output, rows, true), numRows: rows.length };
  }

  async commit(end: Offset): Promise<void> {
    const to = this.lineCount(end);
    if (to < this.dropped) throw new IllegalStateException(`Offsets committed out of order: ${this.dropped} followed by ${to}`);
    this.lines.splice(0, to - this.dropped);
    this.dropped = to;
  }

  async stop(): Promise<void> {
    this.socket.destroy();
  }

  toString(): string {
    return `TextSocketV2[host: ${this.options.host}, port: ${this.options.port}]`;
  }

  private get received(): number {
    return this.dropped + this.lines.length;
  }

  /** Appends the complete lines of `text`; a trailing `\r` waits for the next chunk, which may start with `\n`. */
  private receive(text: string, ended: boolean): void {
    const micros = BigInt(this.clock.getTimeMillis()) * 1000n;
    const parts = (this.pending + text).split(/\r\n|\n|\r(?!$)/);
    this.pending = parts.pop()!;
    if (ended && this.pending !== "") {
      parts.push(this.pending.replace(/\r$/, ""));
      this.pending = "";
    }
    for (const line of parts) this.lines.push([line, micros]);
  }

  private lineCount(offset: Offset): number {
    if (typeof offset !== "number" || !Number.isSafeInteger(offset) || offset < 0) {
      throw new IllegalStateException(`The socket source's offset ${JSON.stringify(offset)} is not a count of lines.`);
    }
    return offset;
  }
}
