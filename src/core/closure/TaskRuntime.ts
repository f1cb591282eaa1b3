import { compareKeys, hashKey, mapKey } from "../../util/keys.js";
import { writeTextPartition } from "../rdd/TextOutput.js";

/**
 * Kindling's own helpers that the functions it ships to executors may call: every rebuilt function sees them
 * as `__kindling`, so engine code (a sort's comparator, a combine's map key) needs no source of its own.
 */
export const __kindling = Object.freeze({ compareKeys, hashKey, mapKey, writeTextPartition });
export const TASK_RUNTIME_NAME = "__kindling";
