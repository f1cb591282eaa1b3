import type { Attribute } from "../../expr/AttributeReference.js";
import type { EvalContext } from "../../expr/EvalContext.js";
import type { Evaluate } from "../../expr/Evaluator.js";
import { toAttribute } from "../../plan/logical/PlanOutput.js";
import type { FilterExec, HashAggregateExec, ProjectExec, SparkPlan } from "../SparkPlan.js";
import type { TaskContext } from "../../core/TaskContext.js";
import { partialAggregate, type AggregationMap } from "../runtime/HashAggregate.js";
import { outputOfExec } from "../SparkPlanTree.js";
import { vectorKindOf, type ColumnVector, type VectorKind } from "../vector/ColumnVector.js";
import type { ColumnarBatch } from "../vector/ColumnarBatch.js";
import type { BatchStream } from "../runtime/Operators.js";
import { ExpressionCodegen, type ExprCode } from "./ExpressionCodegen.js";

/**
 * The narrow operators fused into one generated loop: filters and projections, bottom-up, optionally ending
 * in a partial aggregate that the loop feeds row by row; and the operator they read from.
 */
export interface FusedChain {
  readonly operators: readonly (ProjectExec | FilterExec)[];
  readonly aggregate: HashAggregateExec | null;
  readonly input: SparkPlan;
}

/** The longest such chain ending at `node`; null when `node` cannot be generated. */
export function fusedChain(node: SparkPlan): FusedChain | null {
  const aggregate = node.kind === "HashAggregateExec" && node.mode === "Partial" ? node : null;
  const operators: (ProjectExec | FilterExec)[] = [];
  let n = aggregate ? aggregate.child : node;
  while (n.kind === "ProjectExec" || n.kind === "FilterExec") {
    operators.unshift(n);
    n = n.child;
  }
  return operators.length > 0 || aggregate ? { operators, aggregate, input: n } : null;
}

/** The top operator of a chain. */
export function chainRoot(chain: FusedChain): SparkPlan {
  return chain.aggregate ?? chain.operators[chain.operators.length - 1]!;
}

interface GeneratedPipeline {
  /**
   * The body of `function (batch, fallbacks, ctx, finish, agg)`: returns the output batch, or, for a chain
   * ending in a partial aggregate, folds the batch's rows into `agg` (an AggregationMap).
   */
  readonly source: string;
  readonly fallbacks: readonly Evaluate[];
}

const TYPED: Record<Exclude<VectorKind, "object">, string> = { int32: "Int32Array", int64: "BigInt64Array", float64: "Float64Array", bool: "Uint8Array" };

/**
 * Spark's whole-stage codegen for a chain of filters and projections: one loop over the batch that reads the
 * input's typed arrays inline, tests each filter and computes each projection into local variables, and writes
 * the surviving rows' results straight into the output vectors, or hands their grouping keys and aggregate
 * arguments to the partial aggregate's hash map.
 */
export function generatePipeline(chain: FusedChain): GeneratedPipeline {
  const input = outputOfExec(chain.input);
  const cg = new ExpressionCodegen();
  const head: string[] = ["const n = batch.numRows;"];
  input.forEach((a, k) => head.push(`const d${k} = batch.columns[${k}].values, z${k} = batch.columns[${k}].nulls;`));
  const read = input.map((a, k) => {
    const raw = vectorKindOf(a.dataType) === "bool" ? `d${k}[i] === 1` : `d${k}[i]`;
    return `const q${k} = z${k} !== null && z${k}[i] === 1; const r${k} = q${k} ? null : ${raw};`;
  });
  let columns: ExprCode[] = input.map((_, k) => ({ value: `r${k}`, isNull: `q${k}` }));
  let attrs: readonly Attribute[] = input;
  for (const op of chain.operators) {
    cg.readFrom(attrs, columns);
    if (op.kind === "FilterExec") {
      const c = cg.gen(op.condition);
      cg.lines.push(`if (${c.isNull} || ${c.value} !== true) continue;`);
    } else {
      columns = op.projectList.map((e) => cg.gen(e));
      attrs = op.projectList.map(toAttribute);
    }
  }
  if (chain.aggregate) return aggregateLoop(chain.aggregate, cg, attrs, columns, head, read);
  const kinds = attrs.map((a) => vectorKindOf(a.dataType));
  kinds.forEach((kind, k) => head.push(`const o${k} = ${kind === "object" ? "new Array(n)" : `new ${TYPED[kind]}(n)`}; let m${k} = null;`));
  const write = columns.map((c, k) =>
    `if (${c.isNull}) (m${k} ??= new Uint8Array(n))[count] = 1; else o${k}[count] = ${kinds[k] === "bool" ? `${c.value} ? 1 : 0` : c.value};`);
  const body = [
    ...head,
    "let count = 0;",
    "for (let i = 0; i < n; i++) {",
    ...[...read, ...cg.lines, ...write, "count++;"].map((l) => "  " + l),
    "}",
    `return finish(count, n, [${kinds.map((kind, k) => `["${kind}", o${k}, m${k}]`).join(", ")}]);`,
  ];
  return { source: body.join("\n"), fallbacks: cg.fallbacks };
}

/** The loop of a chain ending in a partial aggregate: each surviving row's keys and arguments into `agg`. */
function aggregateLoop(node: HashAggregateExec, cg: ExpressionCodegen, attrs: readonly Attribute[], columns: readonly ExprCode[], head: readonly string[], read: readonly string[]): GeneratedPipeline {
  cg.readFrom(attrs, columns);
  const value = (c: ExprCode) => `(${c.isNull} ? null : ${c.value})`;
  const keys = node.groupingExpressions.map((e) => value(cg.gen(e)));
  // A global aggregate has one group: found once per batch, not per row.
  const global = keys.length === 0;
  // One key column, the common case, is looked up by its value: no key array per row.
  if (keys.length === 1) cg.lines.push(`const g = agg.groupOfValue(${keys[0]});`);
  else if (!global) cg.lines.push(`const g = agg.groupOf([${keys.join(", ")}]);`);
  // One argument array per aggregate, refilled for each row: `update` never keeps it.
  const argArrays: string[] = [];
  node.aggregateExpressions.forEach((a, i) => {
    const args = a.children.map((c) => value(cg.gen(c)));
    argArrays.push(`const a${i} = new Array(${args.length});`);
    cg.lines.push(...args.map((v, j) => `a${i}[${j}] = ${v};`), `agg.update(g, ${i}, a${i});`);
  });
  const loop = ["for (let i = 0; i < n; i++) {", ...[...read, ...cg.lines].map((l) => "  " + l), "}"];
  const body = [...head, ...argArrays, ...(global ? ["const g = agg.groupOf([]);"] : []), ...loop, "return null;"];
  return { source: body.join("\n"), fallbacks: cg.fallbacks };
}

type Finish = (count: number, capacity: number, columns: [VectorKind, ColumnVector["values"], Uint8Array | null][]) => ColumnarBatch;

/** Trims the output vectors to the rows the loop kept. */
const finish: Finish = (count, capacity, columns) => ({
  numRows: count,
  columns: columns.map(([kind, values, nulls]) => {
    const trim = <A extends { slice(s: number, e: number): A }>(a: A) => (count === capacity ? a : a.slice(0, count));
    return { kind, values: trim(values as never), nulls: nulls && trim(nulls) } as ColumnVector;
  }),
});

/** The chain as a function over batches, compiled once with `new Function`; the task gives a partial aggregate its memory share. */
export function compilePipeline(chain: FusedChain, ctx: EvalContext): (batches: BatchStream, task: TaskContext) => BatchStream {
  const { source, fallbacks } = generatePipeline(chain);
  type Generated = (b: ColumnarBatch, f: readonly Evaluate[], c: EvalContext, fin: Finish, agg: AggregationMap | null) => ColumnarBatch;
  const fn = new Function("batch", "fallbacks", "ctx", "finish", "agg", source) as Generated;
  const aggregate = chain.aggregate;
  if (aggregate) return (batches, task) => partialAggregate(aggregate, batches, (batch, agg) => void fn(batch, fallbacks, ctx, finish, agg), task);
  return function* (batches) {
    for (const batch of batches) {
      const out = fn(batch, fallbacks, ctx, finish, null);
      if (out.numRows > 0) yield out;
    }
  };
}
