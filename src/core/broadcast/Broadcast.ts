import type { TaskEncodable } from "../closure/SerializedFunction.js";
import { ENCODE, registerReviver } from "../closure/SerializedFunction.js";
import { TaskContext } from "../TaskContext.js";
import { SparkException } from "../../util/SparkException.js";

/**
 * A read-only value shipped to each executor once, not with every task. Captured by a function
 * (`rdd.map((x) => x + b.value, { b })`), it travels as its id; an executor fetches and caches the value.
 */
export class Broadcast<T> implements TaskEncodable {
  private destroyed = false;

  constructor(
    readonly id: number,
    private readonly driverValue?: { readonly value: T },
    private readonly onRemove?: (id: number, destroy: boolean) => void,
  ) {}

  get value(): T {
    if (this.destroyed) throw new SparkException(`Attempted to use Broadcast(${this.id}) after it was destroyed`);
    if (this.driverValue) return this.driverValue.value;
    const ctx = TaskContext.get();
    if (!ctx) throw new SparkException(`Broadcast(${this.id}) can only be read on the driver or inside a task`);
    return ctx.env.getBroadcast(this.id) as T;
  }

  /** Drops executors' copies; they fetch the value again if a later task uses it. */
  unpersist(): void {
    this.onRemove?.(this.id, false);
  }

  /** Drops the value everywhere; the broadcast cannot be used again. */
  destroy(): void {
    this.destroyed = true;
    this.onRemove?.(this.id, true);
  }

  [ENCODE](): { kind: string; data: unknown } {
    if (this.destroyed) throw new SparkException(`Attempted to use Broadcast(${this.id}) after it was destroyed`);
    return { kind: "broadcast", data: this.id };
  }

  toString(): string {
    return `Broadcast(${this.id})`;
  }
}

registerReviver("broadcast", (id) => new Broadcast(id as number));
