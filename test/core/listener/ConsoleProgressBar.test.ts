import { test } from "node:test";
import assert from "node:assert/strict";
import { SparkConf } from "../../../src/index.js";
import type { StageInfo, TaskInfo } from "../../../src/index.js";
import type { StageProgress } from "../../../src/core/ConsoleProgressBar.js";
import { ConsoleProgressBar, renderProgressBar, terminalWidth } from "../../../src/core/ConsoleProgressBar.js";
import { ManualClock } from "../../../src/util/Clock.js";

const NOW = 10_000;
const OLD = NOW - 501;

function stage(stageId: number, numTasks: number, numCompleteTasks: number, numActiveTasks: number, submissionTime = OLD): StageProgress {
  return { stageId, numTasks, numCompleteTasks, numActiveTasks, submissionTime };
}

test("a stage renders as Spark's [Stage N:====>   (completed + active) / total] across the terminal", () => {
  const line = renderProgressBar([stage(3, 40, 12, 2)], NOW, 80);
  // 57 columns of bar: 12/40 of them done (17), then the head.
  assert.equal(line, `[Stage 3:${"=".repeat(17)}>${" ".repeat(39)}(12 + 2) / 40]`);
  assert.equal(line.length, 80);
  assert.equal(renderProgressBar([stage(0, 8, 0, 2)], NOW, 40), `[Stage 0:>${" ".repeat(18)}(0 + 2) / 8]`);
  assert.equal(renderProgressBar([stage(1, 4, 4, 0)], NOW, 40), `[Stage 1:${"=".repeat(19)}(4 + 0) / 4]`, "a finished stage has no head");
});

test("up to three stages share the width side by side, in stage id order", () => {
  const stages = [stage(9, 10, 5, 1), stage(2, 10, 5, 1), stage(7, 3, 0, 3), stage(5, 100, 100, 0)];
  assert.equal(renderProgressBar(stages, NOW, 80),
    "[Stage 2:==> (5 + 1) / 10]" + "[Stage 5:=(100 + 0) / 100]" + "[Stage 7:>    (0 + 3) / 3]");
});

test("without room for a bar, only the header and the counts are shown", () => {
  assert.equal(renderProgressBar([stage(3, 40, 12, 2)], NOW, 20), "[Stage 3:(12 + 2) / 40]");
});

test("stages submitted 500 ms ago or less are not shown", () => {
  assert.equal(renderProgressBar([stage(1, 4, 0, 1, NOW - 500)], NOW, 80), "");
  assert.equal(renderProgressBar([stage(1, 4, 0, 1, NOW - 500), stage(2, 4, 0, 1)], NOW, 40), `[Stage 2:>${" ".repeat(18)}(0 + 1) / 4]`);
  assert.equal(renderProgressBar([], NOW, 80), "");
});

test("the width is $COLUMNS when set, else 80", () => {
  assert.equal(terminalWidth({ COLUMNS: "120" }), 120);
  assert.equal(terminalWidth({}), 80);
  assert.equal(terminalWidth({ COLUMNS: "wide" }), 80);
});

// ---- the bar following the listener bus ----

function stageInfo(stageId: number, numTasks: number, submissionTime: number): StageInfo {
  return { stageId, attemptNumber: 0, name: `stage ${stageId}`, numTasks, parentIds: [], details: "", rddInfos: [], submissionTime };
}

function taskInfo(taskId: number): TaskInfo {
  return { taskId, index: taskId, attemptNumber: 0, partitionId: taskId, launchTime: 0, executorId: "driver", host: "localhost", taskLocality: "PROCESS_LOCAL", speculative: false, finishTime: 0, failed: false, killed: false };
}

function progressBar(clock: ManualClock): { bar: ConsoleProgressBar; written: string[] } {
  const written: string[] = [];
  const sc = { conf: new SparkConf(), addSparkListener: () => {} };
  const bar = new ConsoleProgressBar(sc, { out: { write: (s: string) => written.push(s) > 0 }, clock, terminalWidth: 40 });
  return { bar, written };
}

function runTasks(bar: ConsoleProgressBar, stageId: number, started: number[], succeeded: number[], failed: number[] = []): void {
  for (const id of started) bar.onTaskStart({ event: "SparkListenerTaskStart", stageId, stageAttemptId: 0, taskInfo: taskInfo(id) });
  const end = (id: number, reason: { kind: "Success" } | { kind: "TaskKilled"; reason: string }): void =>
    bar.onTaskEnd({ event: "SparkListenerTaskEnd", stageId, stageAttemptId: 0, taskType: "ResultTask", reason, taskInfo: taskInfo(id), taskMetrics: undefined });
  for (const id of succeeded) end(id, { kind: "Success" });
  for (const id of failed) end(id, { kind: "TaskKilled", reason: "test" });
}

test("the bar counts the tasks of the stages it is told about, and redraws in place only when it changed", () => {
  const clock = new ManualClock(NOW);
  const { bar, written } = progressBar(clock);
  try {
    bar.onStageSubmitted({ event: "SparkListenerStageSubmitted", stageInfo: stageInfo(4, 10, NOW), properties: {} });
    runTasks(bar, 4, [0, 1, 2], [0]);
    clock.advance(500);
    bar.refresh();
    assert.deepEqual(written, [], "not yet half a second old");
    clock.advance(1);
    bar.refresh();
    bar.refresh();
    assert.deepEqual(written, [`\r[Stage 4:=>${" ".repeat(16)}(1 + 2) / 10]\r`]);
    runTasks(bar, 4, [], [1], [2]);
    bar.refresh();
    assert.equal(written.at(-1), `\r[Stage 4:===>${" ".repeat(14)}(2 + 0) / 10]\r`, "a failed task is no longer active, nor complete");
    clock.advance(60_001);
    bar.refresh();
    assert.equal(written.length, 3, "an unchanged bar is drawn again after a minute");
  } finally {
    bar.stop();
  }
});

test("a job's end erases the bar and keeps it away for half a second", () => {
  const clock = new ManualClock(NOW);
  const { bar, written } = progressBar(clock);
  try {
    bar.onStageSubmitted({ event: "SparkListenerStageSubmitted", stageInfo: stageInfo(0, 2, NOW - 1000), properties: {} });
    bar.refresh();
    bar.onStageCompleted({ event: "SparkListenerStageCompleted", stageInfo: stageInfo(0, 2, NOW - 1000) });
    bar.onJobEnd();
    assert.deepEqual(written, [`\r[Stage 0:>${" ".repeat(18)}(0 + 0) / 2]\r`, `\r${" ".repeat(40)}\r`]);
    bar.onStageSubmitted({ event: "SparkListenerStageSubmitted", stageInfo: stageInfo(1, 2, NOW - 1000), properties: {} });
    clock.advance(499);
    bar.refresh();
    assert.equal(written.length, 2, "nothing drawn just after a job ended");
    clock.advance(1);
    bar.refresh();
    assert.equal(written.at(-1), `\r[Stage 1:>${" ".repeat(18)}(0 + 0) / 2]\r`);
    bar.onJobEnd();
    bar.onJobEnd();
    assert.equal(written.length, 4, "an erased bar is not erased again");
  } finally {
    bar.stop();
  }
});
