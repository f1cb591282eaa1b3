import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, writeFileSync, writeSync } from "node:fs";
import { join, resolve } from "node:path";
import type { TaskContext } from "../TaskContext.js";
import { SparkException } from "../../util/SparkException.js";

/**
 * saveAsTextFile's commit protocol, as Hadoop's FileOutputCommitter (v1): a task attempt writes under
 * `_temporary/0/_temporary/attempt_<tid>/` and commits by renaming that directory to `_temporary/0/task_<p>/`;
 * the driver commits the job by moving every task's files into place and writing `_SUCCESS`. Output of
 * failed or duplicate attempts never reaches the directory.
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
  const jobTemp = join(dir, "_temporary", "0");
  const attemptDir = join(jobTemp, "_temporary", `attempt_${ctx.taskAttemptId}`);
  mkdirSync(attemptDir, { recursive: true });
  const name = `part-${String(ctx.partitionId).padStart(5, "0")}`;
  const fd = openSync(join(attemptDir, name), "w");
  let records = 0;
  let bytes = 0;
  try {
    let buffer = "";
    for (const line of lines) {
      buffer += String(line) + "\n";
      records++;
      if (buffer.length > 1 << 16) {
        bytes += writeSync(fd, buffer);
        buffer = "";
      }
    }
    bytes += writeSync(fd, buffer);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  const taskDir = join(jobTemp, `task_${ctx.partitionId}`);
  if (existsSync(taskDir)) rmSync(attemptDir, { recursive: true, force: true });
  else renameSync(attemptDir, taskDir);
  ctx.metrics.outputMetrics.recordsWritten += records;
  ctx.metrics.outputMetrics.bytesWritten += bytes;
  return records;
}

/** Runs on the driver once every task committed. */
export function commitTextJob(dir: string): void {
  const jobTemp = join(dir, "_temporary", "0");
  for (const task of readdirSync(jobTemp).filter((n) => n.startsWith("task_"))) {
    for (const file of readdirSync(join(jobTemp, task))) renameSync(join(jobTemp, task, file), join(dir, file));
  }
  rmSync(join(dir, "_temporary"), { recursive: true, force: true });
  writeFileSync(join(dir, "_SUCCESS"), "");
}

/** A failed job leaves nothing behind. */
export function abortTextJob(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
