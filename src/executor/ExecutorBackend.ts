import type { MapStatus } from "../core/scheduler/MapStatus.js";
import type { TaskOutcome } from "../core/scheduler/TaskRunner.js";

/** What an executor tells its driver and asks of it; local mode calls the driver directly, a cluster over RPC. */
export interface ExecutorBackend {
  statusUpdate(taskId: number, outcome: TaskOutcome): void;
  getMapStatuses(shuffleId: number): Promise<readonly (MapStatus | null)[]>;
  getBroadcast(id: number): Promise<Buffer>;
  updateBlockInfo(blockId: string, stored: boolean): void;
  /** Bytes of reduce partitions [start, end) of a map output held by another executor. */
  fetchShuffleBlocks(status: MapStatus, shuffleId: number, start: number, end: number): Promise<Buffer>;
}
