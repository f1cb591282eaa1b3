import { closeSync, openSync, readSync } from "node:fs";

const READ_BLOCK = 1 << 20;

/**
 * The lines of a file that start in [start, start + length), as Hadoop's LineRecordReader reads a split: a
 * partial first line belongs to the split before, the last line is finished past the end. Splits of one file
 * thus read every line exactly once.
 */
export function* readLinesInRange(path: string, start: number, length: number, onBytesRead: (bytes: number) => void): IterableIterator<string> {
  const fd = openSync(path, "r");
  try {
    const end = start + length;
    let pos = start;
    let pending = Buffer.alloc(0);
    let skipFirst = start > 0;
    if (skipFirst) {
      // The previous split owns a line that starts before our start; it starts here only after a newline.
      const prev = Buffer.alloc(1);
      readSync(fd, prev, 0, 1, start - 1);
      skipFirst = prev[0] !== 0x0a;
    }
    const block = Buffer.allocUnsafe(READ_BLOCK);
    let lineStart = pos;
    for (;;) {
      const n = readSync(fd, block, 0, READ_BLOCK, pos);
      onBytesRead(n);
      if (n === 0) {
        if (pending.length > 0 && !skipFirst && lineStart < end) yield stripCR(pending);
        return;
      }
      let from = 0;
      for (let i = 0; i < n; i++) {
        if (block[i] !== 0x0a) continue;
        const piece = pending.length > 0 ? Buffer.concat([pending, block.subarray(from, i)]) : block.subarray(from, i);
        pending = Buffer.alloc(0);
        if (skipFirst) skipFirst = false;
        else yield stripCR(piece);
        from = i + 1;
        lineStart = pos + i + 1;
        if (lineStart >= end) return;
      }
      pending = Buffer.concat([pending, block.subarray(from, n)]);
      pos += n;
    }
  } finally {
    closeSync(fd);
  }
}

function stripCR(line: Buffer): string {
  const len = line.length > 0 && line[line.length - 1] === 0x0d ? line.length - 1 : line.length;
  return line.toString("utf8", 0, len);
}
