import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "../../util/atomicWrite.js";
import { IllegalStateException } from "../../util/SparkException.js";

const VERSION = 1;

/**
 * Spark's HDFSMetadataLog: one file per batch id in `dir` (`0`, `1`, …), each a version line (`v1`) and the
 * batch's entry, written to a temporary name, flushed and renamed, so that a file is whole or absent. A file
 * that is not a whole entry is an error naming it: a log is never skipped in silence.
 */
export abstract class MetadataLog<T> {
  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  protected abstract serialize(entry: T): string[];
  /** `lines` follow the version line; throws a message saying what is wrong, which the log wraps with the path. */
  protected abstract deserialize(lines: readonly string[]): T;

  /** Writes batch `batchId`'s entry unless there is one already (then false, as Spark's `add`). */
  add(batchId: number, entry: T): boolean {
    const path = this.pathOf(batchId);
    if (existsSync(path)) return false;
    writeFileAtomic(path, [`v${VERSION}`, ...this.serialize(entry)].join("\n"));
    return true;
  }

  get(batchId: number): T | undefined {
    const path = this.pathOf(batchId);
    if (!existsSync(path)) return undefined;
    const [version, ...lines] = readFileSync(path, "utf8").split("\n");
    const m = /^v(\d+)$/.exec(version ?? "");
    if (!m) throw new IllegalStateException(`Log file was malformed: failed to read correct log version from ${path}.`);
    if (Number(m[1]) > VERSION) {
      throw new IllegalStateException(
        `UnsupportedLogVersion: maximum supported log version is v${VERSION}, but encountered v${m[1]} in ${path}. The log file was produced by a newer version of Kindling and cannot be read by this version. Please upgrade.`,
      );
    }
    try {
      return this.deserialize(lines);
    } catch (e) {
      throw new IllegalStateException(`Log file was malformed: ${path}: ${(e as Error).message}`, { cause: e });
    }
  }

  /** The batch ids that have an entry, ascending. */
  batchIds(): number[] {
    return readdirSync(this.dir).filter((f) => /^\d+$/.test(f)).map(Number).sort((a, b) => a - b);
  }

  getLatest(): [number, T] | undefined {
    const ids = this.batchIds();
    const last = ids[ids.length - 1];
    return last === undefined ? undefined : [last, this.get(last)!];
  }

  /** Removes the entries of batches before `threshold` (`spark.sql.streaming.minBatchesToRetain`). */
  purge(threshold: number): void {
    for (const id of this.batchIds()) if (id < threshold) rmSync(this.pathOf(id), { force: true });
  }

  pathOf(batchId: number): string {
    return join(this.dir, String(batchId));
  }
}

/** Parses one JSON line of a log entry, saying which line when it is not JSON. */
export function parseJsonLine(line: string | undefined, what: string): unknown {
  if (line === undefined || line.trim() === "") throw new Error(`the ${what} line is missing (the file is truncated)`);
  try {
    return JSON.parse(line);
  } catch {
    throw new Error(`the ${what} line is not valid JSON: ${line.slice(0, 200)}`);
  }
}
