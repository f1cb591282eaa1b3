/**
 * Real processes as the cluster tests see them, read from Linux's /proc: a process's descendants, which of them
 * are executors (and their ids), and waits on their deaths by checking, never by sleeping a fixed time.
 * The test runner runs every file under test/; this one only lends its helpers.
 */
import { readFileSync, readdirSync } from "node:fs";

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A zombie has exited; only its parent has yet to reap it.
  return !/^\d+ \(.*\) Z/.test(readText(`/proc/${pid}/stat`));
}

function readText(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return "";
  }
}

function children(pid: number): number[] {
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
  return tasks.flatMap((tid) => readText(`/proc/${pid}/task/${tid}/children`).split(" ").filter((s) => s !== "").map(Number));
}

/** Every process below `pid`, children first. */
export function descendants(pid: number): number[] {
  const out: number[] = [];
  for (const child of children(pid)) out.push(child, ...descendants(child));
  return out;
}

export function commandLine(pid: number): string[] {
  return readText(`/proc/${pid}/cmdline`).split("\0").filter((s) => s !== "");
}

/** The executor processes below `pid`, by executor id. */
export function executorPids(pid: number): Map<string, number> {
  const out = new Map<string, number>();
  for (const p of descendants(pid)) {
    const args = commandLine(p);
    if (!args.some((a) => a.endsWith("CoarseGrainedExecutorBackend.js"))) continue;
    out.set(args[args.indexOf("--executor-id") + 1]!, p);
  }
  return out;
}

/** Resolves once `condition` holds, checking every 20 ms; rejects naming `what` after `timeoutMs`. */
export async function waitUntil(condition: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
