import { parse } from "acorn";
import { analyze } from "eslint-scope";
import { TASK_RUNTIME_NAME } from "./TaskRuntime.js";

/** The names every JavaScript realm has (and Kindling's task runtime), usable without being given them. */
const STANDARD_GLOBALS = new Set([
  "globalThis", "undefined", "NaN", "Infinity", "Object", "Function", "Array", "Number", "parseFloat", "parseInt",
  "Boolean", "String", "Symbol", "Date", "Promise", "RegExp", "Error", "AggregateError", "EvalError", "RangeError",
  "ReferenceError", "SyntaxError", "TypeError", "URIError", "JSON", "Math", "Intl", "ArrayBuffer", "SharedArrayBuffer",
  "Atomics", "Uint8Array", "Int8Array", "Uint16Array", "Int16Array", "Uint32Array", "Int32Array", "Float32Array",
  "Float64Array", "Uint8ClampedArray", "BigUint64Array", "BigInt64Array", "DataView", "Map", "BigInt", "Set", "WeakMap",
  "WeakSet", "WeakRef", "FinalizationRegistry", "Proxy", "Reflect", "decodeURI", "decodeURIComponent", "encodeURI",
  "encodeURIComponent", "escape", "unescape", "isFinite", "isNaN", "console", "Buffer", "TextEncoder", "TextDecoder",
  "URL", "URLSearchParams", "structuredClone", "queueMicrotask", "performance", "arguments", TASK_RUNTIME_NAME,
]);

export interface ParsedFunction {
  /** An expression that evaluates to the function. */
  readonly expression: string;
  /** Names the function reads from outside itself that no JavaScript realm provides. */
  readonly freeVariables: string[];
}

/**
 * Parses a function's source (from `fn.toString()`) and finds the variables it closes over. Method shorthand
 * (`name(x) { ... }`) is wrapped into an object so that it, too, becomes an expression.
 * Throws a SyntaxError-derived message when the source is not a function a worker could rebuild.
 */
export function parseFunction(source: string): ParsedFunction {
  for (const expression of [`(${source})`, `({${source}})[${JSON.stringify(methodName(source))}]`]) {
    let ast;
    try {
      ast = parse(expression, { ecmaVersion: "latest", sourceType: "script", ranges: true });
    } catch {
      continue;
    }
    const scopes = analyze(ast as never, { ecmaVersion: 2022, sourceType: "script" });
    const free = new Set<string>();
    for (const ref of scopes.globalScope!.through) {
      if (!STANDARD_GLOBALS.has(ref.identifier.name)) free.add(ref.identifier.name);
    }
    return { expression, freeVariables: [...free] };
  }
  throw new Error("its source is not a function expression that can be rebuilt elsewhere");
}

function methodName(source: string): string {
  return /^\s*(?:async\s+)?\*?\s*([A-Za-z_$][\w$]*)\s*\(/.exec(source)?.[1] ?? "";
}
