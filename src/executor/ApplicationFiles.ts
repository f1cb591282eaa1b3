import { existsSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { SparkAppConfig } from "../rpc/Messages.js";

/**
 * How an application's code reaches its executors, as Spark ships the application jar: Kindling's own
 * modules are named relative to the package (every host has the package), the application's files are fetched
 * from the driver and laid out under the executor's directory with their relative paths kept, so their own
 * relative imports work, and `import "kindling"` in them finds the executor's Kindling.
 */

/** The directory holding Kindling's package.json, found from this module's place under it. */
export const PACKAGE_ROOT = findPackageRoot(dirname(fileURLToPath(import.meta.url)));

function findPackageRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, "utf8")) as { name?: string }).name === "kindling") return dir;
    if (dirname(dir) === dir) throw new Error(`Kindling's package.json was not found above ${from}`);
  }
}

function inside(dir: string, path: string): boolean {
  const rel = relative(dir, path);
  return rel !== "" && !rel.startsWith("..") && !isAbsolute(rel);
}

// ---- driver side ----

/**
 * The config executors load: `moduleUrls` are the modules that registered RDD kinds (core's rddKindModules),
 * `files` the application's files named by the user (spark.jars). The application's modules take the files
 * they import relatively along, transitively.
 */
export function sparkAppConfigFor(moduleUrls: readonly string[], files: readonly string[]): SparkAppConfig {
  const packageModules: string[] = [];
  const appModules: string[] = [];
  for (const url of moduleUrls) {
    const path = fileURLToPath(url);
    if (inside(PACKAGE_ROOT, path)) packageModules.push(relative(PACKAGE_ROOT, path).split(sep).join("/"));
    else appModules.push(path);
  }
  const appFiles = new Set<string>();
  const visit = (path: string): void => {
    if (appFiles.has(path) || inside(PACKAGE_ROOT, path)) return;
    appFiles.add(path);
    if (MODULE.test(path)) for (const spec of relativeImports(readFileSync(path, "utf8"))) {
      const target = importedFile(resolve(dirname(path), spec));
      if (target !== undefined) visit(target);
    }
  };
  for (const f of [...files.map((f) => resolve(f)), ...appModules]) {
    if (!isFile(f)) throw new Error(`The application file ${f} does not exist or is not a file; check spark.jars`);
    visit(f);
  }
  return { packageModules, appFiles: [...appFiles], appModules };
}

const MODULE = /\.[cm]?[jt]s$/;

/** Relative specifiers of static and literal dynamic imports: the files a module needs beside it. */
function relativeImports(source: string): string[] {
  const found: string[] = [];
  for (const m of source.matchAll(/\b(?:from|import)\s*\(?\s*["'](\.{1,2}\/[^"']+)["']/g)) found.push(m[1]!);
  return found;
}

/** The file an import names: itself, or the TypeScript source a `.js` specifier stands for; none when neither exists. */
function importedFile(path: string): string | undefined {
  if (isFile(path)) return path;
  const ts = path.replace(/\.([cm]?)js$/, ".$1ts");
  return ts !== path && isFile(ts) ? ts : undefined;
}

function isFile(path: string): boolean {
  return existsSync(path) && statSync(path).isFile();
}

// ---- executor side ----

/**
 * Lays the application's files out under `dir` (fetched with `fetch`) and loads the modules the config names,
 * so that the RDD kinds they register exist here before any task runs. A config that names a module outside
 * the package or outside the application's files is refused: nothing else received is ever loaded.
 */
export async function loadApplication(config: SparkAppConfig, dir: string, fetch: (path: string) => Promise<Uint8Array>): Promise<void> {
  checkConfig(config);
  const appDir = join(dir, "app");
  const local = new Map<string, string>();
  if (config.appFiles.length > 0) {
    const root = commonDirectory(config.appFiles);
    for (const file of config.appFiles) {
      const target = join(appDir, relative(root, file));
      if (!inside(appDir, target)) throw new Error(`Application file ${file} would land outside ${appDir}`);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, await fetch(file));
      local.set(file, target);
    }
    const link = join(appDir, "node_modules", "kindling");
    if (!existsSync(link)) {
      mkdirSync(dirname(link), { recursive: true });
      symlinkSync(PACKAGE_ROOT, link, "dir");
    }
  }
  for (const module of config.packageModules) await import(pathToFileURL(join(PACKAGE_ROOT, module)).href);
  for (const module of config.appModules) await import(pathToFileURL(local.get(module)!).href);
}

function checkConfig(config: SparkAppConfig): void {
  const strings = (v: unknown, what: string): void => {
    if (!Array.isArray(v) || v.some((s) => typeof s !== "string")) throw new Error(`The driver's app config is malformed: ${what} is not a list of strings`);
  };
  strings(config?.packageModules, "packageModules");
  strings(config.appFiles, "appFiles");
  strings(config.appModules, "appModules");
  for (const m of config.packageModules) {
    if (isAbsolute(m) || m.split("/").includes("..") || !/\.[cm]?js$/.test(m)) {
      throw new Error(`The driver named '${m}' as a Kindling module; expected a .js path inside the package`);
    }
  }
  for (const f of config.appFiles) if (!isAbsolute(f)) throw new Error(`The driver named '${f}' as an application file; expected an absolute path`);
  for (const m of config.appModules) if (!config.appFiles.includes(m)) throw new Error(`The driver asked to load ${m}, which is not one of the application's files`);
}

function commonDirectory(files: readonly string[]): string {
  let common = dirname(files[0]!);
  for (const f of files) while (!inside(common, f)) common = dirname(common);
  return common;
}
