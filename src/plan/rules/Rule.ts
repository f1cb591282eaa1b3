import type { LogicalPlan } from "../logical/LogicalPlan.js";

/** A named rewrite of a whole plan, as Catalyst's `Rule[LogicalPlan]`: returns the plan itself when nothing applies. */
export interface Rule {
  readonly ruleName: string;
  apply(plan: LogicalPlan): LogicalPlan;
}

/** A rule from a name and a function. */
export function rule(ruleName: string, apply: (plan: LogicalPlan) => LogicalPlan): Rule {
  return Object.freeze({ ruleName, apply });
}
