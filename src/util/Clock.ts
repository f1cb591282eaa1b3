/** Time is injected so that schedulers and triggers can be tested by advancing a clock, not by sleeping. */
export interface Clock {
  getTimeMillis(): number;
  /** Resolves once the clock reads `millis` or later. */
  waitTill(millis: number): Promise<void>;
}

export class SystemClock implements Clock {
  getTimeMillis(): number {
    return Date.now();
  }

  waitTill(millis: number): Promise<void> {
    const wait = millis - Date.now();
    return wait <= 0 ? Promise.resolve() : new Promise((resolve) => setTimeout(resolve, wait));
  }
}

export class ManualClock implements Clock {
  private time: number;
  private readonly waiters: { until: number; resolve: () => void }[] = [];
  private readonly waiterWatchers: (() => void)[] = [];

  constructor(startMillis = 0) {
    this.time = startMillis;
  }

  getTimeMillis(): number {
    return this.time;
  }

  advance(millis: number): void {
    this.setTime(this.time + millis);
  }

  setTime(millis: number): void {
    this.time = millis;
    for (const w of this.waiters.filter((w) => w.until <= millis)) {
      this.waiters.splice(this.waiters.indexOf(w), 1);
      w.resolve();
    }
  }

  /** Resolves once the clock has been advanced to `millis` or beyond. */
  waitTill(millis: number): Promise<void> {
    if (millis <= this.time) return Promise.resolve();
    const waiting = new Promise<void>((resolve) => this.waiters.push({ until: millis, resolve }));
    for (const notify of this.waiterWatchers.splice(0)) notify();
    return waiting;
  }

  /**
   * Resolves once something waits on the clock for a time later than now (Spark's StreamManualClock
   * `isStreamWaitingAt`): a trigger loop that got there has done all it can until the clock moves.
   */
  awaitWaiter(): Promise<void> {
    if (this.waiters.some((w) => w.until > this.time)) return Promise.resolve();
    return new Promise((resolve) => this.waiterWatchers.push(resolve));
  }
}
