import { SparkException } from "../../util/SparkException.js";
import { parseFunction } from "./FreeVariables.js";
import { TASK_RUNTIME_NAME, __kindling } from "./TaskRuntime.js";

/**
 * A user function as it crosses a thread or process boundary: its source, plus the values it captured,
 * given explicitly. A function is checked when it is handed to an RDD, not when a task fails on an executor.
 */
export interface SerializedFunction {
  readonly expression: string;
  readonly env: Readonly<Record<string, unknown>>;
}

/** Values that stand for something richer than data (a broadcast, an accumulator) encode themselves. */
export const ENCODE = Symbol.for("kindling.encodeForTask");
export interface TaskEncodable {
  [ENCODE](): { kind: string; data: unknown };
}
const MARK = "$kindling";
const revivers = new Map<string, (data: unknown) => unknown>();

export function registerReviver(kind: string, revive: (data: unknown) => unknown): void {
  revivers.set(kind, revive);
}

/** Captured values, as the functions that take them accept them: `rdd.map(fn, { factor })`. */
export type Captured = Readonly<Record<string, unknown>>;

/** A checked, serialized function that can itself be captured by another (an action wrapping a user's). */
export class UserFunction implements TaskEncodable {
  constructor(readonly serialized: SerializedFunction) {}

  [ENCODE](): { kind: string; data: unknown } {
    return { kind: "fn", data: this.serialized };
  }
}

/** Checks `fn` and its captured values where it is given: `where` names the API call for the error. */
export function userFunction(fn: unknown, captured: Captured | undefined, where: string): UserFunction {
  return new UserFunction(serializeFunction(fn, captured, where));
}

export function serializeFunction(fn: unknown, env: Captured | undefined, where: string): SerializedFunction {
  if (typeof fn !== "function") {
    throw new SparkException(`${where} expects a function, but was given ${describe(fn)}`);
  }
  const source = Function.prototype.toString.call(fn);
  if (/\{\s*\[native code\]\s*\}\s*$/.test(source)) {
    throw notSerializable(where, `it is a built-in or bound function (${fn.name || "anonymous"}); wrap it: (x) => ${fn.name || "f"}(x)`);
  }
  if (/^\s*class\b/.test(source)) throw notSerializable(where, "it is a class, not a function");
  let parsed;
  try {
    parsed = parseFunction(source);
  } catch (e) {
    throw notSerializable(where, (e as Error).message);
  }
  const given = env ?? {};
  const missing = parsed.freeVariables.filter((name) => !Object.prototype.hasOwnProperty.call(given, name));
  if (missing.length > 0) {
    const list = missing.map((n) => `'${n}'`).join(", ");
    throw notSerializable(
      where,
      `the function uses ${list}, which it was not given. Pass captured values explicitly, e.g. ` +
        `${where}(fn, { ${missing.join(", ")} }), or define them inside the function`,
    );
  }
  const encoded: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(given)) encoded[name] = encodeValue(value, `${where}: captured value '${name}'`);
  return { expression: parsed.expression, env: encoded };
}

function notSerializable(where: string, why: string): SparkException {
  return new SparkException(`Task not serializable: the function given to ${where} cannot be sent to executors: ${why}`);
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "object") return `an instance of ${value.constructor?.name ?? "Object"}`;
  return `a ${typeof value}`;
}

function encodeValue(value: unknown, where: string): unknown {
  if ((typeof value === "object" || typeof value === "function") && value !== null && ENCODE in value) {
    let encoded;
    try {
      encoded = (value as TaskEncodable)[ENCODE]();
    } catch (e) {
      throw new SparkException(`Task not serializable: ${where}: ${(e as Error).message}`, { cause: e });
    }
    return { [MARK]: encoded.kind, data: encoded.data };
  }
  if (value === null || typeof value !== "object") {
    if (typeof value === "function") return { [MARK]: "fn", data: serializeFunction(value, {}, where) };
    if (typeof value === "symbol") throw new SparkException(`Task not serializable: ${where} is a symbol`);
    return value;
  }
  if (Array.isArray(value)) return value.map((v, i) => encodeValue(v, `${where}[${i}]`));
  const proto = Object.getPrototypeOf(value);
  if (proto === Object.prototype || proto === null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = encodeValue(v, `${where}.${k}`);
    return out;
  }
  if (value instanceof Date || value instanceof RegExp || value instanceof Map || value instanceof Set ||
      ArrayBuffer.isView(value) || value instanceof ArrayBuffer) {
    return value;
  }
  throw new SparkException(
    `Task not serializable: ${where} is ${describe(value)}; only plain data (objects, arrays, Map, Set, Date, ` +
      "typed arrays), functions, broadcast variables and accumulators can be sent to executors",
  );
}

const factories = new Map<string, (...args: unknown[]) => unknown>();

/** Rebuilds a function on the executor: compiled once per source, bound to this task's captured values. */
export function reviveFunction<F>(sf: SerializedFunction): F {
  const names = Object.keys(sf.env);
  const cacheKey = names.join(",") + "\u0000" + sf.expression;
  let factory = factories.get(cacheKey);
  if (!factory) {
    factory = new Function(TASK_RUNTIME_NAME, ...names, `"use strict"; return ${sf.expression};`) as (...args: unknown[]) => unknown;
    factories.set(cacheKey, factory);
  }
  return factory(__kindling, ...names.map((n) => reviveValue(sf.env[n]))) as F;
}

function reviveValue(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map(reviveValue);
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  const mark = (value as Record<string, unknown>)[MARK];
  if (typeof mark === "string") {
    const data = (value as { data: unknown }).data;
    if (mark === "fn") return reviveFunction(data as SerializedFunction);
    const revive = revivers.get(mark);
    if (!revive) throw new SparkException(`Cannot rebuild a captured ${mark}: this executor does not know that kind`);
    return revive(data);
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = reviveValue(v);
  return out;
}
