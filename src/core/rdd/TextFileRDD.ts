import { closeSync, existsSync, openSync, readFileSync, readSync, readdirSync, statSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { gunzipSync } from "node:zlib";
import type { SparkContext } from "../SparkContext.js";
import type { TaskContext } from "../TaskContext.js";
import type { Partition } from "./Partition.js";
import { RDD } from "./RDD.js";
import { registerRDDKind } from "./RDDKinds.js";
import { SparkException } from "../../util/SparkException.js";

/** A byte range of one file; a task reads the lines that start inside it, as Hadoop's LineRecordReader. */
interface FileSplit extends Partition {
  readonly path: string;
  readonly start: number;
  readonly length: number;
}

const READ_BLOCK = 1 << 20;

/** `sc.textFile`: the lines of a file, a directory of files, a glob or a comma-separated list of them. */
export class TextFileRDD extends RDD<string> {
  constructor(sc: SparkContext | undefined, private readonly splits: readonly FileSplit[], id?: number) {
    super(sc, [], id);
  }

  /** Lists the input and cuts it into splits now, so that a missing path fails before any task runs. */
  static open(sc: SparkContext, path: string, minPartitions: number): TextFileRDD {
    const files = path.split(",").flatMap((p) => listInput(p.trim()));
    const total = files.reduce((s, f) => s + f.size, 0);
    const goal = Math.max(1, Math.ceil(total / Math.max(1, minPartitions)));
    const blockSize = 32 * 1024 * 1024;
    const splitSize = Math.max(1, Math.min(goal, blockSize));
    const splits: FileSplit[] = [];
    for (const f of files) {
      if (f.path.endsWith(".gz") || f.size === 0) {
        splits.push({ index: splits.length, path: f.path, start: 0, length: f.size });
        continue;
      }
      for (let start = 0; start < f.size; start += splitSize) {
        // Hadoop's SPLIT_SLOP: a last piece under 10% of a split joins the one before.
        const rest = f.size - start;
        const length = rest <= splitSize * 1.1 ? rest : splitSize;
        splits.push({ index: splits.length, path: f.path, start, length });
        if (length === rest) break;
      }
    }
    return new TextFileRDD(sc, splits).setName(path);
  }

  get kind(): string {
    return "TextFileRDD";
  }

  protected getPartitions(): Partition[] {
    return [...this.splits];
  }

  override getPreferredLocations(): string[] {
    return ["localhost"];
  }

  compute(split: Partition, ctx: TaskContext): IterableIterator<string> {
    const s = split as FileSplit;
    if (s.path.endsWith(".gz")) {
      const bytes = readFileSync(s.path);
      ctx.metrics.inputMetrics.bytesRead += bytes.length;
      return countLines(splitLines(gunzipSync(bytes).toString("utf8")), ctx);
    }
    return countLines(readLines(s, ctx), ctx);
  }

  serialize(): unknown {
    return null;
  }
}

function* countLines(lines: Iterable<string>, ctx: TaskContext): IterableIterator<string> {
  for (const line of lines) {
    ctx.metrics.inputMetrics.recordsRead++;
    yield line;
  }
}

function* splitLines(text: string): IterableIterator<string> {
  const lines = text.split(/\r?\n/);
  if (lines[lines.length - 1] === "") lines.pop();
  yield* lines;
}

/** Lines starting in [start, start + length): skip a partial first line, finish the last one past the end. */
function* readLines(split: FileSplit, ctx: TaskContext): IterableIterator<string> {
  const fd = openSync(split.path, "r");
  try {
    const end = split.start + split.length;
    let pos = split.start;
    let pending = Buffer.alloc(0);
    let skipFirst = split.start > 0;
    if (skipFirst) {
      // The previous split owns a line that starts before our start; it starts here only after a newline.
      const prev = Buffer.alloc(1);
      readSync(fd, prev, 0, 1, split.start - 1);
      skipFirst = prev[0] !== 0x0a;
    }
    const block = Buffer.allocUnsafe(READ_BLOCK);
    let lineStart = pos;
    for (;;) {
      const n = readSync(fd, block, 0, READ_BLOCK, pos);
      ctx.metrics.inputMetrics.bytesRead += n;
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

/** The files a path names: itself, the visible files of a directory, or the matches of a `*` / `?` glob. */
function listInput(path: string): { path: string; size: number }[] {
  const full = resolve(path.replace(/^file:(\/\/)?/, ""));
  if (/[*?]/.test(basename(full))) {
    const dir = resolve(full, "..");
    const pattern = new RegExp("^" + basename(full).replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".") + "$");
    const matches = existsSync(dir) ? readdirSync(dir).filter((n) => pattern.test(n)).sort() : [];
    if (matches.length === 0) throw new SparkException(`Input Pattern file:${full} matches 0 files`);
    return matches.flatMap((n) => listInput(join(dir, n)));
  }
  if (!existsSync(full)) throw new SparkException(`Input path does not exist: file:${full}`);
  const stat = statSync(full);
  if (!stat.isDirectory()) return [{ path: full, size: stat.size }];
  return readdirSync(full)
    .filter((n) => !n.startsWith("_") && !n.startsWith("."))
    .sort()
    .flatMap((n) => {
      const p = join(full, n);
      return statSync(p).isFile() ? [{ path: p, size: statSync(p).size }] : [];
    });
}

registerRDDKind("TextFileRDD", (_data: null, _deps, id) => new TextFileRDD(undefined, [], id));
