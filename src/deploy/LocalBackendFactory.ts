import { availableParallelism } from "node:os";
import type { SchedulerBackendFactory } from "../core/scheduler/SchedulerBackend.js";
import { IllegalArgumentException } from "../util/SparkException.js";
import { LocalSchedulerBackend } from "./LocalSchedulerBackend.js";

const LOCAL = /^local(?:\[(\*|\d+)(?:\s*,\s*(\d+))?\])?$/;

/** `local`, `local[N]`, `local[*]` and `local[N,F]` (F: failures allowed per task), as Spark's. */
export const localBackendFactory: SchedulerBackendFactory = {
  description: "local, local[N], local[*], local[N,F]",
  canCreate: (master) => master.startsWith("local") && !master.startsWith("local-cluster"),
  create(master, env) {
    const m = LOCAL.exec(master.trim());
    if (!m) throw new IllegalArgumentException(`Could not parse Master URL: '${master}'. Use local, local[N], local[*] or local[N,F]`);
    const cores = m[1] === undefined ? 1 : m[1] === "*" ? availableParallelism() : Number(m[1]);
    if (cores < 1) throw new IllegalArgumentException(`Asked to run locally with ${cores} threads; use local[N] with N >= 1`);
    return new LocalSchedulerBackend(cores, env, m[2] === undefined ? undefined : Number(m[2]));
  },
};
