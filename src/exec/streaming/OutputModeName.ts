/** A streaming output mode, as the physical planner sees it (streaming/OutputMode.ts is the user's side). */
export type OutputModeName = "append" | "update" | "complete";
