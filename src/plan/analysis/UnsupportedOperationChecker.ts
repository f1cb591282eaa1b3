import type { LogicalPlan } from "../logical/LogicalPlan.js";

/** Placeholder with the agreed signature; the stateful operators' author fills it in. */
export function checkForStreaming(_plan: LogicalPlan, _outputMode: "append" | "update" | "complete"): void {}
