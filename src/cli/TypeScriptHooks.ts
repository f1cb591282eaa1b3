/** Node flags that make a submitted driver resolve `kindling` to this package and run `.ts` files. */
export function typeScriptHooksArgs(): string[] {
  return ["--import", new URL("./RegisterHooks.js", import.meta.url).href];
}
