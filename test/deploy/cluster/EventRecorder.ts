/**
 * Every listener-bus event of a SparkContext, in order, and a way to wait for one (never a sleep).
 * The test runner runs every file under test/; this one only lends its helper.
 */
import type { SparkContext, SparkListener, SparkListenerEvent } from "../../../src/index.js";
import { LISTENER_METHODS } from "../../../src/core/scheduler/SparkListenerEvent.js";

export type EventOf<N extends string> = Extract<SparkListenerEvent, { readonly event: N }>;

export class EventRecorder {
  readonly events: SparkListenerEvent[] = [];
  private readonly waiters: { pred: (e: SparkListenerEvent) => boolean; resolve: (e: SparkListenerEvent) => void }[] = [];

  constructor(private readonly sc: SparkContext) {
    const record = (e: SparkListenerEvent): void => {
      this.events.push(e);
      for (const w of [...this.waiters]) {
        if (!w.pred(e)) continue;
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.resolve(e);
      }
    };
    const methods = [...Object.values(LISTENER_METHODS), "onOtherEvent"];
    sc.addSparkListener(Object.fromEntries(methods.map((m) => [m, record])) as SparkListener);
  }

  /** Resolves once every event posted so far (a finished job's last task end) has been recorded. */
  drained(): Promise<void> {
    return this.sc.env.listenerBus.waitUntilEmpty();
  }

  of<N extends string>(name: N): EventOf<N>[] {
    return this.events.filter((e) => e.event === name) as EventOf<N>[];
  }

  /** The first event so far, or the next to come, of `name` that `pred` accepts. */
  next<N extends string>(name: N, pred: (e: EventOf<N>) => boolean = () => true): Promise<EventOf<N>> {
    const accepts = (e: SparkListenerEvent): boolean => e.event === name && pred(e as EventOf<N>);
    const seen = this.events.find(accepts);
    if (seen) return Promise.resolve(seen as EventOf<N>);
    return new Promise((resolve) => this.waiters.push({ pred: accepts, resolve: resolve as (e: SparkListenerEvent) => void }));
  }
}
