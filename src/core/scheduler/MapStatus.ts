/** Where an executor's block service listens; `shuffleDir` lets tasks on the same host read its files directly. */
export interface BlockManagerId {
  readonly executorId: string;
  readonly host: string;
  readonly port: number;
  readonly shuffleDir: string;
}

/** The result of a shuffle map task: where its output is, and how many bytes each reduce partition has there. */
export interface MapStatus {
  readonly location: BlockManagerId;
  readonly mapId: number;
  readonly sizes: readonly number[];
}
