import type { Attribute } from "../../expr/AttributeReference.js";
import type { EvalContext } from "../../expr/EvalContext.js";
import type { Evaluate } from "../../expr/Evaluator.js";
import { toAttribute } from "../../plan/logical/PlanOutput.js";
import type { FilterExec, ProjectExec, SparkPlan } from "../SparkPlan.js";
import { outputOfExec } from "../SparkPlanTree.js";
import { vectorKindOf, type ColumnVector, type VectorKind } from "../vector/ColumnVector.js";
import type { ColumnarBatch } from "../vector/ColumnarBatch.js";
import type { BatchStream } from "../runtime/Operators.js";
import { ExpressionCodegen, type ExprCode } from "./ExpressionCodegen.js";

/** The narrow operators fused into one generated loop, bottom-up, and the operator they read from. */
export interface FusedChain {
  readonly operators: readonly (ProjectExec | FilterExec)[];
  readonly input: SparkPlan;
}

/** The longest chain of filters and projections ending at `node`; null when `node` is neither. */
export function fusedChain(node: SparkPlan): FusedChain | null {
  const operators: (ProjectExec | FilterExec)[] = [];
  let n = node;
  while (n.kind === "ProjectExec" || n.kind === "FilterExec") {
    operators.unshift(n);
    n = n.child;
  }
  return operators.length > 0 ? { operators, input: n } : null;
}

export interface GeneratedPipeline {
  /** The body of `function (batch, fallbacks, ctx, finish)`, returning the output batch. */
  readonly source: string;
  readonly fallbacks: readonly Evaluate[];
}

const TYPED: Record<Exclude<VectorKind, "object">, string> = { int32: "Int32Array", int64: "BigInt64Array", float64: "Float64Array", bool: "Uint8Array" };

/**
 * Spark's whole-stage codegen for a chain of filters and projections: one loop over the batch that reads the
 * input's typed arrays inline, tests each filter and computes each projection into local variables, and writes
 * the surviving rows' results straight into the output vectors.
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

type Finish = (count: number, capacity: number, columns: [VectorKind, ColumnVector["values"], Uint8Array | null][]) => ColumnarBatch;

/** Trims the output vectors to the rows the loop kept. */
const finish: Finish = (count, capacity, columns) => ({
  numRows: count,
  columns: columns.map(([kind, values, nulls]) => {
    const trim = <A extends { slice(s: number, e: number): A }>(a: A) => (count === capacity ? a : a.slice(0, count));
    return { kind, values: trim(values as never), nulls: nulls && trim(nulls) } as ColumnVector;
  }),
});

/** The chain as a function over batches, compiled once with `new Function`. */
export function compilePipeline(chain: FusedChain, ctx: EvalContext): (batches: BatchStream) => BatchStream {
  const { source, fallbacks } = generatePipeline(chain);
  const fn = new Function("batch", "fallbacks", "ctx", "finish", source) as (b: ColumnarBatch, f: readonly Evaluate[], c: EvalContext, fin: Finish) => ColumnarBatch;
  return function* (batches) {
    for (const batch of batches) {
      const out = fn(batch, fallbacks, ctx, finish);
      if (out.numRows > 0) yield out;
    }
  };
}
