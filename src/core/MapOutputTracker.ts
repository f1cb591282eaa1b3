import type { MapStatus } from "./scheduler/MapStatus.js";

/**
 * The driver's record of where each shuffle's map outputs are. Every change bumps the epoch; a task carries
 * the epoch it was made in, so an executor knows when its cached statuses may be stale.
 */
export class MapOutputTrackerMaster {
  private readonly shuffles = new Map<number, (MapStatus | null)[]>();
  private epochValue = 0;

  get epoch(): number {
    return this.epochValue;
  }

  registerShuffle(shuffleId: number, numMaps: number): void {
    if (!this.shuffles.has(shuffleId)) this.shuffles.set(shuffleId, new Array(numMaps).fill(null));
  }

  containsShuffle(shuffleId: number): boolean {
    return this.shuffles.has(shuffleId);
  }

  registerMapOutput(shuffleId: number, mapId: number, status: MapStatus): void {
    this.outputs(shuffleId)[mapId] = status;
  }

  unregisterMapOutput(shuffleId: number, mapId: number, executorId: string | undefined): void {
    const outputs = this.outputs(shuffleId);
    const status = outputs[mapId];
    if (status && (executorId === undefined || status.location.executorId === executorId)) {
      outputs[mapId] = null;
      this.epochValue++;
    }
  }

  /** An executor is gone: so is every map output it held. */
  removeOutputsOnExecutor(executorId: string): void {
    for (const outputs of this.shuffles.values()) {
      outputs.forEach((s, i) => {
        if (s?.location.executorId === executorId) outputs[i] = null;
      });
    }
    this.epochValue++;
  }

  unregisterShuffle(shuffleId: number): void {
    this.shuffles.delete(shuffleId);
  }

  numAvailableOutputs(shuffleId: number): number {
    return this.outputs(shuffleId).filter((s) => s !== null).length;
  }

  findMissingPartitions(shuffleId: number): number[] {
    return this.outputs(shuffleId).flatMap((s, i) => (s === null ? [i] : []));
  }

  /** Every map's status; null where an output is missing (the reader turns that into a fetch failure). */
  getStatuses(shuffleId: number): readonly (MapStatus | null)[] {
    return this.shuffles.get(shuffleId) ?? [];
  }

  private outputs(shuffleId: number): (MapStatus | null)[] {
    const outputs = this.shuffles.get(shuffleId);
    if (!outputs) throw new Error(`Shuffle ${shuffleId} is not registered with the MapOutputTracker`);
    return outputs;
  }
}
