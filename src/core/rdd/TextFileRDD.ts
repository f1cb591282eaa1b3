import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { gunzipSync } from "node:zlib";
import type { SparkContext } from "../SparkContext.js";
import type { TaskContext } from "../TaskContext.js";
import type { Partition } from "./Partition.js";
import { RDD } from "./RDD.js";
import { readLinesInRange } from "./LineReader.js";
import { registerRDDKind } from "./RDDKinds.js";
import { SparkException } from "../../util/SparkException.js";

/** A byte range of one file; a task reads the lines that start inside it, as Hadoop's LineRecordReader. */
interface FileSplit extends Partition {
  readonly path: string;
  readonly start: number;
  readonly length: number;
}

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
    return countLines(readLinesInRange(s.path, s.start, s.length, (n) => (ctx.metrics.inputMetrics.bytesRead += n)), ctx);
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
