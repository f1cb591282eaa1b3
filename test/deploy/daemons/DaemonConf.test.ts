import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { daemonConf, parseConfPair } from "../../../src/deploy/daemon/DaemonConf.js";
import { loadPropertiesFile } from "../../../src/deploy/daemon/PropertiesFile.js";

function withFile(text: string, body: (path: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), "kindling-conf-"));
  try {
    const path = join(dir, "spark-defaults.conf");
    writeFileSync(path, text);
    body(path);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test("spark-defaults.conf is read as java.util.Properties: separators, comments, continuations, escapes", () => {
  const text = [
    "# a comment",
    "! another",
    "",
    "spark.master            spark://h:7077",
    "spark.worker.timeout=30",
    "spark.app.name : My App  ",
    "   spark.indented   value",
    "spark.long  one,\\",
    "            two",
    "spark.escaped\\ key  tab\\there \\u0041",
    "spark.empty",
    "spark.worker.timeout 45",
  ].join("\n");
  withFile(text, (path) => {
    assert.deepEqual(Object.fromEntries(loadPropertiesFile(path)), {
      "spark.master": "spark://h:7077",
      "spark.worker.timeout": "45",
      "spark.app.name": "My App",
      "spark.indented": "value",
      "spark.long": "one,two",
      "spark.escaped key": "tab\there A",
      "spark.empty": "",
    });
  });
});

test("--conf wins over the properties file; keys not Spark's are ignored with spark-submit's warning", () => {
  withFile("spark.worker.timeout 30\nspark.deploy.spreadOut false\nfoo.bar 1\n", (path) => {
    const warnings: string[] = [];
    const conf = daemonConf(path, ["spark.worker.timeout=5", "spark.x=a=b", "other=1"], (w) => warnings.push(w));
    assert.deepEqual(conf.getAll(), [["spark.deploy.spreadOut", "false"], ["spark.worker.timeout", "5"], ["spark.x", "a=b"]]);
    assert.deepEqual(warnings, ["Warning: Ignoring non-Spark config property: foo.bar", "Warning: Ignoring non-Spark config property: other"]);
  });
});

test("bad settings stop a daemon before it starts, saying what is wrong", () => {
  assert.throws(() => parseConfPair("spark.worker.timeout"), /Spark config without '=': spark.worker.timeout/);
  assert.throws(() => daemonConf(undefined, ["spark.worker.timeout=soon"]), /spark.worker.timeout should be an integer >= 1, but was 'soon'/);
  assert.throws(() => daemonConf(undefined, ["spark.deploy.recoveryMode=ZOOKEEPER"]), /spark.deploy.recoveryMode should be one of NONE, FILESYSTEM, but was 'ZOOKEEPER'/);
  assert.throws(() => daemonConf("/no/such/spark-defaults.conf", []), /Properties file \/no\/such\/spark-defaults.conf does not exist/);
  withFile("spark.bad \\u12", (path) => assert.throws(() => loadPropertiesFile(path), /spark-defaults.conf:1: malformed \\uxxxx escape/));
});
