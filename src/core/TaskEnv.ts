import type { BlockManagerId, MapStatus } from "./scheduler/MapStatus.js";
import type { StorageLevel } from "./storage/StorageLevel.js";

/**
 * What a running task may ask of the executor it runs on. Calls are synchronous: a task slot is a dedicated
 * worker thread, and it blocks while its executor fetches, exactly as a Spark task thread blocks on I/O.
 */
export interface TaskEnv {
  readonly executorId: string;
  /** Where this executor serves blocks from; map outputs written here are reported with it. */
  readonly blockManagerId: BlockManagerId;
  /** This executor's directory for shuffle output and spills. */
  readonly localDir: string;
  /** Bytes of execution memory one task may use before it spills. */
  readonly taskMemoryBytes: number;
  /** Records a shuffle may buffer before it spills, whatever memory says (Spark's force-spill threshold). */
  readonly spillRecordThreshold: number;
  /** Every map's status; null where an output is missing, which the reader reports as a fetch failure. */
  getMapStatuses(shuffleId: number): readonly (MapStatus | null)[];
  /** Bytes of reduce partitions [start, end) of one map output held by another executor. */
  fetchShuffleBlocks(status: MapStatus, shuffleId: number, start: number, end: number): Buffer;
  getBlock(blockId: string): Buffer | undefined;
  putBlock(blockId: string, bytes: Buffer, level: StorageLevel): void;
  getBroadcast(id: number): unknown;
}
