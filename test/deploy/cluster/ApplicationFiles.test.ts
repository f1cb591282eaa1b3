import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { PACKAGE_ROOT, loadApplication, sparkAppConfigFor } from "../../../src/executor/ApplicationFiles.js";

const root = mkdtempSync(join(tmpdir(), "kindling-appfiles-"));
after(() => rmSync(root, { recursive: true, force: true }));

function app(files: Record<string, string>): string {
  const dir = mkdtempSync(join(root, "app-"));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

/** How the application's code reaches its executors: what the driver names, and what an executor accepts. */
describe("the application's files", () => {
  it("the driver names Kindling's modules by package path, and ships the application's with what they import relatively", () => {
    const dir = app({
      "main.js": `import { helper } from "./lib/helper.js";\nimport "kindling";\nconst later = () => import("../outside.js");\n`,
      "lib/helper.js": `export { shape } from "./shape.js";\n`,
      "lib/shape.ts": "export const shape = 1;\n",
      "kind.js": `import "./lib/helper.js";\n`,
    });
    const ownModule = new URL("../../../src/exec/runtime/SparkPlanRDD.js", import.meta.url).href;
    const config = sparkAppConfigFor([ownModule, pathToFileURL(join(dir, "kind.js")).href], [join(dir, "main.js")]);
    assert.deepEqual(config.packageModules, ["dist/src/exec/runtime/SparkPlanRDD.js"]);
    assert.deepEqual(config.appModules, [join(dir, "kind.js")]);
    // ../outside.js does not exist and is left out; lib/shape.js stands for the TypeScript source beside it.
    assert.deepEqual(config.appFiles, ["main.js", "lib/helper.js", "lib/shape.ts", "kind.js"].map((f) => join(dir, f)));
  });

  it("a file named in spark.jars that does not exist is refused, naming it", () => {
    assert.throws(() => sparkAppConfigFor([], [join(root, "missing.js")]), /The application file .*missing\.js does not exist or is not a file; check spark\.jars/);
  });

  it("an executor lays the files out with their relative paths, links kindling to its own package, and loads the named modules", async () => {
    const dir = app({ "a/kind.mjs": "globalThis.loadedKind = (globalThis.loadedKind ?? 0) + 1;\n", "a/b/data.txt": "x" });
    const config = sparkAppConfigFor([], [join(dir, "a/kind.mjs"), join(dir, "a/b/data.txt")]);
    const workDir = mkdtempSync(join(root, "executor-"));
    const fetched: string[] = [];
    await loadApplication({ ...config, appModules: [join(dir, "a/kind.mjs")] }, workDir, async (path) => {
      fetched.push(path);
      return readFileSync(path);
    });
    assert.deepEqual(fetched, config.appFiles);
    assert.equal(readFileSync(join(workDir, "app", "kind.mjs"), "utf8"), readFileSync(join(dir, "a/kind.mjs"), "utf8"));
    assert.equal(readFileSync(join(workDir, "app", "b", "data.txt"), "utf8"), "x");
    assert.equal(realpathSync(join(workDir, "app", "node_modules", "kindling")), realpathSync(PACKAGE_ROOT));
    assert.equal((globalThis as { loadedKind?: number }).loadedKind, 1);
  });

  for (const [what, config, message] of [
    ["a Kindling module outside the package", { packageModules: ["../../etc/evil.js"], appFiles: [], appModules: [] }, /expected a \.js path inside the package/],
    ["an absolute Kindling module", { packageModules: ["/tmp/evil.js"], appFiles: [], appModules: [] }, /expected a \.js path inside the package/],
    ["a module to load that is not one of the files", { packageModules: [], appFiles: [], appModules: ["/tmp/evil.js"] }, /not one of the application's files/],
    ["a relative application file", { packageModules: [], appFiles: ["evil.js"], appModules: [] }, /expected an absolute path/],
    ["a list that is not of strings", { packageModules: [1], appFiles: [], appModules: [] }, /packageModules is not a list of strings/],
  ] as const) {
    it(`an executor refuses a config naming ${what}, and loads nothing`, async () => {
      const workDir = mkdtempSync(join(root, "executor-"));
      await assert.rejects(loadApplication(config as never, workDir, async () => Buffer.from("")), message);
      assert.equal(existsSync(join(workDir, "app")), false);
    });
  }
});
