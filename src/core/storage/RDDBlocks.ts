import { deserialize } from "node:v8";
import type { TaskContext } from "../TaskContext.js";
import type { StorageLevel } from "./StorageLevel.js";
import { serializeData } from "../shuffle/RecordChunks.js";

/** Spark's block id of a cached RDD partition. */
export function blockIdOf(rddId: number, partition: number): string {
  return `rdd_${rddId}_${partition}`;
}

export function readCachedBlock<T>(ctx: TaskContext, blockId: string): T[] | undefined {
  const bytes = ctx.env.getBlock(blockId);
  if (!bytes) return undefined;
  ctx.metrics.inputMetrics.bytesRead += bytes.length;
  return deserialize(bytes) as T[];
}

export function writeCachedBlock(ctx: TaskContext, blockId: string, values: readonly unknown[], level: StorageLevel): void {
  ctx.env.putBlock(blockId, serializeData(values, `A record of cached block ${blockId}`), level);
}
