import { microsToDays } from "../../expr/DateTimeUtils.js";
import { Literal } from "../../expr/Literal.js";
import { DateType, TimestampType } from "../../types/AtomicTypes.js";
import { transformAllExpressions } from "../logical/PlanTree.js";
import { rule, type Rule } from "../rules/Rule.js";
import type { OptimizerContext } from "./OptimizerContext.js";

/** Every current_timestamp() and current_date() of a query is the same instant: the query's start. */
export function ComputeCurrentTime(ctx: OptimizerContext): Rule {
  const now = Literal(ctx.currentTimestamp, TimestampType);
  const today = Literal(microsToDays(ctx.currentTimestamp, ctx.timeZone), DateType);
  return rule("ComputeCurrentTime", (plan) =>
    transformAllExpressions(plan, (e) => {
      if (e.kind !== "ScalarFunction") return e;
      return e.name === "current_timestamp" ? now : e.name === "current_date" ? today : e;
    }),
  );
}
