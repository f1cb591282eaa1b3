import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";

const MAIN = fileURLToPath(new URL("../../src/cli/main.js", import.meta.url));

/** Runs `kindling ...` to its end: exit code and output. */
function kindling(args: string[], input?: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [MAIN, ...args], { stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d));
    child.stderr.on("data", (d: Buffer) => (stderr += d));
    child.on("exit", (code) => done({ code, stdout, stderr }));
    child.stdin.end(input ?? "");
  });
}

function appDir(): string {
  return mkdtempSync(join(tmpdir(), "kindling-submit-"));
}

describe("kindling submit", () => {
  it("runs a TypeScript application as the driver, with the master and settings it was given", async () => {
    const dir = appDir();
    writeFileSync(join(dir, "helper.ts"), "export const twice = (n: number): number => n * 2;\n");
    writeFileSync(join(dir, "app.ts"), [
      'import { SparkSession } from "kindling";',
      'import { twice } from "./helper.js";',
      "const spark = SparkSession.builder().getOrCreate();",
      "const sc = spark.sparkContext;",
      "const n: number = await spark.range(0, 10).count();",
      'console.log(`master=${sc.master} name=${sc.appName} memory=${sc.getConf().get("spark.executor.memory")} extra=${sc.getConf().get("spark.kindling.test")} count=${twice(n)} args=${process.argv.slice(2).join(",")}`);',
      "await spark.stop();",
    ].join("\n"));
    const r = await kindling(["submit", "--master", "local[2]", "--executor-memory", "1g", "--conf", "spark.kindling.test=yes", join(dir, "app.ts"), "a1", "--flag"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /master=local\[2\] name=app memory=1g extra=yes count=20 args=a1,--flag/);
  });

  it("a setting in the program wins over the command's, and the exit code is the application's", async () => {
    const dir = appDir();
    writeFileSync(join(dir, "app.js"), [
      'import { SparkSession } from "kindling";',
      'const spark = SparkSession.builder().appName("named-in-code").getOrCreate();',
      "console.log(`name=${spark.sparkContext.appName}`);",
      "await spark.stop();",
      "process.exitCode = 3;",
    ].join("\n"));
    const r = await kindling(["submit", "--name", "from-command", join(dir, "app.js")]);
    assert.equal(r.code, 3);
    assert.match(r.stdout, /name=named-in-code/);
  });

  it("a missing application is a clear error", async () => {
    const r = await kindling(["submit", join(appDir(), "nope.js")]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /nope\.js does not exist: give kindling submit a \.js or \.ts file/);
  });

  it("--help lists spark-submit's options", async () => {
    const r = await kindling(["submit", "--help"]);
    for (const option of ["--master", "--executor-cores", "--executor-memory", "--total-executor-cores", "--conf", "--properties-file"]) assert.ok(r.stdout.includes(option), option);
  });
});

describe("kindling shell", () => {
  it("starts a REPL with spark and sc ready, where await works", async () => {
    const r = await kindling(["shell", "--master", "local[1]"], "await spark.range(0, 7).count()\nsc.master\n.exit\n");
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Spark context available as 'sc' \(master = local\[1\], app id = /);
    assert.match(r.stdout, /Spark session available as 'spark'/);
    assert.match(r.stdout, /\b7\b/);
    assert.match(r.stdout, /'local\[1\]'/);
  });
});
