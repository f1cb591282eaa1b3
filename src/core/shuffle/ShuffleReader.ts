import type { TaskContext } from "../TaskContext.js";
import type { ShuffleHandle } from "./ShuffleHandle.js";
import type { MapStatus } from "../scheduler/MapStatus.js";
import { compareKeys } from "../../util/keys.js";
import { reviveAggregator } from "./Aggregator.js";
import { decodeChunks } from "./RecordChunks.js";
import { readMapOutput } from "./ShuffleFiles.js";
import { FetchFailedException } from "./FetchFailedException.js";
import { ExternalAppendOnlyMap } from "./ExternalAppendOnlyMap.js";
import { ExternalSorter } from "./ExternalSorter.js";
import { hostname } from "node:os";

/**
 * Reads reduce partitions [start, end) of a shuffle from every map output, combining by key and sorting by
 * key when the shuffle asks for it. Outputs on this host are read from their files directly (Spark's
 * host-local disk reads); others are fetched from the executor that holds them.
 */
export function readShuffle<K, C>(handle: ShuffleHandle, start: number, end: number, ctx: TaskContext): IterableIterator<[K, C]> {
  const statuses = ctx.env.getMapStatuses(handle.shuffleId);
  let records: IterableIterator<[K, unknown]> = fetchAll(statuses, handle.shuffleId, start, end, ctx);
  if (handle.aggregator) {
    const agg = reviveAggregator(handle.aggregator);
    const map = handle.mapSideCombine
      ? new ExternalAppendOnlyMap<K, unknown, unknown>((c) => c, agg.mergeCombiners, agg.mergeCombiners, ctx)
      : new ExternalAppendOnlyMap<K, unknown, unknown>(agg.createCombiner, agg.mergeValue, agg.mergeCombiners, ctx);
    map.insertAll(records);
    records = map.iterator();
  }
  if (handle.keyOrdering) {
    const sign = handle.keyOrdering === "ascending" ? 1 : -1;
    const sorter = new ExternalSorter<[K, unknown]>((a, b) => sign * compareKeys(a[0], b[0]), ctx);
    sorter.insertAll(records);
    records = sorter.iterator();
  }
  return records as IterableIterator<[K, C]>;
}

const localHost = hostname();

function* fetchAll<K>(statuses: readonly (MapStatus | null)[], shuffleId: number, start: number, end: number, ctx: TaskContext): IterableIterator<[K, unknown]> {
  const read = ctx.metrics.shuffleReadMetrics;
  for (const [mapId, status] of statuses.entries()) {
    if (!status) {
      throw new FetchFailedException(undefined, shuffleId, mapId, start, `Missing an output location for shuffle ${shuffleId} partition ${start}`);
    }
    let size = 0;
    for (let p = start; p < end; p++) size += status.sizes[p] ?? 0;
    if (size === 0) continue;
    const local = status.location.executorId === ctx.env.executorId || status.location.host === localHost;
    const waitStart = performance.now();
    let bytes: Buffer;
    try {
      bytes = local
        ? readMapOutput(status.location.shuffleDir, shuffleId, status.mapId, start, end)
        : ctx.env.fetchShuffleBlocks(status, shuffleId, start, end);
    } catch (e) {
      if (e instanceof FetchFailedException) throw e;
      throw new FetchFailedException(status.location, shuffleId, status.mapId, start,
        `Failed to fetch shuffle ${shuffleId} map ${status.mapId} partitions [${start}, ${end}) from executor ${status.location.executorId}: ${(e as Error).message}`);
    }
    read.fetchWaitTime += Math.round(performance.now() - waitStart);
    if (local) {
      read.localBlocksFetched++;
      read.localBytesRead += bytes.length;
    } else {
      read.remoteBlocksFetched++;
      read.remoteBytesRead += bytes.length;
    }
    for (const record of decodeChunks<[K, unknown]>(bytes, `shuffle ${shuffleId} map ${status.mapId}`)) {
      read.recordsRead++;
      yield record;
    }
  }
}
