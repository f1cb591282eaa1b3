import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SparkConf } from "./SparkConf.js";
import { LOCAL_DIR } from "./config.js";
import { MapOutputTrackerMaster } from "./MapOutputTracker.js";
import { BlockManagerMaster } from "./storage/BlockManagerMaster.js";
import { BroadcastManager } from "./broadcast/BroadcastManager.js";
import { LiveListenerBus } from "./scheduler/LiveListenerBus.js";
import { V8Serializer } from "./serializer/V8Serializer.js";

/**
 * The driver's services, as Spark's SparkEnv: the serializer, the map output tracker, the block manager
 * master, the broadcast manager and the listener bus. Backends reach the driver through it.
 */
export class SparkEnv {
  readonly serializer = new V8Serializer();
  readonly mapOutputTracker = new MapOutputTrackerMaster();
  readonly blockManagerMaster = new BlockManagerMaster();
  readonly listenerBus = new LiveListenerBus();
  readonly broadcastManager: BroadcastManager;
  /** This application's scratch directory (spark.local.dir): executors on this host write under it. */
  readonly localDir: string;

  constructor(readonly conf: SparkConf, onBroadcastRemoved: (id: number) => void) {
    this.broadcastManager = new BroadcastManager(onBroadcastRemoved);
    const base = conf.getEntry(LOCAL_DIR) ?? tmpdir();
    this.localDir = mkdtempSync(join(base, "kindling-"));
  }
}
