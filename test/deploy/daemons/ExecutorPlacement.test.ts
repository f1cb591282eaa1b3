import { test } from "node:test";
import assert from "node:assert/strict";
import { scheduleExecutorsOnWorkers } from "../../../src/deploy/master/ExecutorPlacement.js";

const workers = (...free: [number, number][]) => free.map(([coresFree, memoryFree]) => ({ coresFree, memoryFree }));

test("spreading out puts one executor per worker in turn, round after round", () => {
  const app = { coresLeft: 6, coresPerExecutor: 1, memoryPerExecutorMB: 100 };
  assert.deepEqual(scheduleExecutorsOnWorkers(app, workers([4, 1000], [4, 1000], [4, 1000]), true), [2, 2, 2]);
});

test("packing fills the first worker before it moves to the next", () => {
  const app = { coresLeft: 6, coresPerExecutor: 1, memoryPerExecutorMB: 100 };
  assert.deepEqual(scheduleExecutorsOnWorkers(app, workers([4, 1000], [4, 1000], [4, 1000]), false), [4, 2, 0]);
});

test("without spark.executor.cores each worker gets one executor that takes cores one at a time", () => {
  // Memory for one executor only: more cores still fit, since they go to the same executor.
  const app = { coresLeft: 5, coresPerExecutor: null, memoryPerExecutorMB: 500 };
  assert.deepEqual(scheduleExecutorsOnWorkers(app, workers([4, 500], [4, 500]), true), [3, 2]);
  assert.deepEqual(scheduleExecutorsOnWorkers(app, workers([4, 500], [4, 500]), false), [4, 1]);
});

test("cores go coresPerExecutor at a time, never leaving a partial executor (SPARK-8881)", () => {
  const app = { coresLeft: 48, coresPerExecutor: 16, memoryPerExecutorMB: 1 };
  assert.deepEqual(scheduleExecutorsOnWorkers(app, workers([16, 100], [16, 100], [16, 100], [16, 100]), true), [16, 16, 16, 0]);
  const odd = { coresLeft: 5, coresPerExecutor: 2, memoryPerExecutorMB: 1 };
  assert.deepEqual(scheduleExecutorsOnWorkers(odd, workers([3, 100], [3, 100]), true), [2, 2]);
});

test("each new executor needs its memory free on the worker", () => {
  const app = { coresLeft: 8, coresPerExecutor: 1, memoryPerExecutorMB: 400 };
  assert.deepEqual(scheduleExecutorsOnWorkers(app, workers([4, 1000], [4, 300]), true), [2, 0]);
});

test("spark.cores.max bounds what is assigned; nothing fits, nothing is assigned", () => {
  assert.deepEqual(scheduleExecutorsOnWorkers({ coresLeft: 3, coresPerExecutor: 1, memoryPerExecutorMB: 1 }, workers([4, 10], [4, 10]), false), [3, 0]);
  assert.deepEqual(scheduleExecutorsOnWorkers({ coresLeft: 3, coresPerExecutor: 4, memoryPerExecutorMB: 1 }, workers([4, 10]), true), [0]);
  assert.deepEqual(scheduleExecutorsOnWorkers({ coresLeft: 3, coresPerExecutor: 1, memoryPerExecutorMB: 1 }, [], true), []);
});
