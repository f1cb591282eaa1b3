import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FileSystemPersistenceEngine } from "../../../src/deploy/master/FileSystemPersistenceEngine.js";
import { appDesc } from "./fakes.js";

function withDir(body: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), "kindling-persist-"));
  try {
    body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const worker = { id: "worker-20240501123045-127.0.0.1-9001", host: "127.0.0.1", port: 9001, cores: 2, memoryMB: 1024, webUiUrl: "http://127.0.0.1:8081", workDir: "/w" };
const app = { id: "app-20240501123045-0000", desc: appDesc(), driver: { host: "127.0.0.1", port: 40000 }, startTime: 1 };

test("applications and workers are written one file each, read back, and removed", () => {
  withDir((dir) => {
    const engine = new FileSystemPersistenceEngine(join(dir, "recovery"));
    engine.addWorker(worker);
    engine.addApplication(app);
    assert.deepEqual(readdirSync(engine.dir).sort(), [`app_${app.id}`, `worker_${worker.id}`]);
    assert.deepEqual(new FileSystemPersistenceEngine(engine.dir).readPersistedData(), { apps: [app], workers: [worker] });
    engine.removeApplication(app.id);
    engine.removeWorker(worker.id);
    engine.removeWorker("never-added");
    assert.deepEqual(engine.readPersistedData(), { apps: [], workers: [] });
  });
});

test("a write a crash cut short (its temporary file) is skipped; an id cannot name a path outside the directory", () => {
  withDir((dir) => {
    const engine = new FileSystemPersistenceEngine(dir);
    engine.addApplication(app);
    writeFileSync(join(dir, `app_${app.id}.123.456.tmp`), "{\"half");
    engine.addWorker({ ...worker, id: "../../escaped" });
    assert.deepEqual(readdirSync(dir).filter((n) => n.startsWith("worker_")), ["worker_..%2F..%2Fescaped"]);
    const read = engine.readPersistedData();
    assert.deepEqual(read.apps, [app]);
    assert.deepEqual(read.workers.map((w) => w.id), ["../../escaped"]);
  });
});

test("a recovery file that is not what a master wrote stops the master with the file's name", () => {
  withDir((dir) => {
    const engine = new FileSystemPersistenceEngine(dir);
    writeFileSync(join(dir, "app_x"), "not json");
    assert.throws(() => engine.readPersistedData(), (e: Error) => e.message.startsWith(`Cannot read the master's recovery file ${join(dir, "app_x")}:`) && e.message.includes("spark.deploy.recoveryDirectory"));
    writeFileSync(join(dir, "app_x"), JSON.stringify({ ...app, desc: { ...app.desc, coresPerExecutor: 0 } }));
    assert.throws(() => engine.readPersistedData(), /recovery file .*app_x is not what a master wrote: appDesc.coresPerExecutor must be null or an integer >= 1, got 0/);
    rmSync(join(dir, "app_x"));
    writeFileSync(join(dir, "worker_y"), JSON.stringify({ ...worker, port: "9001" }));
    assert.throws(() => engine.readPersistedData(), /worker_y is not what a master wrote: worker.port is not a port/);
  });
});
