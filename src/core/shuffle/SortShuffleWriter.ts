import type { TaskContext } from "../TaskContext.js";
import type { ShuffleHandle } from "./ShuffleHandle.js";
import { getPartition } from "../Partitioner.js";
import { mapKey } from "../../util/keys.js";
import { reviveAggregator } from "./Aggregator.js";
import { encodeRecords } from "./RecordChunks.js";
import { writeMapOutput } from "./ShuffleFiles.js";
import { SpillFile, spillDir } from "./SpillFile.js";
import { Spillable } from "./Spillable.js";

/**
 * Writes one map task's records into a partitioned data file, combining values by key first when the shuffle
 * asks for map-side combine. When the buffered records outgrow the task's memory share they are spilled, one
 * segment per reduce partition, and the final file concatenates each partition's spilled and buffered parts;
 * combiners of one key split across spills are merged by the reducer, which merges combiners anyway.
 * Returns the bytes written for each reduce partition.
 */
export function writeShuffle(records: Iterable<[unknown, unknown]>, handle: ShuffleHandle, mapId: number, ctx: TaskContext): number[] {
  const started = performance.now();
  const n = handle.partitioner.numPartitions;
  const spillable = new Spillable(ctx.env);
  const spills: SpillFile[] = [];
  const combine = handle.aggregator && handle.mapSideCombine ? reviveAggregator(handle.aggregator) : undefined;
  const maps: Map<unknown, [unknown, unknown]>[] = [];
  const buffers: [unknown, unknown][][] = [];
  for (let p = 0; p < n; p++) combine ? maps.push(new Map()) : buffers.push([]);
  let buffered = 0;
  const partitionOf = n === 1 ? () => 0 : (k: unknown) => getPartition(handle.partitioner, k);

  const spill = (): void => {
    const groups = combine ? maps.map((m) => m.values()) : buffers;
    const file = new SpillFile(spillDir(ctx.env.localDir), groups);
    spills.push(file);
    ctx.metrics.memoryBytesSpilled += spillable.estimatedBytes(buffered);
    ctx.metrics.diskBytesSpilled += file.bytes;
    for (const m of maps) m.clear();
    for (const b of buffers) b.length = 0;
    buffered = 0;
    spillable.reset();
  };

  for (const record of records) {
    const p = partitionOf(record[0]);
    if (combine) {
      const key = mapKey(record[0]);
      const map = maps[p]!;
      const entry = map.get(key);
      if (entry) entry[1] = combine.mergeValue(entry[1], record[1]);
      else map.set(key, [record[0], combine.createCombiner(record[1])]);
    } else {
      buffers[p]!.push(record);
    }
    // Every record counts, merged or not, as Spark's elementsRead: a combiner may keep every value it is given.
    if (spillable.shouldSpill(++buffered, record)) spill();
  }
  ctx.metrics.peakExecutionMemory = Math.max(ctx.metrics.peakExecutionMemory, spillable.estimatedBytes(buffered));

  // Counted as they reach the file, after map-side combine, as Spark's recordsWritten.
  let written = 0;
  const segments = Array.from({ length: n }, (_, p) => (write: (b: Buffer) => void) => {
    for (const file of spills) written += encodeRecords(file.read(p), write).records;
    written += encodeRecords(combine ? maps[p]!.values() : buffers[p]!, write).records;
  });
  const sizes = writeMapOutput(ctx.env.localDir, handle.shuffleId, mapId, ctx.attemptNumber, segments);
  for (const file of spills) file.delete();
  const w = ctx.metrics.shuffleWriteMetrics;
  w.recordsWritten += written;
  w.bytesWritten += sizes.reduce((a, b) => a + b, 0);
  w.writeTime += Math.round((performance.now() - started) * 1e6);
  return sizes;
}
