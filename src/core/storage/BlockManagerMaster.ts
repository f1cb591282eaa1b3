/**
 * The driver's record of which executors hold which cached blocks: it gives cached partitions their
 * preferred locations and finds the copies to drop on unpersist.
 */
export class BlockManagerMaster {
  private readonly locations = new Map<string, Set<string>>();

  updateBlockInfo(executorId: string, blockId: string, stored: boolean): void {
    let holders = this.locations.get(blockId);
    if (stored) {
      if (!holders) this.locations.set(blockId, (holders = new Set()));
      holders.add(executorId);
    } else {
      holders?.delete(executorId);
      if (holders?.size === 0) this.locations.delete(blockId);
    }
  }

  getLocations(blockId: string): string[] {
    return [...(this.locations.get(blockId) ?? [])];
  }

  /** Forgets an RDD's blocks; returns the executors that held any, to be told to drop them. */
  removeRdd(rddId: number): string[] {
    const prefix = `rdd_${rddId}_`;
    const holders = new Set<string>();
    for (const [blockId, execs] of this.locations) {
      if (!blockId.startsWith(prefix)) continue;
      for (const e of execs) holders.add(e);
      this.locations.delete(blockId);
    }
    return [...holders];
  }

  removeExecutor(executorId: string): void {
    for (const blockId of [...this.locations.keys()]) this.updateBlockInfo(executorId, blockId, false);
  }
}
