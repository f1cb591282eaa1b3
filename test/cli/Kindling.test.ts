import { after, test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { promisify } from "node:util";
import { DaemonProcess, KINDLING_CLI, freshDir, masterJson } from "../deploy/daemons/ClusterHarness.js";

const run = promisify(execFile);

after(() => DaemonProcess.killAll());

/** Runs `kindling args...` to its end: exit code and output. */
async function kindling(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [KINDLING_CLI, ...args], { encoding: "utf8" });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const failed = e as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

test("the package's bin is the kindling command, a node script", () => {
  const pkg = JSON.parse(readFileSync(join(KINDLING_CLI, "../../../../package.json"), "utf8")) as { bin: Record<string, string> };
  assert.deepEqual(pkg.bin, { kindling: "dist/src/cli/main.js" });
  assert.match(readFileSync(KINDLING_CLI, "utf8"), /^#!\/usr\/bin\/env node\n/);
});

test("kindling --help lists master, worker, submit and shell", async () => {
  const { code, stdout } = await kindling("--help");
  assert.equal(code, 0);
  assert.match(stdout, /^Usage: kindling \[options\] \[command\]/);
  for (const command of ["master \\[options\\]", "worker \\[options\\] <master>", "submit", "shell"]) {
    assert.match(stdout, new RegExp(`^  ${command}\\s`, "m"), `${command} is listed`);
  }
});

/** Help text with its line wrapping undone, so checks do not depend on the terminal's width. */
function unwrapped(text: string): string {
  return text.replace(/\s+/g, " ");
}

test("kindling master --help shows Spark's master options with their defaults", async () => {
  const { code, stdout } = await kindling("master", "--help");
  assert.equal(code, 0);
  assert.match(stdout, /^Usage: kindling master \[options\]/);
  const help = unwrapped(stdout);
  for (const option of [/ -h, --host <host> /, / -p, --port <port> .*?\(default: 7077\)/, / --webui-port <port> .*?\(default: 8080\)/, / -d, --work-dir <dir> /, / --conf <key=value> /, / --properties-file <file> /, / --help Show this help/]) {
    assert.match(help, option);
  }
});

test("kindling worker --help shows Spark's worker options with their defaults", async () => {
  const { code, stdout } = await kindling("worker", "--help");
  assert.equal(code, 0);
  assert.match(stdout, /^Usage: kindling worker \[options\] <master>/);
  const help = unwrapped(stdout);
  assert.match(help, /spark:\/\/HOST:PORT/);
  for (const option of [/ -c, --cores <n> .*?\(default: all \d+\)/, / -m, --memory <size> .*?\(default: the machine's memory minus 1g: \d+m\)/, / -d, --work-dir <dir> /, / -p, --port <port> .*?\(default: 0\)/, / --webui-port <port> .*?\(default: 8081\)/, / --conf <key=value> /, / --properties-file <file> /]) {
    assert.match(help, option);
  }
});

test("kindling master runs a master in this process until SIGTERM, with settings from a properties file and --conf", { timeout: 60_000 }, async () => {
  const workDir = freshDir("cli-master");
  const props = join(workDir, "spark-defaults.conf");
  // The file turns recovery on; --conf moves its directory: both must be read, --conf winning.
  writeFileSync(props, `spark.deploy.recoveryMode FILESYSTEM\nspark.deploy.recoveryDirectory ${join(workDir, "from-file")}\n`);
  const master = DaemonProcess.start("kindling master", KINDLING_CLI, ["master", "--host", "127.0.0.1", "--port", "0", "--webui-port", "0", "--work-dir", workDir, "--properties-file", props, "--conf", `spark.deploy.recoveryDirectory=${join(workDir, "from-conf")}`]);
  const [, url] = (await master.waitFor("stdout", /^Master started at (spark:\/\/127\.0\.0\.1:\d+)$/)) as unknown as [string, string];
  const [, webUiUrl] = (await master.waitFor("stderr", /Master web UI at (http:\S+)$/)) as unknown as [string, string];
  const json = await masterJson({ webUiUrl } as never);
  assert.deepEqual([json.url, json.status, json.workers], [url, "ALIVE", []]);
  assert.equal((await fetch(`${webUiUrl}/elsewhere`)).status, 404);
  assert.deepEqual(await master.kill("SIGTERM"), { code: 0, signal: null });
  const port = url.split(":")[2];
  assert.ok(existsSync(join(workDir, `master-127.0.0.1-${port}.log`)));
  assert.deepEqual([existsSync(join(workDir, "from-conf")), existsSync(join(workDir, "from-file"))], [true, false]);
  rmSync(workDir, { recursive: true, force: true });
});

test("bad arguments are refused with what was wrong", async () => {
  const badPort = await kindling("master", "--port", "http");
  assert.equal(badPort.code, 1);
  assert.match(badPort.stderr, /option '-p, --port <port>' argument 'http' is invalid. 'http' is not a port; use a number from 0 to 65535/);
  const noMaster = await kindling("worker");
  assert.equal(noMaster.code, 1);
  assert.match(noMaster.stderr, /missing required argument 'master'/);
  const badUrl = await kindling("worker", "localhost:7077", "--host", "127.0.0.1", "--webui-port", "0");
  assert.match(badUrl.stderr, /Invalid master URL 'localhost:7077': expected spark:\/\/host:port/);
  const badMemory = await kindling("worker", "spark://127.0.0.1:7077", "--memory", "4096");
  assert.match(badMemory.stderr, /Memory is below 1MB, or missing a M\/G at the end of the memory specification\?/);
  const badCores = await kindling("worker", "spark://127.0.0.1:7077", "--cores", "0");
  assert.match(badCores.stderr, /'0' is not a positive integer/);
  const badConf = await kindling("master", "--host", "127.0.0.1", "--conf", "spark.worker.timeout");
  assert.equal(badConf.code, 1);
  assert.match(badConf.stderr, /Error: Spark config without '=': spark.worker.timeout/);
  const badValue = await kindling("master", "--host", "127.0.0.1", "--conf", "spark.deploy.recoveryMode=FILESYSTEM");
  assert.match(badValue.stderr, /Error: spark.deploy.recoveryMode=FILESYSTEM needs spark.deploy.recoveryDirectory/);
});

test("a port already taken stops the daemon with the port named", async () => {
  const taken = createServer();
  await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", () => resolve()));
  const port = (taken.address() as { port: number }).port;
  try {
    const rpc = await kindling("master", "--host", "127.0.0.1", "--port", String(port), "--webui-port", "0");
    assert.equal(rpc.code, 1);
    assert.match(rpc.stderr, new RegExp(`Error: Service 'master' could not bind on 127.0.0.1:${port}`));
    const ui = await kindling("master", "--host", "127.0.0.1", "--port", "0", "--webui-port", String(port));
    assert.match(ui.stderr, new RegExp(`Error: The master web UI could not bind on 127.0.0.1:${port}: .*Choose another --webui-port`));
  } finally {
    taken.close();
  }
});
