import type { TaskContext } from "../../core/TaskContext.js";
import type { EvalContext } from "../../expr/EvalContext.js";
import { compilePipeline, fusedChain } from "../codegen/WholeStageCodegen.js";
import { dispatchExec, type InputAdapter, type SparkPlan, type SparkPlanTable } from "../SparkPlan.js";
import { outputOfExec } from "../SparkPlanTree.js";
import type { ColumnarBatch } from "../vector/ColumnarBatch.js";
import { reviveBatch } from "../vector/ReviveValues.js";
import type { DataType } from "../../types/DataType.js";
import { hashAggregate } from "./HashAggregate.js";
import { join } from "./Joins.js";
import { filter, generate, limit, project, sort, takeOrdered, type BatchStream } from "./Operators.js";
import { rangeBatches } from "./RowBatches.js";
import { writeOutput } from "./ShuffleWrite.js";
import { fragmentFromJson, type InputKind, type StageFragment } from "./StageFragment.js";
import { eventTimeWatermark } from "../streaming/EventTimeStatsCollector.js";
import { stateStoreRestore, stateStoreSave } from "../streaming/StreamingAggregation.js";
import { streamingDeduplicate } from "../streaming/StreamingDeduplicate.js";
import { streamingGlobalLimit } from "../streaming/StreamingGlobalLimit.js";

export type InputReader = () => IterableIterator<unknown>;
export interface Input {
  readonly kind: InputKind;
  readonly read: InputReader;
}

/**
 * A stage pipeline, ready to run on one partition's inputs. `partition` is the pipeline RDD's own partition,
 * which is the task's only when no union or coalesce lies above it: a stateful operator's state is by it.
 */
type CompiledFragment = (inputs: readonly Input[], task: TaskContext, partition: number) => IterableIterator<unknown>;

/** An operator, given the partition's inputs, its task (for memory and spill files) and which partition it is. */
type Operator = (inputs: readonly Input[], task: TaskContext, partition: number) => BatchStream;

const compiled = new Map<string, CompiledFragment>();
const MAX_CACHED = 256;

/** Compiles a fragment once per thread and text: tasks of one stage share the work (and the generated code). */
export function compileFragment(json: string): CompiledFragment {
  let run = compiled.get(json);
  if (!run) {
    if (compiled.size >= MAX_CACHED) compiled.clear();
    run = build(fragmentFromJson(json));
    compiled.set(json, run);
  }
  return run;
}

function build(fragment: StageFragment): CompiledFragment {
  const ctx: EvalContext = { timeZone: fragment.timeZone };
  const root = operator(fragment.plan, ctx, fragment.codegen);
  const input = outputOfExec(fragment.plan);
  return (inputs, task, partition) => {
    const read = (i: number, types: readonly DataType[]) => readInput(inputs[i]!, types);
    return writeOutput(fragment.output, root(inputs, task, partition), input, read, ctx, task.partitionId);
  };
}

/**
 * Input batches, with the values serialization flattened (decimals, intervals) restored by column type.
 * `transient`: the reader is done with each batch before it asks for the next (see rangeBatches).
 */
function* readInput(input: Input, types: readonly DataType[], transient = false): IterableIterator<ColumnarBatch> {
  switch (input.kind) {
    case "batches":
      for (const batch of input.read() as IterableIterator<ColumnarBatch>) yield reviveBatch(batch, types);
      return;
    case "shuffled":
    case "broadcast":
      for (const [, batch] of input.read() as IterableIterator<[number, ColumnarBatch]>) yield reviveBatch(batch, types);
      return;
    case "range":
      for (const slice of input.read() as IterableIterator<[bigint, bigint, bigint]>) yield* rangeBatches(slice, transient);
  }
}

/** Builds the operator for `node`; with codegen, a chain of narrow operators becomes one generated loop. */
function operator(node: SparkPlan, ctx: EvalContext, codegen: boolean): Operator {
  if (codegen) {
    const chain = fusedChain(node);
    if (chain) {
      // A generated loop is done with each batch it reads before the next.
      const child = chain.input.kind === "InputAdapter" ? inputAdapter(chain.input, true) : operator(chain.input, ctx, codegen);
      const run = compilePipeline(chain, ctx);
      return (inputs, task, partition) => run(child(inputs, task, partition), task);
    }
  }
  const child = (c: SparkPlan) => operator(c, ctx, codegen);
  const table: SparkPlanTable<Operator> = {
    InputAdapter: (p) => inputAdapter(p, false),
    ProjectExec: (p) => {
      const c = child(p.child);
      return (inputs, task, partition) => project(c(inputs, task, partition), p.projectList, outputOfExec(p.child), ctx);
    },
    FilterExec: (p) => {
      const c = child(p.child);
      return (inputs, task, partition) => filter(c(inputs, task, partition), p.condition, outputOfExec(p.child), ctx);
    },
    HashAggregateExec: (p) => {
      const c = child(p.child);
      return (inputs, task, partition) => hashAggregate(p, c(inputs, task, partition), ctx, task);
    },
    SortExec: (p) => {
      const c = child(p.child);
      return (inputs, task, partition) => sort(c(inputs, task, partition), p.sortOrder, outputOfExec(p.child), ctx, task);
    },
    LocalLimitExec: (p) => limitOf(p.limit, p.child),
    GlobalLimitExec: (p) => limitOf(p.limit, p.child),
    CollectLimitExec: (p) => limitOf(p.limit, p.child),
    TakeOrderedAndProjectExec: (p) => {
      const c = child(p.child);
      const input = outputOfExec(p.child);
      if (p.mode === "Partial") return (inputs, task, partition) => takeOrdered(c(inputs, task, partition), p.sortOrder, p.limit, input, ctx);
      return (inputs, task, partition) => project(takeOrdered(c(inputs, task, partition), p.sortOrder, p.limit, input, ctx), p.projectList, input, ctx);
    },
    GenerateExec: (p) => {
      const c = child(p.child);
      return (inputs, task, partition) => generate(c(inputs, task, partition), p.generator, p.outer, outputOfExec(p.child), p.generatorOutput, ctx);
    },
    EventTimeWatermarkExec: (p) => {
      const c = child(p.child);
      return (inputs, task, partition) => eventTimeWatermark(p, c(inputs, task, partition), task, partition);
    },
    StateStoreRestoreExec: (p) => {
      const c = child(p.child);
      return (inputs, task, partition) => stateStoreRestore(p, c(inputs, task, partition), partition);
    },
    StateStoreSaveExec: (p) => {
      const c = child(p.child);
      return (inputs, task, partition) => stateStoreSave(p, c(inputs, task, partition), task, partition);
    },
    StreamingDeduplicateExec: (p) => {
      const c = child(p.child);
      return (inputs, task, partition) => streamingDeduplicate(p, c(inputs, task, partition), task, partition);
    },
    StreamingGlobalLimitExec: (p) => {
      const c = child(p.child);
      return (inputs, task, partition) => streamingGlobalLimit(p, c(inputs, task, partition), task, partition);
    },
    BroadcastHashJoinExec: (p) => joinOf(p),
    ShuffledHashJoinExec: (p) => joinOf(p),
    BroadcastNestedLoopJoinExec: (p) => joinOf(p),
    LocalTableScanExec: notInFragment,
    RangeExec: notInFragment,
    FileSourceScanExec: notInFragment,
    UnionExec: notInFragment,
    CoalesceExec: notInFragment,
    ShuffleExchangeExec: notInFragment,
    BroadcastExchangeExec: notInFragment,
  };
  const limitOf = (n: number, c: SparkPlan): Operator => {
    const op = child(c);
    const types = outputOfExec(c).map((a) => a.dataType);
    return (inputs, task, partition) => limit(op(inputs, task, partition), n, types);
  };
  const joinOf = (p: Parameters<typeof join>[0]): Operator => {
    const [l, r] = [child(p.left), child(p.right)];
    return (inputs, task, partition) => join(p, l(inputs, task, partition), r(inputs, task, partition), ctx, task);
  };
  return dispatchExec(table, node);
}

function inputAdapter(p: InputAdapter, transient: boolean): Operator {
  const types = p.output.map((a) => a.dataType);
  return (inputs) => readInput(inputs[p.index]!, types, transient);
}

/** Scans, unions, coalesces and exchanges are RDDs of their own; a fragment reads them through InputAdapters. */
function notInFragment(p: SparkPlan): Operator {
  throw new Error(`${p.kind} cannot run inside a stage pipeline: the driver should have made it an input`);
}
