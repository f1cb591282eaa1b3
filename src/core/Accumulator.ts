import type { TaskEncodable } from "./closure/SerializedFunction.js";
import { ENCODE, registerReviver } from "./closure/SerializedFunction.js";
import { TaskContext } from "./TaskContext.js";

type AccumulatorType = "long" | "double" | "collection";

/**
 * A variable that tasks only add to and the driver reads, as Spark's AccumulatorV2. A captured accumulator
 * travels as its id; each task adds to its own zeroed copy, whose value returns with the task's result and is
 * merged on the driver.
 */
export abstract class AccumulatorV2<IN, OUT> implements TaskEncodable {
  constructor(readonly id: number, readonly name: string | undefined) {}

  protected abstract get type(): AccumulatorType;
  abstract add(v: IN): void;
  abstract get value(): OUT;
  /** The partial value a task sends back. */
  abstract get partial(): unknown;
  abstract merge(partial: unknown): void;
  abstract reset(): void;
  abstract get isZero(): boolean;

  [ENCODE](): { kind: string; data: unknown } {
    return { kind: "accumulator", data: { id: this.id, name: this.name, type: this.type } };
  }

  toString(): string {
    return `${this.constructor.name}(id: ${this.id}, name: ${this.name ?? "None"}, value: ${JSON.stringify(this.value)})`;
  }
}

export class LongAccumulator extends AccumulatorV2<number, number> {
  private sumValue = 0;
  private countValue = 0;

  protected get type(): AccumulatorType {
    return "long";
  }

  add(v: number): void {
    this.sumValue += Math.trunc(v);
    this.countValue++;
  }

  get value(): number {
    return this.sumValue;
  }

  get sum(): number {
    return this.sumValue;
  }

  get count(): number {
    return this.countValue;
  }

  get avg(): number {
    return this.sumValue / this.countValue;
  }

  get partial(): unknown {
    return [this.sumValue, this.countValue];
  }

  merge(partial: unknown): void {
    const [s, c] = partial as [number, number];
    this.sumValue += s;
    this.countValue += c;
  }

  reset(): void {
    this.sumValue = 0;
    this.countValue = 0;
  }

  get isZero(): boolean {
    return this.sumValue === 0 && this.countValue === 0;
  }
}

export class DoubleAccumulator extends LongAccumulator {
  protected override get type(): AccumulatorType {
    return "double";
  }

  override add(v: number): void {
    this.merge([v, 1]);
  }
}

export class CollectionAccumulator<T> extends AccumulatorV2<T, T[]> {
  private items: T[] = [];

  protected get type(): AccumulatorType {
    return "collection";
  }

  add(v: T): void {
    this.items.push(v);
  }

  get value(): T[] {
    return [...this.items];
  }

  get partial(): unknown {
    return this.items;
  }

  merge(partial: unknown): void {
    this.items.push(...(partial as T[]));
  }

  reset(): void {
    this.items = [];
  }

  get isZero(): boolean {
    return this.items.length === 0;
  }
}

const constructors: Record<AccumulatorType, new (id: number, name: string | undefined) => AccumulatorV2<unknown, unknown>> = {
  long: LongAccumulator,
  double: DoubleAccumulator,
  collection: CollectionAccumulator,
};

/** On an executor: the task's own zeroed copy, registered so its value returns with the task's result. */
registerReviver("accumulator", (data) => {
  const { id, name, type } = data as { id: number; name: string | undefined; type: AccumulatorType };
  const ctx = TaskContext.get();
  const existing = ctx?.accumulatorUpdates.get(id);
  if (existing) return existing;
  const copy = new constructors[type](id, name);
  ctx?.accumulatorUpdates.set(id, copy);
  return copy;
});
