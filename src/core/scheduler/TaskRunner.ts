import { deserialize } from "node:v8";
import type { TaskEnv } from "../TaskEnv.js";
import type { DirectTaskResult, StageBinary, TaskDescription } from "./Task.js";
import type { TaskEndReason } from "./TaskEndReason.js";
import type { MapStatus } from "./MapStatus.js";
import { TaskContext } from "../TaskContext.js";
import { reviveLineage } from "../rdd/Lineage.js";
import { reviveFunction } from "../closure/SerializedFunction.js";
import { writeShuffle } from "../shuffle/SortShuffleWriter.js";
import { FetchFailedException } from "../shuffle/FetchFailedException.js";
import { serializeData } from "../shuffle/RecordChunks.js";
import "../rdd/allRDDs.js";

export type TaskOutcome =
  | { readonly state: "FINISHED"; readonly result: DirectTaskResult }
  | { readonly state: "FAILED"; readonly reason: TaskEndReason; readonly accumUpdates: readonly [number, unknown][] };

/**
 * Runs one task attempt where it was sent: rebuilds the stage's lineage, computes the partition, and either
 * applies the action's function (result task) or writes the shuffle output (map task). Synchronous: a task
 * owns its thread until it ends.
 */
export function runTask(description: TaskDescription, env: TaskEnv): TaskOutcome {
  const started = performance.now();
  const ctx = new TaskContext(description.stageId, description.stageAttemptId, description.partition.index,
    description.attemptNumber, description.taskId, env, description.localProperties);
  TaskContext.set(ctx);
  try {
    const binary = deserialize(description.binary) as StageBinary;
    const rdd = reviveLineage(binary.lineage);
    const deserialized = performance.now();
    ctx.metrics.executorDeserializeTime = Math.round(deserialized - started);
    let value: Buffer | undefined;
    let mapStatus: MapStatus | undefined;
    if (binary.kind === "ResultTask") {
      const func = reviveFunction<(it: IterableIterator<unknown>, ctx: TaskContext) => unknown>(binary.func);
      const result = func(rdd.iterator(description.partition, ctx), ctx);
      const serializeStart = performance.now();
      value = serializeData(result, `The result of task ${description.taskId}`);
      ctx.metrics.resultSerializationTime = Math.round(performance.now() - serializeStart);
      ctx.metrics.resultSize = value.length;
    } else {
      const records = rdd.iterator(description.partition, ctx) as IterableIterator<[unknown, unknown]>;
      const sizes = writeShuffle(records, binary.shuffle, description.outputId, ctx);
      mapStatus = { location: env.blockManagerId, mapId: description.outputId, sizes };
    }
    ctx.metrics.executorRunTime = Math.round(performance.now() - deserialized);
    return { state: "FINISHED", result: { value, mapStatus, accumUpdates: accumulatorUpdates(ctx), metrics: ctx.metrics } };
  } catch (e) {
    return { state: "FAILED", reason: failureReason(e), accumUpdates: accumulatorUpdates(ctx) };
  } finally {
    TaskContext.set(undefined);
  }
}

function accumulatorUpdates(ctx: TaskContext): [number, unknown][] {
  return [...ctx.accumulatorUpdates].map(([id, acc]) => [id, acc.partial]);
}

/** A user's error travels as its class name, message and stack, so the driver can show the task's own trace. */
export function failureReason(e: unknown): TaskEndReason {
  if (e instanceof FetchFailedException) {
    return { kind: "FetchFailed", location: e.location, shuffleId: e.shuffleId, mapId: e.mapId, reduceId: e.reduceId, message: e.message };
  }
  const err = e instanceof Error ? e : new Error(String(e));
  return { kind: "ExceptionFailure", className: err.name, description: err.message, stackTrace: err.stack ?? `${err.name}: ${err.message}` };
}
