import { readFileSync } from "node:fs";

/** Kindling's version, from its package.json (three levels above this file once compiled into dist/src/util). */
export const VERSION: string = (JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8")) as { version: string }).version;
