import { closeSync, mkdirSync, openSync, readSync, rmSync, writeSync } from "node:fs";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { deserialize } from "node:v8";
import { encodeRecords } from "./RecordChunks.js";

/**
 * A temporary file of record segments written once, read back segment by segment, then deleted. Not synced to
 * disk: it lives only as long as its task, as Spark's spills (spark.shuffle.sync is false by default).
 */
export class SpillFile {
  readonly path: string;
  private readonly segments: { offset: number; length: number }[] = [];
  private size = 0;

  /** Writes each group of records as one segment. */
  constructor(dir: string, groups: Iterable<Iterable<unknown>>) {
    mkdirSync(dir, { recursive: true });
    this.path = join(dir, `spill-${randomUUID()}`);
    const fd = openSync(this.path, "w");
    try {
      for (const records of groups) {
        const length = encodeRecords(records, (chunk) => writeSync(fd, chunk)).bytes;
        this.segments.push({ offset: this.size, length });
        this.size += length;
      }
    } finally {
      closeSync(fd);
    }
  }

  get bytes(): number {
    return this.size;
  }

  /** Streams one segment's records, reading a chunk at a time so a merge holds one chunk per file. */
  *read<T>(segment: number): IterableIterator<T> {
    const { offset, length } = this.segments[segment]!;
    const fd = openSync(this.path, "r");
    try {
      const header = Buffer.alloc(4);
      let pos = offset;
      while (pos < offset + length) {
        readSync(fd, header, 0, 4, pos);
        const len = header.readUInt32LE(0);
        const body = Buffer.allocUnsafe(len);
        let got = 0;
        while (got < len) got += readSync(fd, body, got, len - got, pos + 4 + got);
        pos += 4 + len;
        yield* deserialize(body) as T[];
      }
    } finally {
      closeSync(fd);
    }
  }

  delete(): void {
    rmSync(this.path, { force: true });
  }
}

export function spillDir(localDir: string): string {
  return join(localDir, "spill");
}
