import { SparkException } from "../../util/SparkException.js";
import type { LogicalPlan } from "../logical/LogicalPlan.js";
import { isPlanResolved, schemaOf } from "../logical/PlanOutput.js";
import { planFingerprint } from "../logical/PlanFingerprint.js";
import { Plans } from "../logical/PlanTree.js";
import type { Rule } from "./Rule.js";

/** How often a batch runs: once, or until the plan stops changing (at most `maxIterations` times). */
export type Strategy = { readonly kind: "Once" } | { readonly kind: "FixedPoint"; readonly maxIterations: number };

export const Once: Strategy = Object.freeze({ kind: "Once" });
export function FixedPoint(maxIterations: number): Strategy {
  return Object.freeze({ kind: "FixedPoint", maxIterations });
}

export interface Batch {
  readonly name: string;
  readonly strategy: Strategy;
  readonly rules: readonly Rule[];
}

export function Batch(name: string, strategy: Strategy, ...rules: Rule[]): Batch {
  return Object.freeze({ name, strategy, rules: Object.freeze(rules) });
}

/** One rule application that changed the plan, for tracing (Spark's `spark.sql.planChangeLog`). */
export interface PlanChange {
  readonly batch: string;
  readonly rule: string;
  readonly before: LogicalPlan;
  readonly after: LogicalPlan;
}

export interface RuleExecutorOptions {
  /**
   * Whether a rule may change the output schema of a resolved plan. The optimizer must not (DataFusion's
   * check): a change is a bug in the rule, reported by name. The analyzer may, since it resolves the schema.
   */
  readonly preserveSchema: boolean;
  /** Called after each rule application that changed the plan. */
  readonly onChange?: (change: PlanChange) => void;
}

/** Spark's RuleExecutor: runs named batches of rules in order. */
export class RuleExecutor {
  constructor(
    readonly batches: readonly Batch[],
    private readonly options: RuleExecutorOptions,
  ) {}

  execute(plan: LogicalPlan): LogicalPlan {
    let current = plan;
    for (const batch of this.batches) {
      const maxIterations = batch.strategy.kind === "Once" ? 1 : batch.strategy.maxIterations;
      for (let i = 0; i < maxIterations; i++) {
        const before = current;
        for (const r of batch.rules) current = this.applyRule(batch, r, current);
        // Rules rebuild nodes, so an unchanged plan may be a new object: compare structure, as Spark's fastEquals.
        if (current === before || planFingerprint(current) === planFingerprint(before)) break;
      }
    }
    return current;
  }

  private applyRule(batch: Batch, r: Rule, plan: LogicalPlan): LogicalPlan {
    const after = r.apply(plan);
    if (after === plan) return plan;
    if (this.options.preserveSchema && isPlanResolved(plan)) checkSchemaUnchanged(batch, r, plan, after);
    this.options.onChange?.({ batch: batch.name, rule: r.ruleName, before: plan, after });
    return after;
  }
}

function checkSchemaUnchanged(batch: Batch, r: Rule, before: LogicalPlan, after: LogicalPlan): void {
  const [was, is] = [schemaOf(before), schemaOf(after)];
  const same = was.fields.length === is.fields.length && was.fields.every((f, i) => f.name === is.fields[i]!.name && f.dataType.equals(is.fields[i]!.dataType));
  if (!same) {
    throw new SparkException(
      `The rule ${r.ruleName} in batch ${batch.name} changed the plan's output schema from [${was.toDDL()}] to [${is.toDDL()}]; rules must keep the schema.\n` +
        sideBySide(Plans.treeString(before), Plans.treeString(after)),
      { errorClass: "INTERNAL_ERROR" },
    );
  }
}

/** Two plans' tree strings side by side, lines that differ marked with `!`, as Spark prints plan changes. */
export function sideBySide(left: string, right: string): string {
  const [l, r] = [left.trimEnd().split("\n"), right.trimEnd().split("\n")];
  const width = Math.max(...l.map((s) => s.length));
  return Array.from({ length: Math.max(l.length, r.length) }, (_, i) => {
    const [a, b] = [l[i] ?? "", r[i] ?? ""];
    return `${a === b ? " " : "!"}${a.padEnd(width)}   ${b}`;
  }).join("\n");
}
