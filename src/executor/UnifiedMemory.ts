import { IllegalArgumentException } from "../util/SparkException.js";

const RESERVED = 300 * 1024 * 1024;

/**
 * Spark's unified memory: (heap - 300 MiB reserved) * spark.memory.fraction, shared by execution and storage.
 * Like Spark, a heap under 1.5 times the reserve is refused, naming the setting to raise.
 */
export function unifiedMemory(heapBytes: number, fraction: number, key: string): number {
  const minimum = RESERVED * 1.5;
  if (heapBytes < minimum) {
    throw new IllegalArgumentException(`System memory ${heapBytes} must be at least ${minimum}. Please increase heap size using ${key} (e.g. 1g)`);
  }
  return Math.floor((heapBytes - RESERVED) * fraction);
}
