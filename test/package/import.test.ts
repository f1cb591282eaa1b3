import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const program = `
import { SparkSession, SparkContext } from "kindling";
const spark = SparkSession.builder().master("local[1]").getOrCreate();
const n = await spark.sparkContext.range(0, 10).map((x) => x * 2).reduce((a, b) => a + b);
await spark.stop();
console.log(typeof SparkContext, n);
`;

function run(cwd: string, flags: string[] = []): string {
  return execFileSync(process.execPath, [...flags, "--input-type=module", "-e", program], { cwd, encoding: "utf8" }).trim();
}

test("plain JavaScript imports the package by name inside the repository", () => {
  assert.equal(run(repo), "function 90");
});

test("plain JavaScript imports the package by name from a project that installed it", () => {
  const project = mkdtempSync(join(tmpdir(), "kindling-user-"));
  try {
    writeFileSync(join(project, "package.json"), JSON.stringify({ name: "user-app", type: "module" }));
    mkdirSync(join(project, "node_modules"));
    // What `npm install <path to kindling>` makes: a link to the package directory.
    symlinkSync(repo, join(project, "node_modules", "kindling"), "dir");
    assert.equal(run(project), "function 90");
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
});

test("a driver started with process-wide Node flags still runs its tasks on worker threads", () => {
  assert.equal(run(repo, ["--expose-gc", "--max-old-space-size=512", "--enable-source-maps"]), "function 90");
});
