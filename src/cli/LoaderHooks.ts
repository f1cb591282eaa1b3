/**
 * Module hooks for submitted applications (node:module `register`): `import ... from "kindling"` finds this
 * package wherever the application lives, and TypeScript files run after TypeScript's own transpiler strips
 * their types (no type checking: `tsc` does that). A `./x.js` import of a file that is `./x.ts` finds it, as
 * TypeScript's module resolution does.
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";

const PACKAGE_ROOT = new URL("../index.js", import.meta.url).href;

interface ResolveContext {
  readonly parentURL?: string;
}
type NextResolve = (specifier: string, context: ResolveContext) => Promise<{ url: string; format?: string | null }>;
type NextLoad = (url: string, context: object) => Promise<{ format: string; source?: string | Buffer | ArrayBuffer | null }>;

export async function resolve(specifier: string, context: ResolveContext, next: NextResolve): Promise<{ url: string; format?: string | null; shortCircuit?: boolean }> {
  if (specifier === "kindling") return { url: PACKAGE_ROOT, shortCircuit: true };
  if (context.parentURL?.endsWith(".ts") && /^\.{1,2}\//.test(specifier) && specifier.endsWith(".js")) {
    const ts = new URL(specifier.replace(/\.js$/, ".ts"), context.parentURL);
    if (!existsSync(fileURLToPath(new URL(specifier, context.parentURL))) && existsSync(fileURLToPath(ts))) return { url: ts.href, shortCircuit: true };
  }
  return next(specifier, context);
}

export async function load(url: string, context: object, next: NextLoad): Promise<{ format: string; source?: string | Buffer | ArrayBuffer | null; shortCircuit?: boolean }> {
  if (!url.startsWith("file:") || !/\.[cm]?ts$/.test(url)) return next(url, context);
  const source = await readFile(fileURLToPath(url), "utf8");
  let ts: typeof import("typescript");
  try {
    ts = (await import("typescript")).default;
  } catch {
    throw new Error(`Running ${fileURLToPath(url)} needs TypeScript's transpiler: install it (npm install typescript) or submit the compiled .js file.`);
  }
  const output = ts.transpileModule(source, {
    fileName: fileURLToPath(url),
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, sourceMap: false, inlineSourceMap: true, verbatimModuleSyntax: false },
  });
  return { format: "module", source: output.outputText, shortCircuit: true };
}
