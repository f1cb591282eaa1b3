import type { PersistedApplication } from "./ApplicationInfo.js";
import type { PersistedWorker } from "./WorkerInfo.js";

/**
 * Where a master keeps what it must know again after a restart (Spark's PersistenceEngine): its registered
 * applications and workers. Executors are not kept: the workers that run them say so after recovery.
 */
export interface PersistenceEngine {
  addApplication(app: PersistedApplication): void;
  removeApplication(appId: string): void;
  addWorker(worker: PersistedWorker): void;
  removeWorker(workerId: string): void;
  readPersistedData(): { readonly apps: PersistedApplication[]; readonly workers: PersistedWorker[] };
}

/** spark.deploy.recoveryMode=NONE: nothing is kept, a restarted master starts empty. */
export class BlackHolePersistenceEngine implements PersistenceEngine {
  addApplication(): void {}
  removeApplication(): void {}
  addWorker(): void {}
  removeWorker(): void {}
  readPersistedData(): { apps: PersistedApplication[]; workers: PersistedWorker[] } {
    return { apps: [], workers: [] };
  }
}
