import { deserialize } from "node:v8";
import type { TaskEnv } from "../core/TaskEnv.js";
import type { BlockManagerId, MapStatus } from "../core/scheduler/MapStatus.js";
import type { StorageLevel } from "../core/storage/StorageLevel.js";
import type { SyncChannel } from "./SyncChannel.js";
import { FetchFailedException } from "../core/shuffle/FetchFailedException.js";

/** Settings a task thread gets from its executor when it starts. */
export interface TaskThreadSettings {
  readonly executorId: string;
  readonly blockManagerId: BlockManagerId;
  readonly localDir: string;
  readonly taskMemoryBytes: number;
  readonly spillRecordThreshold: number;
  /** Modules defining RDD kinds above core (see registerRDDKind), loaded before the first task. */
  readonly rddKindModules: readonly string[];
}

/**
 * A task thread's view of its executor. Map statuses and broadcast values are cached in the thread (statuses
 * only until the map output tracker's epoch moves); everything else is asked of the executor each time.
 */
export class ThreadTaskEnv implements TaskEnv {
  private readonly statuses = new Map<number, readonly (MapStatus | null)[]>();
  private readonly broadcasts = new Map<number, unknown>();
  private epoch = -1;

  constructor(private readonly settings: TaskThreadSettings, private readonly channel: SyncChannel) {}

  get executorId(): string {
    return this.settings.executorId;
  }

  get blockManagerId(): BlockManagerId {
    return this.settings.blockManagerId;
  }

  get localDir(): string {
    return this.settings.localDir;
  }

  get taskMemoryBytes(): number {
    return this.settings.taskMemoryBytes;
  }

  get spillRecordThreshold(): number {
    return this.settings.spillRecordThreshold;
  }

  /** A task made in a newer epoch than our cached statuses may need outputs recomputed since. */
  updateEpoch(epoch: number): void {
    if (epoch > this.epoch) {
      this.statuses.clear();
      this.epoch = epoch;
    }
  }

  getMapStatuses(shuffleId: number): readonly (MapStatus | null)[] {
    let s = this.statuses.get(shuffleId);
    if (!s) {
      s = this.channel.call<(MapStatus | null)[]>({ op: "mapStatuses", shuffleId });
      if (s.every((x) => x !== null)) this.statuses.set(shuffleId, s);
    }
    return s;
  }

  fetchShuffleBlocks(status: MapStatus, shuffleId: number, start: number, end: number): Buffer {
    try {
      return Buffer.from(this.channel.call<Uint8Array>({ op: "fetch", status, shuffleId, start, end }));
    } catch (e) {
      throw new FetchFailedException(status.location, shuffleId, status.mapId, start, (e as Error).message);
    }
  }

  getBlock(blockId: string): Buffer | undefined {
    const bytes = this.channel.call<Uint8Array | null>({ op: "getBlock", blockId });
    return bytes ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) : undefined;
  }

  putBlock(blockId: string, bytes: Buffer, level: StorageLevel): void {
    this.channel.call({ op: "putBlock", blockId, bytes, level: level.name });
  }

  getBroadcast(id: number): unknown {
    if (!this.broadcasts.has(id)) this.broadcasts.set(id, deserialize(this.channel.call<Uint8Array>({ op: "broadcast", id })));
    return this.broadcasts.get(id);
  }

  forgetBroadcast(id: number): void {
    this.broadcasts.delete(id);
  }
}
