/**
 * A queue of events handled one at a time, in order, by one `onReceive`: schedulers and daemons change their
 * state only there, so nothing else needs locks or care about re-entrancy. Posting never runs the handler
 * inside the caller; events are handled on a later turn of Node's event loop.
 */
export class EventLoop<E> {
  private readonly queue: E[] = [];
  private scheduled = false;
  private stopped = false;

  constructor(
    private readonly name: string,
    private readonly onReceive: (event: E) => void,
    private readonly onError: (error: unknown, event: E) => void = (e) => {
      console.error(`Uncaught error in ${this.name}`, e);
    },
  ) {}

  post(event: E): void {
    if (this.stopped) return;
    this.queue.push(event);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.drain());
    }
  }

  /** Handles every queued event now; tests use it to drive a loop step by step. */
  drain(): void {
    this.scheduled = false;
    while (this.queue.length > 0 && !this.stopped) {
      const event = this.queue.shift()!;
      try {
        this.onReceive(event);
      } catch (e) {
        this.onError(e, event);
      }
    }
  }

  get isEmpty(): boolean {
    return this.queue.length === 0;
  }

  stop(): void {
    this.stopped = true;
    this.queue.length = 0;
  }
}
