import { randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { dirname } from "node:path";
import { writeFileAtomic } from "../../util/atomicWrite.js";
import { IllegalStateException } from "../../util/SparkException.js";

/**
 * The checkpoint's `metadata` file (Spark's StreamMetadata): `{"id":"…"}`, the query's id, which stays the same
 * across restarts from the checkpoint. Made on the first start; a file that is not one is an error naming it.
 */
export function readOrCreateQueryId(path: string): string {
  if (existsSync(path)) {
    const text = readFileSync(path, "utf8");
    let id: unknown;
    try {
      id = (JSON.parse(text.split("\n")[0] ?? "") as { id?: unknown }).id;
    } catch {
      id = undefined;
    }
    if (typeof id !== "string") throw new IllegalStateException(`The checkpoint's metadata file ${path} is malformed: expected {"id":"<query id>"}, found ${JSON.stringify(text.slice(0, 200))}.`);
    return id;
  }
  mkdirSync(dirname(path), { recursive: true });
  const id = randomUUID();
  writeFileAtomic(path, JSON.stringify({ id }));
  return id;
}
