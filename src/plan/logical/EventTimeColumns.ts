import type { Expression } from "../../expr/Expression.js";
import type { LogicalPlan } from "./LogicalPlan.js";
import { outputOf } from "./PlanOutput.js";
import { Plans } from "./PlanTree.js";

/**
 * A column that carries a stream's event time under a watermark: the column `withWatermark` names, or a time
 * window over it (a struct whose `end` is the event time watermarks judge). Spark marks such attributes with
 * the `spark.watermarkDelayMs` metadata; Kindling's attributes have none, so they are traced by id.
 */
export interface EventTimeColumn {
  readonly delayMs: number;
  readonly window: boolean;
}

/** The event-time columns of a plan's output, by expression id. */
export function eventTimeColumns(plan: LogicalPlan): ReadonlyMap<number, EventTimeColumn> {
  const columns = new Map<number, EventTimeColumn>();
  for (const child of Plans.children(plan)) for (const [id, c] of eventTimeColumns(child)) columns.set(id, c);
  switch (plan.kind) {
    case "EventTimeWatermark":
      columns.set(plan.eventTime.exprId, { delayMs: plan.delayMs, window: plan.eventTime.dataType.kind === "struct" });
      break;
    case "Project":
    case "Aggregate":
      // An alias of an event-time column, or of a window over one, is one too (Spark's Alias keeps metadata).
      for (const e of plan.kind === "Project" ? plan.projectList : plan.aggregateExpressions) {
        const c = e.kind === "Alias" ? eventTimeOf(e.child, columns) : null;
        if (c && e.kind === "Alias") columns.set(e.exprId, c);
      }
      break;
    case "Generate": {
      // A sliding window() becomes a Generate of every window that holds the row's time (TimeWindowing).
      const time = plan.generator.name === "sliding_windows" ? eventTimeOf(plan.generator.children[0]!, columns) : null;
      if (time && !time.window) columns.set(plan.generatorOutput[0]!.exprId, { delayMs: time.delayMs, window: true });
      break;
    }
  }
  const output = new Set(outputOf(plan).map((a) => a.exprId));
  for (const id of [...columns.keys()]) if (!output.has(id)) columns.delete(id);
  return columns;
}

/**
 * Whether an expression over `columns` is an event-time column: one of them, an alias of one, or a tumbling
 * `window()` over a watermarked timestamp.
 */
export function eventTimeOf(e: Expression, columns: ReadonlyMap<number, EventTimeColumn>): EventTimeColumn | null {
  switch (e.kind) {
    case "AttributeReference":
      return columns.get(e.exprId) ?? null;
    case "Alias":
      return eventTimeOf(e.child, columns);
    case "ScalarFunction": {
      if (e.name !== "window") return null;
      const time = eventTimeOf(e.children[0]!, columns);
      return time && !time.window ? { delayMs: time.delayMs, window: true } : null;
    }
    default:
      return null;
  }
}
