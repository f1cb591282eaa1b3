/** Receives a job's results partition by partition, and its end. */
export interface JobListener {
  taskSucceeded(index: number, result: unknown): void;
  jobFailed(error: Error): void;
}

/** Collects a job's partition results and settles a Promise when the job ends. */
export class JobWaiter<U> implements JobListener {
  private readonly results: U[];
  private remaining: number;
  private settle!: { resolve: (r: U[]) => void; reject: (e: Error) => void };
  readonly promise: Promise<U[]>;

  constructor(
    readonly jobId: number,
    numPartitions: number,
    private readonly onPartial?: (index: number, result: U) => void,
  ) {
    this.results = new Array(numPartitions);
    this.remaining = numPartitions;
    this.promise = new Promise<U[]>((resolve, reject) => (this.settle = { resolve, reject }));
    if (numPartitions === 0) this.settle.resolve([]);
  }

  taskSucceeded(index: number, result: unknown): void {
    this.results[index] = result as U;
    this.onPartial?.(index, result as U);
    if (--this.remaining === 0) this.settle.resolve(this.results);
  }

  jobFailed(error: Error): void {
    this.settle.reject(error);
  }
}
