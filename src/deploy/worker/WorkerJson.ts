import type { ExecutorRunner } from "./ExecutorRunner.js";
import type { Worker } from "./Worker.js";

/** An executor as Spark's JsonProtocol.writeExecutorRunner writes it. */
function executorJson(runner: ExecutorRunner): Record<string, unknown> {
  const desc = runner.spec.appDesc;
  return {
    id: runner.execId,
    memory: runner.spec.memoryMB,
    appid: runner.appId,
    appdesc: { name: desc.name, cores: desc.maxCores, memoryperexecutor: desc.memoryPerExecutorMB, memoryperslave: desc.memoryPerExecutorMB },
  };
}

/** The worker's `/json` page: Spark's JsonProtocol.writeWorkerState. */
export function workerStateJson(worker: Worker): Record<string, unknown> {
  const s = worker.state;
  return {
    id: worker.workerId,
    masterurl: s.masterUrl,
    masterwebuiurl: s.masterWebUiUrl,
    cores: s.cores,
    coresused: s.coresUsed,
    memory: s.memoryMB,
    memoryused: s.memoryUsed,
    executors: s.executors.map(executorJson),
    finishedexecutors: s.finishedExecutors.map(executorJson),
  };
}
