import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";

/**
 * The Catalyst layers' modules refer to each other in cycles (expressions need the function registry, whose
 * functions build expressions). Each module must still load when it is the first one imported, which a fresh
 * worker (a fresh module graph) checks.
 */
const src = resolve(dirname(fileURLToPath(import.meta.url)), "../../src");

function modules(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? modules(path) : path.endsWith(".js") ? [path] : [];
  });
}

function loadAlone(path: string): Promise<string | null> {
  return new Promise((done) => {
    const worker = new Worker(`import(${JSON.stringify(pathToFileURL(path).href)}).then(() => process.exit(0), (e) => { console.error(e.message); process.exit(1); })`, {
      eval: true,
      stderr: true,
    });
    let message = "";
    worker.stderr.on("data", (chunk: Buffer) => (message += chunk.toString()));
    worker.on("exit", (code) => done(code === 0 ? null : `${path}: ${message.trim()}`));
  });
}

test("every module of types, expr, plan and sql loads when imported first", async () => {
  const paths = ["types", "expr", "plan", "sql"].flatMap((layer) => modules(join(src, layer)));
  const failures = (await Promise.all(paths.map(loadAlone))).filter((f) => f !== null);
  assert.deepEqual(failures, []);
});
