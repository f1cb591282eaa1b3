import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, writeFileSync, writeSync } from "node:fs";
import { join, resolve } from "node:path";
import type { TaskContext } from "../TaskContext.js";
import { SparkException } from "../../util/SparkException.js";

/**
 * saveAsTextFile's commit protocol, as Hadoop's FileOutputCommitter (v1): a task attempt writes under
 * `_temporary/0/_temporary/attempt_<tid>/` and commits by renaming that directory to `_temporary/0/task_<p>/`;
 * the driver commits the job by moving every task's files into place and writing `_SUCCESS`. Output of
 * failed or duplicate attempts never reaches the directory. The SQL file writers use the same protocol.
 */
export function checkOutputPath(path: string): string {
  const dir = resolve(path.replace(/^file:(\/\/)?/, ""));
  if (existsSync(dir)) {
    throw new SparkException(`Output directory file:${dir} already exists; choose another path or delete it first (FileAlreadyExistsException)`);
  }
  return dir;
}

/** Runs in the task: writes one partition's lines and commits the attempt. */
export function writeTextPartition(dir: string, lines: Iterable<unknown>, ctx: TaskContext): number {
  const name = `part-${String(ctx.partitionId).padStart(5, "0")}`;
  const { records, bytes } = commitTaskOutput(dir, ctx, (attemptDir) => {
    const fd = openSync(join(attemptDir, name), "w");
    let written = 0;
    let size = 0;
    try {
      let buffer = "";
      for (const line of lines) {
        buffer += String(line) + "\n";
        written++;
        if (buffer.length > 1 << 16) {
          size += writeSync(fd, buffer);
          buffer = "";
        }
      }
      size += writeSync(fd, buffer);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    return { records: written, bytes: size };
  });
  ctx.metrics.outputMetrics.recordsWritten += records;
  ctx.metrics.outputMetrics.bytesWritten += bytes;
  return records;
}

/**
 * Runs in the task: `write` fills a fresh attempt directory (any layout below it), then the attempt commits by
 * one rename. A second attempt of a committed task discards its own output.
 */
export function commitTaskOutput<T>(dir: string, ctx: TaskContext, write: (attemptDir: string) => T): T {
  const jobTemp = join(dir, "_temporary", "0");
  const attemptDir = join(jobTemp, "_temporary", `attempt_${ctx.taskAttemptId}`);
  mkdirSync(attemptDir, { recursive: true });
  const result = write(attemptDir);
  const taskDir = join(jobTemp, `task_${ctx.partitionId}`);
  if (existsSync(taskDir)) rmSync(attemptDir, { recursive: true, force: true });
  else renameSync(attemptDir, taskDir);
  return result;
}

/** Runs on the driver once every task committed: moves each task's files into place and writes `_SUCCESS`. */
export function commitJob(dir: string): void {
  moveTaskOutputs(dir);
  writeFileSync(join(dir, "_SUCCESS"), "");
}

/**
 * Moves each committed task's files into `dir`, merging directories, and removes the job's temporary files;
 * returns the moved files' new paths (a streaming file sink logs them).
 */
export function moveTaskOutputs(dir: string): string[] {
  const jobTemp = join(dir, "_temporary", "0");
  const moved: string[] = [];
  const tasks = existsSync(jobTemp) ? readdirSync(jobTemp).filter((n) => n.startsWith("task_")) : [];
  for (const task of tasks) moveInto(join(jobTemp, task), dir, moved);
  rmSync(join(dir, "_temporary"), { recursive: true, force: true });
  return moved;
}

function moveInto(from: string, to: string, moved: string[]): void {
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const source = join(from, entry.name);
    const target = join(to, entry.name);
    if (entry.isDirectory()) moveInto(source, target, moved);
    else {
      renameSync(source, target);
      moved.push(target);
    }
  }
}

/**
 * A failed job leaves nothing of its own behind: the whole directory when the job created it, otherwise
 * (an append) only its temporary files.
 */
export function abortJob(dir: string, createdDir: boolean): void {
  rmSync(createdDir ? dir : join(dir, "_temporary"), { recursive: true, force: true });
}
