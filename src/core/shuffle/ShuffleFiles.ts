import { closeSync, existsSync, mkdirSync, openSync, readSync, renameSync, statSync, writeSync } from "node:fs";
import { join } from "node:path";

/**
 * One map task's output, as Spark's sort shuffle lays it out: a data file with every reduce partition's bytes
 * in order, and an index file of numPartitions + 1 offsets into it. Both are written under temporary names
 * and renamed, so a reader never sees half a file. Like Spark's (spark.shuffle.sync is false by default) they are
 * not synced to disk: a map output lost with its machine is recomputed, not recovered.
 */
export function dataFile(dir: string, shuffleId: number, mapId: number): string {
  return join(dir, `shuffle_${shuffleId}_${mapId}_0.data`);
}

export function indexFile(dir: string, shuffleId: number, mapId: number): string {
  return join(dir, `shuffle_${shuffleId}_${mapId}_0.index`);
}

/** Writes partition segments in order; returns their lengths. */
export function writeMapOutput(dir: string, shuffleId: number, mapId: number, attempt: number, segments: Iterable<(write: (b: Buffer) => void) => void>): number[] {
  mkdirSync(dir, { recursive: true });
  const data = dataFile(dir, shuffleId, mapId);
  const tmp = `${data}.${attempt}.tmp`;
  const fd = openSync(tmp, "w");
  const lengths: number[] = [];
  try {
    for (const segment of segments) {
      let length = 0;
      segment((b) => {
        writeSync(fd, b);
        length += b.length;
      });
      lengths.push(length);
    }
  } finally {
    closeSync(fd);
  }
  const offsets = Buffer.alloc(8 * (lengths.length + 1));
  let offset = 0;
  lengths.forEach((len, i) => {
    offset += len;
    offsets.writeBigUInt64LE(BigInt(offset), 8 * (i + 1));
  });
  const index = indexFile(dir, shuffleId, mapId);
  const indexTmp = `${index}.${attempt}.tmp`;
  const ifd = openSync(indexTmp, "w");
  try {
    writeSync(ifd, offsets);
  } finally {
    closeSync(ifd);
  }
  renameSync(tmp, data);
  renameSync(indexTmp, index);
  return lengths;
}

/** The bytes of reduce partitions [start, end) of one map output; throws when the output is gone. */
export function readMapOutput(dir: string, shuffleId: number, mapId: number, start: number, end: number): Buffer {
  const index = indexFile(dir, shuffleId, mapId);
  const ifd = openSync(index, "r");
  const offsets = Buffer.alloc(16);
  let from: number;
  let to: number;
  try {
    readSync(ifd, offsets, 0, 8, 8 * start);
    readSync(ifd, offsets, 8, 8, 8 * end);
    from = Number(offsets.readBigUInt64LE(0));
    to = Number(offsets.readBigUInt64LE(8));
  } finally {
    closeSync(ifd);
  }
  const out = Buffer.allocUnsafe(to - from);
  if (out.length === 0) return out;
  const dfd = openSync(dataFile(dir, shuffleId, mapId), "r");
  try {
    let read = 0;
    while (read < out.length) read += readSync(dfd, out, read, out.length - read, from + read);
  } finally {
    closeSync(dfd);
  }
  return out;
}

export function mapOutputExists(dir: string, shuffleId: number, mapId: number): boolean {
  return existsSync(indexFile(dir, shuffleId, mapId)) && statSync(dataFile(dir, shuffleId, mapId)).isFile();
}
