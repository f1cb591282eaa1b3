/** Time is injected so that schedulers and triggers can be tested by advancing a clock, not by sleeping. */
export interface Clock {
  getTimeMillis(): number;
}

export class SystemClock implements Clock {
  getTimeMillis(): number {
    return Date.now();
  }
}

export class ManualClock implements Clock {
  private time: number;
  private readonly waiters: { until: number; resolve: () => void }[] = [];

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
    return new Promise((resolve) => this.waiters.push({ until: millis, resolve }));
  }
}
