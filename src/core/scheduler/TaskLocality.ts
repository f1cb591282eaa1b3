/** How close a task runs to its data, best first, as Spark's TaskLocality. */
export const TASK_LOCALITIES = ["PROCESS_LOCAL", "NODE_LOCAL", "NO_PREF", "RACK_LOCAL", "ANY"] as const;
export type TaskLocality = (typeof TASK_LOCALITIES)[number];

export function localityRank(l: TaskLocality): number {
  return TASK_LOCALITIES.indexOf(l);
}

/** Preferred locations are hosts, or `executor_<id>` for a cached block held by one executor. */
export function executorOfLocation(location: string): string | undefined {
  return location.startsWith("executor_") ? location.slice("executor_".length) : undefined;
}
