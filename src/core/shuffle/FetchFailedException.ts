import type { BlockManagerId } from "../scheduler/MapStatus.js";

/**
 * A reduce task could not read a map output: the DAGScheduler then runs the map stage again for the lost
 * outputs instead of retrying the reduce task in place.
 */
export class FetchFailedException extends Error {
  constructor(
    readonly location: BlockManagerId | undefined,
    readonly shuffleId: number,
    readonly mapId: number,
    readonly reduceId: number,
    message: string,
  ) {
    super(message);
    this.name = "FetchFailedException";
  }
}
