import { IllegalArgumentException } from "../util/SparkException.js";
import { readStateStoreConf, type StateStoreConf } from "./state/StateStoreConf.js";

/** The SQL settings the physical layer reads, with Spark's keys and defaults, read once per query. */
export interface SqlConf {
  readonly shufflePartitions: number;
  /** Bytes; -1 turns broadcast joins off. */
  readonly autoBroadcastJoinThreshold: number;
  readonly wholeStageCodegen: boolean;
  readonly defaultParallelism: number;
  readonly timeZone: string;
  readonly stateStore: StateStoreConf;
}

const SHUFFLE_PARTITIONS = "spark.sql.shuffle.partitions";
const AUTO_BROADCAST_JOIN_THRESHOLD = "spark.sql.autoBroadcastJoinThreshold";
const WHOLE_STAGE_CODEGEN = "spark.sql.codegen.wholeStage";

export function readSqlConf(get: (key: string) => string | undefined, defaultParallelism: number, timeZone: string): SqlConf {
  return {
    shufflePartitions: positiveInt(SHUFFLE_PARTITIONS, get(SHUFFLE_PARTITIONS) ?? "200"),
    autoBroadcastJoinThreshold: byteSize(AUTO_BROADCAST_JOIN_THRESHOLD, get(AUTO_BROADCAST_JOIN_THRESHOLD) ?? "10485760"),
    wholeStageCodegen: bool(WHOLE_STAGE_CODEGEN, get(WHOLE_STAGE_CODEGEN) ?? "true"),
    defaultParallelism,
    timeZone,
    stateStore: readStateStoreConf(get),
  };
}

function positiveInt(key: string, raw: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new IllegalArgumentException(`${key} should be a positive integer, but was '${raw}'`);
  return n;
}

const UNITS: Record<string, number> = { b: 1, k: 1024, kb: 1024, m: 1024 ** 2, mb: 1024 ** 2, g: 1024 ** 3, gb: 1024 ** 3 };

/** Spark's byte strings: `10485760`, `10m`, `10MB`, and -1 for "never". */
function byteSize(key: string, raw: string): number {
  const m = /^\s*(-?\d+)\s*([a-zA-Z]*)\s*$/.exec(raw);
  const unit = m ? UNITS[(m[2] || "b").toLowerCase()] : undefined;
  if (!m || unit === undefined) throw new IllegalArgumentException(`${key} should be a size in bytes such as 10485760 or 10m, but was '${raw}'`);
  return Number(m[1]) * unit;
}

function bool(key: string, raw: string): boolean {
  const v = raw.trim().toLowerCase();
  if (v !== "true" && v !== "false") throw new IllegalArgumentException(`${key} should be true or false, but was '${raw}'`);
  return v === "true";
}
