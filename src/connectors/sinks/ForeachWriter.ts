import { userFunction, type Captured } from "../../core/closure/SerializedFunction.js";
import type { RowObject } from "../../exec/RowObjects.js";
import { IllegalArgumentException, SparkException } from "../../util/SparkException.js";

/**
 * Spark's ForeachWriter: what `writeStream.foreach(writer)` calls in the tasks, on the executors. For each
 * partition of each batch, `open(partitionId, epochId)` (the epoch id is the batch id); when it returns true,
 * `process(row)` for each of the partition's rows, a plain object keyed by column name; then `close(error)`, with
 * the error `process` threw or null, whenever `open` returned. `open` and `close` may be left out (open is then
 * true), as in PySpark; a function alone stands for `process`.
 *
 * The methods run synchronously, as a task does: one that is async, or returns a Promise, is refused.
 *
 * How a writer reaches the tasks: as its methods' source and its data, never as a live object. Its methods (its
 * own function-valued properties and those of its class, an object literal's or a class instance's alike) each
 * travel as a user function, checked where the writer is given; any variable they use that is not their own
 * must be among `captured` (`foreach(writer, { table })`), or the writer is refused ("Task not serializable").
 * Its own data properties (`this.table = "t"` in a constructor) are copied as captured values are, so they too
 * must be plain data, broadcasts or accumulators. Each task rebuilds a fresh plain object of those properties
 * and methods, so `this` in a method reads and writes that partition's own copy: state set in `open` is seen by
 * `process` and `close` of the same partition, and by nothing else. The class itself is not shipped (no
 * `instanceof`, `super` or `#private` members on the executors).
 */
export interface ForeachWriter<T = RowObject> {
  open?(partitionId: number, epochId: number): boolean;
  process(row: T): void;
  close?(error: Error | null): void;
}

/** The writer as its tasks take it: methods as checked user functions, data as itself, keyed by property. */
export type ShippedWriter = Readonly<Record<string, unknown>>;

const WHERE = "foreach";

/**
 * Checks a writer where it is given and turns it into plain data that tasks rebuild (see ForeachWriter). Throws
 * "Task not serializable" when a method uses a variable that is neither its own nor in `captured`.
 */
export function shipForeachWriter(writer: ForeachWriter | ((row: RowObject) => void), captured?: Captured): ShippedWriter {
  if (typeof writer === "function") return { process: method(writer, "process", captured) };
  if (typeof writer !== "object" || writer === null || typeof (writer as { process?: unknown }).process !== "function") {
    throw new IllegalArgumentException(
      `writeStream.foreach expects a ForeachWriter (an object with process(row), and optionally open(partitionId, epochId) and close(error)) or a function of a row, but was given ${describe(writer)}`,
    );
  }
  const shipped: Record<string, unknown> = {};
  // The class's methods first (nearest class last wins), then the object's own properties over them.
  for (const proto of prototypesOf(writer).reverse()) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      if (name === "constructor") continue;
      const d = Object.getOwnPropertyDescriptor(proto, name)!;
      if (d.get || d.set) throw notSerializable(`its class has an accessor '${name}', which cannot be rebuilt on executors; make it a method or a field`);
      if (typeof d.value === "function") shipped[name] = method(d.value, name, captured);
    }
  }
  for (const [name, value] of Object.entries(writer)) {
    shipped[name] = typeof value === "function" ? method(value, name, captured) : value;
  }
  // Its data is checked here, as captured values are, so that a bad value fails now rather than in every task.
  userFunction(() => null, { writer: shipped }, WHERE);
  return shipped;
}

/** The prototypes between an object and Object.prototype: its class and the classes it extends. */
function prototypesOf(o: object): object[] {
  const protos: object[] = [];
  for (let p = Object.getPrototypeOf(o); p !== null && p !== Object.prototype; p = Object.getPrototypeOf(p)) protos.push(p);
  return protos;
}

function method(fn: (...args: never[]) => unknown, name: string, captured: Captured | undefined) {
  if (fn.constructor?.name === "AsyncFunction" || fn.constructor?.name === "AsyncGeneratorFunction") {
    throw notSerializable(`its ${name} is async, but a writer's methods run synchronously in tasks; make ${name} return ${name === "open" ? "a boolean" : "nothing"} without awaiting`);
  }
  return userFunction(fn, captured, WHERE);
}

function notSerializable(why: string): SparkException {
  return new SparkException(`Task not serializable: the writer given to ${WHERE} cannot be sent to executors: ${why}`);
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "object") return `an object without a process method (${Object.getPrototypeOf(value)?.constructor?.name ?? "Object"})`;
  return `a ${typeof value}`;
}
