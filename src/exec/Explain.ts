import { explainString } from "../expr/ExpressionString.js";
import { TreeOps } from "../expr/TreeNode.js";
import type { LogicalPlan } from "../plan/logical/LogicalPlan.js";
import { schemaOf } from "../plan/logical/PlanOutput.js";
import { Plans } from "../plan/logical/PlanTree.js";
import { sizeInBytes } from "../plan/planning/SizeEstimation.js";
import { chainRoot, fusedChain, generatePipeline, type FusedChain } from "./codegen/WholeStageCodegen.js";
import type { SparkPlan } from "./SparkPlan.js";
import { outputOfExec, SparkPlans } from "./SparkPlanTree.js";

export type ExplainMode = "simple" | "extended" | "codegen" | "formatted" | "cost";

/** The phases of a query that explain prints. */
interface ExplainablePlans {
  readonly logical: LogicalPlan;
  readonly analyzed: LogicalPlan;
  readonly optimizedPlan: LogicalPlan;
  readonly executedPlan: SparkPlan;
  readonly conf: { readonly wholeStageCodegen: boolean };
}

/** Spark's `explain(mode)` text. */
export function explainQuery(q: ExplainablePlans, mode: ExplainMode): string {
  const stages = q.conf.wholeStageCodegen ? codegenStages(q.executedPlan) : new Map<SparkPlan, number>();
  const physical = `== Physical Plan ==\n${physicalTree(q.executedPlan, stages)}`;
  switch (mode) {
    case "simple":
      return physical;
    case "extended":
      return [
        `== Parsed Logical Plan ==\n${Plans.treeString(q.logical)}`,
        `== Analyzed Logical Plan ==\n${schemaString(q.analyzed)}\n${Plans.treeString(q.analyzed)}`,
        `== Optimized Logical Plan ==\n${Plans.treeString(q.optimizedPlan)}`,
        physical,
      ].join("\n");
    case "cost":
      return [`== Optimized Logical Plan ==\n${withStatistics(q.optimizedPlan)}`, physical].join("\n");
    case "formatted":
      return formatted(q.executedPlan, stages);
    case "codegen":
      return codegenString(q.executedPlan, q.conf.wholeStageCodegen);
  }
}

/** Spark's analyzed-plan header: `a: int, b: string`. */
function schemaString(plan: LogicalPlan): string {
  return schemaOf(plan).fields.map((f) => `${f.name}: ${f.dataType.simpleString()}`).join(", ");
}

function withStatistics(plan: LogicalPlan): string {
  const stats = new TreeOps<LogicalPlan>({
    ...Plans.shape,
    describe: (p) => `${Plans.shape.describe(p)}, Statistics(sizeInBytes=${formatBytes(sizeInBytes(p))})`,
  });
  return stats.treeString(plan);
}

/** Spark's Utils.bytesToString: `1024.0 B`, `8.0 EiB` for unknown sizes. */
function formatBytes(n: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(1)} ${units[i]}`;
}

/** Every fused chain of the plan, bottom-up, so that stage ids count up from the leaves as Spark's do. */
function fusedChains(plan: SparkPlan): FusedChain[] {
  const chains: FusedChain[] = [];
  const visit = (node: SparkPlan): void => {
    const chain = fusedChain(node);
    const below = chain ? chain.input : node;
    if (chain) {
      visit(below);
      chains.push(chain);
    } else SparkPlans.children(node).forEach(visit);
  };
  visit(plan);
  return chains;
}

/**
 * The codegen stage id of each operator that runs inside generated code; as in Spark, a local table or range
 * that feeds a stage's loop directly is part of the stage.
 */
function codegenStages(plan: SparkPlan): Map<SparkPlan, number> {
  const stages = new Map<SparkPlan, number>();
  fusedChains(plan).forEach((chain, i) => {
    const feeds = chain.input.kind === "LocalTableScanExec" || chain.input.kind === "RangeExec" ? [chain.input] : [];
    [...feeds, ...chain.operators, chainRoot(chain)].forEach((op) => stages.set(op, i + 1));
  });
  return stages;
}

/** The physical tree, operators in generated code marked `*(stage)` as Spark marks them. */
function physicalTree(plan: SparkPlan, stages: Map<SparkPlan, number>): string {
  const marked = new TreeOps<SparkPlan>({
    ...SparkPlans.shape,
    describe: (p) => (stages.has(p) ? `*(${stages.get(p)}) ` : "") + SparkPlans.shape.describe(p),
  });
  return marked.treeString(plan);
}

/** Spark's formatted explain: a tree of operator names with numbers, then each operator's details. */
function formatted(plan: SparkPlan, stages: Map<SparkPlan, number>): string {
  const ids = new Map<SparkPlan, number>();
  const number = (node: SparkPlan): void => {
    SparkPlans.children(node).forEach(number);
    ids.set(node, ids.size + 1);
  };
  number(plan);
  const name = (p: SparkPlan) => SparkPlans.shape.describe(p).split(/[ (]/)[0]!;
  const tree = new TreeOps<SparkPlan>({
    ...SparkPlans.shape,
    describe: (p) => `${stages.has(p) ? "* " : ""}${name(p)} (${ids.get(p)})`,
  }).treeString(plan);
  const details = [...ids].map(([node, id]) => {
    const codegen = stages.has(node) ? ` [codegen id : ${stages.get(node)}]` : "";
    const output = outputOfExec(node);
    return `(${id}) ${name(node)}${codegen}\nOutput [${output.length}]: [${output.map(explainString).join(", ")}]\nArguments: ${SparkPlans.shape.describe(node)}\n`;
  });
  return `== Physical Plan ==\n${tree}\n\n${details.join("\n")}`;
}

/** Spark's `explain("codegen")`: each whole-stage subtree and the JavaScript generated for it. */
function codegenString(plan: SparkPlan, enabled: boolean): string {
  const chains = enabled ? fusedChains(plan) : [];
  const parts = [`Found ${chains.length} WholeStageCodegen subtrees.`];
  chains.forEach((chain, i) => {
    const subtree = SparkPlans.treeString(chainRoot(chain));
    const code = generatePipeline(chain).source.split("\n").map((line, n) => `/* ${String(n + 1).padStart(3, "0")} */ ${line}`).join("\n");
    parts.push(`== Subtree ${i + 1} / ${chains.length} ==\n${subtree}\nGenerated code:\n${code}\n`);
  });
  return parts.join("\n");
}
