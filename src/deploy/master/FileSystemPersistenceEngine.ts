import { mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { PersistedApplication } from "./ApplicationInfo.js";
import type { PersistenceEngine } from "./PersistenceEngine.js";
import type { PersistedWorker } from "./WorkerInfo.js";
import { writeFileAtomic } from "../../util/atomicWrite.js";
import { IllegalStateException } from "../../util/SparkException.js";
import { checkApplicationDescription, checkRpcAddress } from "./ApplicationDescriptionCheck.js";

const APP_PREFIX = "app_";
const WORKER_PREFIX = "worker_";

/**
 * spark.deploy.recoveryMode=FILESYSTEM: one file per application (`app_<id>`) and per worker (`worker_<id>`) in
 * spark.deploy.recoveryDirectory, as Spark's FileSystemPersistenceEngine lays them out, written atomically so
 * a master killed mid-write leaves the old file or the new one. Ids are URI-encoded in file names: they come
 * from the network, and must not name a path outside the directory.
 */
export class FileSystemPersistenceEngine implements PersistenceEngine {
  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  addApplication(app: PersistedApplication): void {
    writeFileAtomic(this.file(APP_PREFIX, app.id), JSON.stringify(app));
  }

  removeApplication(appId: string): void {
    rmSync(this.file(APP_PREFIX, appId), { force: true });
  }

  addWorker(worker: PersistedWorker): void {
    writeFileAtomic(this.file(WORKER_PREFIX, worker.id), JSON.stringify(worker));
  }

  removeWorker(workerId: string): void {
    rmSync(this.file(WORKER_PREFIX, workerId), { force: true });
  }

  readPersistedData(): { apps: PersistedApplication[]; workers: PersistedWorker[] } {
    // Temporary files of a write that a crash cut short are skipped: the file they were to replace is whole.
    const names = readdirSync(this.dir).filter((name) => !name.endsWith(".tmp")).sort();
    return {
      apps: names.filter((n) => n.startsWith(APP_PREFIX)).map((n) => this.read(n, checkPersistedApplication) as PersistedApplication),
      workers: names.filter((n) => n.startsWith(WORKER_PREFIX)).map((n) => this.read(n, checkPersistedWorker) as PersistedWorker),
    };
  }

  private file(prefix: string, id: string): string {
    return join(this.dir, prefix + encodeURIComponent(id));
  }

  private read(name: string, check: (value: unknown) => string | undefined): unknown {
    const path = join(this.dir, name);
    let value: unknown;
    try {
      value = JSON.parse(readFileSync(path, "utf8"));
    } catch (e) {
      throw new IllegalStateException(`Cannot read the master's recovery file ${path}: ${(e as Error).message}. Remove it, or point spark.deploy.recoveryDirectory at another directory`, { cause: e });
    }
    const problem = check(value);
    if (problem) throw new IllegalStateException(`The master's recovery file ${path} is not what a master wrote: ${problem}. Remove it, or point spark.deploy.recoveryDirectory at another directory`);
    return value;
  }
}

function checkPersistedApplication(value: unknown): string | undefined {
  const a = value as Partial<PersistedApplication> | null;
  if (typeof a !== "object" || a === null) return "not an object";
  if (typeof a.id !== "string" || typeof a.startTime !== "number") return "id or startTime missing";
  return checkApplicationDescription(a.desc) ?? checkRpcAddress(a.driver, "driver");
}

function checkPersistedWorker(value: unknown): string | undefined {
  const w = value as Partial<PersistedWorker> | null;
  if (typeof w !== "object" || w === null) return "not an object";
  if (typeof w.id !== "string" || typeof w.webUiUrl !== "string" || typeof w.workDir !== "string") return "id, webUiUrl or workDir missing";
  if (!Number.isInteger(w.cores) || !Number.isInteger(w.memoryMB)) return "cores or memoryMB missing";
  return checkRpcAddress(w, "worker");
}
