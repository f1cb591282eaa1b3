import type { ApplicationInfo } from "./ApplicationInfo.js";
import type { Master } from "./Master.js";
import type { WorkerInfo } from "./WorkerInfo.js";

/** A worker as Spark's JsonProtocol.writeWorkerInfo writes it (memory in MiB). */
function workerJson(w: WorkerInfo): Record<string, unknown> {
  return {
    id: w.id,
    host: w.host,
    port: w.desc.port,
    webuiaddress: w.desc.webUiUrl,
    cores: w.desc.cores,
    coresused: w.coresUsed,
    coresfree: w.coresFree,
    memory: w.desc.memoryMB,
    memoryused: w.memoryUsed,
    memoryfree: w.memoryFree,
    state: w.state,
    lastheartbeat: w.lastHeartbeat,
  };
}

/** An application as Spark's JsonProtocol.writeApplicationInfo writes it ("cores" is what it was granted). */
function applicationJson(app: ApplicationInfo, now: number): Record<string, unknown> {
  return {
    id: app.id,
    starttime: app.saved.startTime,
    name: app.desc.name,
    cores: app.coresGranted,
    memoryperexecutor: app.desc.memoryPerExecutorMB,
    memoryperslave: app.desc.memoryPerExecutorMB,
    submitdate: new Date(app.saved.startTime).toString(),
    state: app.state,
    duration: (app.endTime === -1 ? now : app.endTime) - app.saved.startTime,
  };
}

/** The master's `/json` page: Spark's JsonProtocol.writeMasterState (totals count alive workers only). */
export function masterStateJson(master: Master, now: number): Record<string, unknown> {
  const workers = master.allWorkers;
  const alive = workers.filter((w) => w.state === "ALIVE");
  const sum = (f: (w: WorkerInfo) => number): number => alive.reduce((total, w) => total + f(w), 0);
  return {
    url: master.masterUrl,
    workers: workers.map(workerJson),
    aliveworkers: alive.length,
    cores: sum((w) => w.desc.cores),
    coresused: sum((w) => w.coresUsed),
    memory: sum((w) => w.desc.memoryMB),
    memoryused: sum((w) => w.memoryUsed),
    activeapps: master.activeApps.map((a) => applicationJson(a, now)),
    completedapps: master.finishedApps.map((a) => applicationJson(a, now)),
    activedrivers: [],
    completeddrivers: [],
    status: master.recoveryState,
  };
}
