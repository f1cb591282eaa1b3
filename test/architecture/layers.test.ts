import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The import rules of ARCHITECTURE.md: each layer may import only the layers below it. `src/index.ts`, the
 * package root, wires the layers together and may import any of them.
 */
const BELOW: Record<string, string[]> = {
  util: [],
  types: ["util"],
  expr: ["util", "types"],
  plan: ["util", "types", "expr"],
  sql: ["util", "types", "expr", "plan"],
  rpc: ["util"],
  core: ["util", "rpc"],
  exec: ["util", "rpc", "core", "types", "expr", "plan"],
  streaming: ["util", "rpc", "core", "types", "expr", "plan", "exec"],
  connectors: ["util", "rpc", "core", "types", "expr", "plan", "exec", "streaming"],
  api: ["util", "rpc", "core", "types", "expr", "plan", "sql", "exec", "streaming", "connectors"],
  executor: ["util", "rpc", "core"],
  deploy: ["util", "rpc", "core", "executor"],
  status: ["util", "core"],
  ui: ["util", "core", "status"],
  // The command is a program of the package: it may use the package root, which wires the registries.
  cli: ["util", "rpc", "core", "types", "expr", "plan", "sql", "exec", "streaming", "connectors", "api", "executor", "deploy", "status", "ui", "<root>"],
};
/** Catalyst's layers are pure: no I/O, no timers, no Node built-ins. */
const PURE = new Set(["types", "expr", "plan", "sql"]);

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const src = join(root, "src");

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith(".ts") ? [path] : [];
  });
}

function layerOf(file: string): string {
  const parts = relative(src, file).split(sep);
  return parts.length === 1 ? "<root>" : parts[0]!;
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const found: string[] = [];
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^"';]*?from\s*["']([^"']+)["']|import\s*\(\s*["']([^"']+)["']\s*\)|(?:^|\n)\s*import\s*["']([^"']+)["']/g)) {
    found.push((m[1] ?? m[2] ?? m[3])!);
  }
  return found;
}

export function violations(): string[] {
  const problems: string[] = [];
  for (const file of sources(src)) {
    const layer = layerOf(file);
    if (layer === "<root>") continue;
    const allowed = BELOW[layer];
    const where = relative(root, file);
    if (!allowed) {
      problems.push(`${where}: '${layer}' is not a layer of ARCHITECTURE.md (known: ${Object.keys(BELOW).join(", ")})`);
      continue;
    }
    for (const spec of importsOf(file)) {
      if (spec.startsWith(".")) {
        const target = layerOf(resolve(dirname(file), spec));
        if (target !== layer && !allowed.includes(target)) {
          problems.push(`${where}: imports ${spec} from layer '${target}', which '${layer}' may not use (allowed: ${allowed.join(", ") || "none"})`);
        }
      } else if (PURE.has(layer) && (spec.startsWith("node:") || /^(fs|path|os|child_process|worker_threads|net|http)$/.test(spec))) {
        problems.push(`${where}: imports ${spec}, but '${layer}' is pure (no I/O, no Node built-ins)`);
      }
    }
  }
  return problems;
}

test("imports only go down the layers of ARCHITECTURE.md", () => {
  assert.deepEqual(violations(), []);
});
