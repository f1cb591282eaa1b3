import type { Attribute } from "../../expr/AttributeReference.js";
import type { EvalContext } from "../../expr/EvalContext.js";
import type { Evaluate } from "../../expr/Evaluator.js";
import { toAttribute } from "../../plan/logical/PlanOutput.js";
import { Spillable } from "../../core/shuffle/Spillable.js";
import type { FilterExec, HashAggregateExec, ProjectExec, SparkPlan } from "../SparkPlan.js";
import type { TaskContext } from "../../core/TaskContext.js";
import { AggregationMap, partialAggregate } from "../runtime/HashAggregate.js";
import { outputOfExec } from "../SparkPlanTree.js";
import { vectorKindOf, type ColumnVector, type VectorKind } from "../vector/ColumnVector.js";
import type { ColumnarBatch } from "../vector/ColumnarBatch.js";
import { HI, int64Words, LO, TWO_32 } from "../vector/Int64Words.js";
import type { BatchStream } from "../runtime/Operators.js";
import { anyNull, ExpressionCodegen, type ExprCode, type LongRepresentation } from "./ExpressionCodegen.js";
import { typedAggregatePlan, TypedPartialGroups, type TypedAggregatePlan } from "./TypedPartialGroups.js";

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

/**
 * How a generated loop holds longs (and timestamps), fastest first; a batch starts with the first that the
 * chain has and goes on with the next from the row where a long did not fit (see LongRepresentation).
 * "narrow": as numbers, an int64 column read from its low word as a 32-bit int, where V8 keeps integer
 * arithmetic in machine integers; "words": as numbers, read from both words; "bigint": as BigInts, exact.
 */
type Longs = "narrow" | "words" | "bigint";

/**
 * The source of one generated loop over rows `from`… of a batch, the body of
 * `function (batch, from, fallbacks, ctx, rt, <sink>)`, where `rt` is RUNTIME and the sink what the loop's
 * rows go to (see the generators below).
 */
interface GeneratedPipeline {
  readonly source: string;
  readonly fallbacks: readonly Evaluate[];
  /** The sink parameter's name. */
  readonly sink: string;
  /** Whether the loop may stop before the end of the batch: else no loop needs to follow it. */
  readonly mayGiveUp: boolean;
}

const TYPED: Record<Exclude<VectorKind, "object">, string> = { int32: "Int32Array", int64: "BigInt64Array", float64: "Float64Array", bool: "Uint8Array" };

/** What generated code calls besides its sink. */
const RUNTIME = { words: int64Words, finish: finishBatch };

/** Trims the output vectors to the rows the loop kept. */
function finishBatch(count: number, capacity: number, columns: [VectorKind, ColumnVector["values"], Uint8Array | null][]): ColumnarBatch {
  return {
    numRows: count,
    columns: columns.map(([kind, values, nulls]) => {
      const trim = <A extends { slice(s: number, e: number): A }>(a: A) => (count === capacity ? a : a.slice(0, count));
      return { kind, values: trim(values as never), nulls: nulls && trim(nulls) } as ColumnVector;
    }),
  };
}

/**
 * Spark's whole-stage codegen for a chain of filters and projections: one loop over the batch that reads the
 * input's typed arrays inline, tests each filter and computes each projection into local variables. What
 * becomes of the surviving rows' values is the sink's part, which its generator adds to the loop body (after
 * the fused operators' code) and around it.
 */
class FusedLoop {
  readonly cg: ExpressionCodegen;
  /** The values of the last operator's output, for the current row. */
  readonly columns: readonly ExprCode[];
  readonly attrs: readonly Attribute[];
  private readonly input: readonly Attribute[];

  /** `unsafe`: the statement that gives up on the rest of the batch when a long does not fit (not for BigInts). */
  constructor(chain: FusedChain, private readonly longs: Longs, unsafe: string) {
    this.input = outputOfExec(chain.input);
    const representation: LongRepresentation = longs === "bigint" ? { kind: "bigint" } : { kind: "number", unsafe };
    this.cg = new ExpressionCodegen(representation);
    let columns: ExprCode[] = this.input.map((_, k) => ({ value: `r${k}`, isNull: `q${k}` }));
    let attrs: readonly Attribute[] = this.input;
    for (const op of chain.operators) {
      this.cg.readFrom(attrs, columns);
      if (op.kind === "FilterExec") {
        const c = this.cg.gen(op.condition);
        this.cg.lines.push(`if (${c.isNull} || ${c.value} !== true) continue;`);
      } else {
        columns = op.projectList.map((e) => this.cg.gen(e));
        attrs = op.projectList.map(toAttribute);
      }
    }
    this.columns = columns;
    this.attrs = attrs;
    this.cg.readFrom(attrs, columns);
  }

  /** Whether the loop reads an int64 column, so that a narrow loop differs from a words one. */
  readsLongs(): boolean {
    return this.input.some((a, k) => this.uses(k) && this.cg.longAsNumber(a.dataType));
  }

  private uses(k: number): boolean {
    const name = new RegExp(`\\b[rq]${k}\\b`);
    return this.cg.lines.some((l) => name.test(l));
  }

  /**
   * The whole function body, its loop from row `from` (an expression); only the input columns the loop
   * refers to are read.
   */
  source(sink: string, from: string, before: readonly string[], after: readonly string[]): GeneratedPipeline {
    const head = ["const n = batch.numRows;"];
    const read: string[] = [];
    this.input.forEach((a, k) => {
      if (!this.uses(k)) return;
      head.push(`const z${k} = batch.columns[${k}].nulls;`);
      read.push(`const q${k} = z${k} !== null && z${k}[i] === 1;`);
      const kind = vectorKindOf(a.dataType);
      if (this.cg.longAsNumber(a.dataType)) {
        head.push(`const w${k} = rt.words(batch.columns[${k}].values);`);
        if (this.longs === "narrow") {
          read.push(`const r${k} = q${k} ? 0 : w${k}[2 * i + ${LO}];`, this.cg.giveUpIf(`!q${k} && w${k}[2 * i + ${HI}] !== r${k} >> 31`));
        } else {
          read.push(`const r${k} = q${k} ? 0 : w${k}[2 * i + ${HI}] * ${TWO_32} + (w${k}[2 * i + ${LO}] >>> 0);`, this.cg.checkSafe(`r${k}`));
        }
      } else {
        head.push(`const d${k} = batch.columns[${k}].values;`);
        read.push(`const r${k} = q${k} ? ${this.cg.placeholder(a.dataType)} : ${kind === "bool" ? `d${k}[i] === 1` : `d${k}[i]`};`);
      }
    });
    const loop = [`for (let i = ${from}; i < n; i++) {`, ...[...read, ...this.cg.lines].map((l) => "  " + l), "}"];
    return { source: [...head, ...before, ...loop, ...after].join("\n"), fallbacks: this.cg.fallbacks, sink, mayGiveUp: this.cg.mayGiveUp };
  }
}

/**
 * A chain of filters and projections: the surviving rows' values written straight into the output vectors,
 * longs held as numbers through their words. Returns the batch, or null when a long did not fit; null when
 * the loop is the same as one with longs held more widely, or cannot hold them as numbers.
 */
function projectionLoop(chain: FusedChain, longs: Longs): GeneratedPipeline | null {
  const loop = new FusedLoop(chain, longs, "return null;");
  const { cg } = loop;
  const kinds = loop.attrs.map((a) => vectorKindOf(a.dataType));
  const before = kinds.map((kind, k) => {
    const alloc = `const o${k} = ${kind === "object" ? "new Array(n)" : `new ${TYPED[kind]}(n)`}; let m${k} = null;`;
    return cg.longAsNumber(loop.attrs[k]!.dataType) ? `${alloc} const ow${k} = rt.words(o${k});` : alloc;
  });
  loop.columns.forEach((c, k) => {
    const store = cg.longAsNumber(loop.attrs[k]!.dataType)
      ? `{ ow${k}[2 * count + ${LO}] = ${c.value}; ow${k}[2 * count + ${HI}] = Math.floor(${c.value} / ${TWO_32}); }`
      : `o${k}[count] = ${kinds[k] === "bool" ? `${c.value} ? 1 : 0` : c.value};`;
    cg.lines.push(c.isNull === "false" ? store : `if (${c.isNull}) (m${k} ??= new Uint8Array(n))[count] = 1; else ${store}`);
  });
  cg.lines.push("count++;");
  if (cg.needsBigInts || (longs === "narrow" && !loop.readsLongs())) return null;
  return loop.source("out", "0", [...before, "let count = 0;"], [`return rt.finish(count, n, [${kinds.map((kind, k) => `["${kind}", o${k}, m${k}]`).join(", ")}]);`]);
}

/** A chain ending in a partial aggregate, with BigInts: each surviving row's keys and arguments into `agg`, an AggregationMap. */
function aggregateLoop(chain: FusedChain, node: HashAggregateExec): GeneratedPipeline {
  const loop = new FusedLoop(chain, "bigint", "");
  const { cg } = loop;
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
  return loop.source("agg", "from", [...argArrays, ...(global ? ["const g = agg.groupOf([]);"] : [])], ["return n;"]);
}

/**
 * A chain ending in a typed partial aggregate (see TypedPartialGroups), longs held as numbers: each surviving
 * row's group found in `groups` and each aggregate's argument added to its typed buffer. Returns the row it
 * stopped at: n, or the first row whose longs did not fit. Null as for projectionLoop.
 */
function typedAggregateLoop(chain: FusedChain, node: HashAggregateExec, plan: TypedAggregatePlan, longs: Exclude<Longs, "bigint">): GeneratedPipeline | null {
  const loop = new FusedLoop(chain, longs, "return i;");
  const { cg } = loop;
  if (plan.keyType === null) cg.lines.push("const g = 0;");
  else {
    const key = cg.gen(node.groupingExpressions[0]!);
    cg.lines.push(key.isNull === "false" ? `const g = groups.groupOf(${key.value});` : `const g = ${key.isNull} ? groups.nullGroupOf() : groups.groupOf(${key.value});`);
  }
  const before = node.aggregateExpressions.map((a, i) => {
    const args = a.children.map((c) => cg.gen(c));
    // count's argument is only whether any is null; every other aggregate has one.
    const add = plan.aggregates[i]!.fn === "count" ? `b${i}.add(g, 0);` : `b${i}.add(g, ${args[0]!.value});`;
    const isNull = anyNull(...args.map((c) => c.isNull));
    cg.lines.push(isNull === "false" ? add : `if (!${isNull}) ${add}`);
    return `const b${i} = groups.buffers[${i}];`;
  });
  if (cg.needsBigInts || (longs === "narrow" && !loop.readsLongs())) return null;
  return loop.source("groups", "from", before, ["return n;"]);
}

type Compiled<S, R> = (batch: ColumnarBatch, from: number, fallbacks: readonly Evaluate[], ctx: EvalContext, rt: typeof RUNTIME, sink: S) => R;

/** The loop compiled once with `new Function`, as a function of the batch, the first row and the sink. */
function compile<S, R>(p: GeneratedPipeline, ctx: EvalContext): (batch: ColumnarBatch, from: number, sink: S) => R {
  const fn = new Function("batch", "from", "fallbacks", "ctx", "rt", p.sink, p.source) as Compiled<S, R>;
  return (batch, from, sink) => fn(batch, from, p.fallbacks, ctx, RUNTIME, sink);
}

/** The loops a batch of the chain may run through, in order (see Longs), up to the first that never gives up. */
function loopsOf(chain: FusedChain): GeneratedPipeline[] {
  const node = chain.aggregate;
  const plan = node && typedAggregatePlan(node);
  const loops = node === null
    ? (["narrow", "words", "bigint"] as const).flatMap((l) => projectionLoop(chain, l) ?? [])
    : [...(plan ? (["narrow", "words"] as const).flatMap((l) => typedAggregateLoop(chain, node, plan, l) ?? []) : []), aggregateLoop(chain, node)];
  const last = loops.findIndex((l) => !l.mayGiveUp);
  return loops.slice(0, last + 1);
}

/**
 * The chain as a function over batches. Each batch runs through the loops of loopsOf in turn, each taking
 * over where the one before gave up, so that BigInts are used only for rows whose longs need them. A partial
 * aggregate is folded in typed arrays where its keys and functions allow, else in an AggregationMap; the task
 * gives it its memory share.
 */
export function compilePipeline(chain: FusedChain, ctx: EvalContext): (batches: BatchStream, task: TaskContext) => BatchStream {
  const loops = loopsOf(chain);
  const node = chain.aggregate;
  if (node === null) {
    const run = loops.map((p) => compile<null, ColumnarBatch | null>(p, ctx));
    return function* (batches) {
      // A projection's loop starts again from the first row: start each batch where the last one succeeded.
      let first = 0;
      for (const batch of batches) {
        let out: ColumnarBatch | null = null;
        for (let l = first; out === null; l++) {
          out = run[l]!(batch, 0, null);
          first = l;
        }
        if (out.numRows > 0) yield out;
      }
    };
  }
  const typed = loops.filter((l) => l.sink === "groups").map((p) => compile<TypedPartialGroups, number>(p, ctx));
  const bigints = loops.find((l) => l.sink === "agg");
  const exact = bigints && compile<AggregationMap, number>(bigints, ctx);
  if (typed.length === 0) return (batches, task) => partialAggregate(node, batches, (b, agg) => void exact!(b, 0, agg), task, new AggregationMap(node, new Spillable(task.env)));
  const plan = typedAggregatePlan(node)!;
  const fold = (batch: ColumnarBatch, groups: TypedPartialGroups) => {
    let from = 0;
    for (const loop of typed) {
      from = loop(batch, from, groups);
      if (from === batch.numRows) return;
    }
    exact!(batch, from, groups.exactGroups());
  };
  return (batches, task) => partialAggregate(node, batches, fold, task, new TypedPartialGroups(node, plan, task.env));
}

/** The chain's generated code as `explain("codegen")` prints it: each loop a batch may run through, in order. */
export function generatePipeline(chain: FusedChain): { readonly source: string } {
  return { source: loopsOf(chain).map((p) => p.source).join("\n// Rows whose longs do not fit in the loop above go on through:\n") };
}
