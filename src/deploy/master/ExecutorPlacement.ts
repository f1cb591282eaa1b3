/** What placement needs to know of a worker: what it has left. */
export interface FreeResources {
  readonly coresFree: number;
  readonly memoryFree: number;
}

/** What placement needs to know of an application. */
export interface ExecutorRequest {
  /** Cores the application may still be given (spark.cores.max minus what it has). */
  readonly coresLeft: number;
  /** spark.executor.cores; null: one executor per worker taking all the cores it is given there. */
  readonly coresPerExecutor: number | null;
  readonly memoryPerExecutorMB: number;
}

/**
 * Spark's Master.scheduleExecutorsOnWorkers: how many cores to give the application on each worker (same order
 * as `workers`). Cores go `coresPerExecutor` at a time (one at a time when it is null), so that an executor is
 * never given fewer cores than it asked for. Spreading out takes one step per worker in turn, round after round;
 * packing fills a worker before it moves to the next. A new executor also needs its memory on the worker;
 * adding cores to a worker's single executor (coresPerExecutor null) does not.
 */
export function scheduleExecutorsOnWorkers(app: ExecutorRequest, workers: readonly FreeResources[], spreadOut: boolean): number[] {
  const minCoresPerExecutor = app.coresPerExecutor ?? 1;
  const oneExecutorPerWorker = app.coresPerExecutor === null;
  const assignedCores = workers.map(() => 0);
  const assignedExecutors = workers.map(() => 0);
  let coresToAssign = Math.min(app.coresLeft, workers.reduce((sum, w) => sum + w.coresFree, 0));

  const canLaunchExecutorOn = (pos: number): boolean => {
    const worker = workers[pos]!;
    const keepScheduling = coresToAssign >= minCoresPerExecutor;
    const enoughCores = worker.coresFree - assignedCores[pos]! >= minCoresPerExecutor;
    const launchingNewExecutor = !oneExecutorPerWorker || assignedExecutors[pos] === 0;
    if (!launchingNewExecutor) return keepScheduling && enoughCores;
    const enoughMemory = worker.memoryFree - assignedExecutors[pos]! * app.memoryPerExecutorMB >= app.memoryPerExecutorMB;
    return keepScheduling && enoughCores && enoughMemory;
  };

  let freeWorkers = workers.map((_, pos) => pos).filter(canLaunchExecutorOn);
  while (freeWorkers.length > 0) {
    for (const pos of freeWorkers) {
      let keepScheduling = true;
      while (keepScheduling && canLaunchExecutorOn(pos)) {
        coresToAssign -= minCoresPerExecutor;
        assignedCores[pos]! += minCoresPerExecutor;
        assignedExecutors[pos] = oneExecutorPerWorker ? 1 : assignedExecutors[pos]! + 1;
        if (spreadOut) keepScheduling = false;
      }
    }
    freeWorkers = freeWorkers.filter(canLaunchExecutorOn);
  }
  return assignedCores;
}
