import type { SparkListener, SparkListenerEvent } from "./SparkListenerEvent.js";
import { LISTENER_METHODS } from "./SparkListenerEvent.js";

/**
 * Delivers events to listeners after the poster has moved on, in order, so a slow listener never slows the
 * scheduler. A listener that throws is reported and keeps receiving events, as in Spark.
 */
export class LiveListenerBus {
  private readonly listeners: SparkListener[] = [];
  private readonly queue: SparkListenerEvent[] = [];
  private scheduled = false;
  private idleWaiters: (() => void)[] = [];

  addListener(listener: SparkListener): void {
    this.listeners.push(listener);
  }

  removeListener(listener: SparkListener): void {
    const i = this.listeners.indexOf(listener);
    if (i >= 0) this.listeners.splice(i, 1);
  }

  post(event: SparkListenerEvent): void {
    this.queue.push(event);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.dispatch());
    }
  }

  /** Resolves once every event posted so far has been delivered. */
  waitUntilEmpty(): Promise<void> {
    if (this.queue.length === 0 && !this.scheduled) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private dispatch(): void {
    this.scheduled = false;
    while (this.queue.length > 0) {
      const event = this.queue.shift()!;
      const method = LISTENER_METHODS[event.event] ?? "onOtherEvent";
      for (const listener of [...this.listeners]) {
        const handler = listener[method] as ((e: SparkListenerEvent) => void) | undefined;
        try {
          handler?.call(listener, event);
        } catch (e) {
          console.error(`Listener ${listener.constructor.name} threw an exception on ${event.event}`, e);
        }
      }
    }
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }
}
