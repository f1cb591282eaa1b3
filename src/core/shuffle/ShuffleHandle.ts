import type { Partitioner } from "../Partitioner.js";
import type { Aggregator } from "./Aggregator.js";

/** Everything a map or reduce task needs to know about one shuffle; plain data. */
export interface ShuffleHandle {
  readonly shuffleId: number;
  readonly numMaps: number;
  /** Range partitioners get their bounds from a sampling job just before the first job that needs them. */
  partitioner: Partitioner;
  readonly aggregator: Aggregator | undefined;
  readonly mapSideCombine: boolean;
  /** Reduce tasks sort their records by key in this direction. */
  readonly keyOrdering: "ascending" | "descending" | undefined;
}
