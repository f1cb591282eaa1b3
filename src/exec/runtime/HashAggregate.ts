import type { Attribute } from "../../expr/AttributeReference.js";
import type { EvalContext } from "../../expr/EvalContext.js";
import { dataTypeOf } from "../../expr/ExpressionTypes.js";
import { aggregateFunctionDefinition } from "../../expr/functions/FunctionRegistry.js";
import { mapKey } from "../../util/keys.js";
import type { HashAggregateExec } from "../SparkPlan.js";
import { outputOfExec } from "../SparkPlanTree.js";
import { bind, type BatchStream } from "./Operators.js";
import { batchesOf, rowsOf } from "./RowBatches.js";
import { rowsOfBatch, type ColumnarBatch, type Row } from "../vector/ColumnarBatch.js";
import { reviveBuffer, reviveRow } from "../vector/ReviveValues.js";
import { ExternalAppendOnlyMap } from "../../core/shuffle/ExternalAppendOnlyMap.js";
import { Spillable } from "../../core/shuffle/Spillable.js";
import type { TaskContext } from "../../core/TaskContext.js";
import type { AggregateFunctionDefinition } from "../../expr/functions/FunctionDefinition.js";
import type { DataType } from "../../types/DataType.js";

/** The key of a global aggregate's one group. */
const GLOBAL = Symbol("global");

/** One group: its key values and one buffer per aggregate. */
interface Group {
  readonly key: readonly unknown[];
  readonly buffers: unknown[];
}

/**
 * What the partial step folds batches into: an AggregationMap, or the typed arrays of generated code.
 */
export interface PartialGroups {
  /** Whether the groups held have outgrown the task's memory share. */
  readonly outgrows: boolean;
  /** The bytes the groups held are estimated to take. */
  estimatedBytes(): number;
  /** The partial rows of the groups held so far; the groups start empty again. */
  takePartialRows(): unknown[][];
  /** The partial step's rows: `[keys…, buffers…]`. */
  partialRows(): IterableIterator<unknown[]>;
}

/**
 * The aggregate functions of one HashAggregateExec over the groups of a partition: the partial step's groups,
 * as both the interpreted operator and generated code fill them, and the merging and results of the final step.
 */
export class AggregationMap implements PartialGroups {
  private groups = new Map<unknown, Group>();
  private readonly defs: AggregateFunctionDefinition[];
  private readonly argTypes: DataType[][];
  private outgrown = false;

  /** `spillable`: for the partial step, which judges as each group is made whether they outgrow memory. */
  constructor(private readonly node: HashAggregateExec, private readonly spillable: Spillable | null = null) {
    this.defs = node.aggregateExpressions.map((a) => aggregateFunctionDefinition(a.name));
    this.argTypes = node.aggregateExpressions.map((a) => a.children.map(dataTypeOf));
  }

  /** The group of a key of several columns (or none): found by the key's canonical form. */
  groupOf(key: readonly unknown[]): Group {
    const k = key.length === 1 ? mapKey(key[0]) : key.length === 0 ? GLOBAL : mapKey(key);
    return this.groups.get(k) ?? this.newGroup(k, key.map(normalizeZero));
  }

  /**
   * The group of a one-column key, the common case, with no array per row: the value itself is the `Map` key
   * (objects by their canonical form). A Map compares by SameValueZero, so every NaN is one group and -0.0 is
   * 0.0's, as Spark's NormalizeFloatingNumbers makes them.
   */
  groupOfValue(value: unknown): Group {
    const k = mapKey(value);
    return this.groups.get(k) ?? this.newGroup(k, [normalizeZero(value)]);
  }

  private newGroup(k: unknown, key: readonly unknown[]): Group {
    const g: Group = { key, buffers: this.defs.map((d) => d.initialize()) };
    this.groups.set(k, g);
    if (this.spillable?.shouldSpill(this.groups.size, g)) this.outgrown = true;
    return g;
  }

  get size(): number {
    return this.groups.size;
  }

  /** Whether the groups held have outgrown the task's memory share. */
  get outgrows(): boolean {
    return this.outgrown;
  }

  estimatedBytes(): number {
    return this.spillable?.estimatedBytes(this.groups.size) ?? 0;
  }

  /** The partial rows of the groups held so far; the map starts empty again. */
  takePartialRows(): unknown[][] {
    const rows = [...this.groups.values()].map((g) => [...g.key, ...g.buffers]);
    this.groups = new Map();
    this.outgrown = false;
    this.spillable?.reset();
    return rows;
  }

  /** Folds one row's argument values for aggregate `i` into a group's buffer. */
  update(g: Group, i: number, args: readonly unknown[]): void {
    g.buffers[i] = this.defs[i]!.update(g.buffers[i], args, this.argTypes[i]!);
  }

  /** Two partial buffer lists of one group merged; either may have crossed a shuffle or a spill file. */
  mergeBuffers(a: readonly unknown[], b: readonly unknown[]): unknown[] {
    return a.map((x, i) => this.defs[i]!.merge(reviveBuffer(x), reviveBuffer(b[i]), this.argTypes[i]!));
  }

  /** The partial step's rows: `[keys…, buffers…]`; one row of empty buffers for a global aggregate of nothing. */
  *partialRows(): IterableIterator<unknown[]> {
    if (this.node.groupingExpressions.length === 0 && this.groups.size === 0) this.groupOf([]);
    for (const g of this.groups.values()) yield [...g.key, ...g.buffers];
  }

  /** The final step's rows: the result expressions over each group's keys and aggregate values. */
  *finalRows(groups: Iterable<Group>, ctx: EvalContext): IterableIterator<unknown[]> {
    const input: Attribute[] = [...(this.node.groupingExpressions as Attribute[]), ...this.node.resultAttributes];
    const results = this.node.resultExpressions.map((e) => bind(e, input));
    let none = true;
    for (const g of groups) {
      none = false;
      const row: Row = [...g.key, ...g.buffers.map((b, i) => this.defs[i]!.evaluate(b, this.argTypes[i]!))];
      yield results.map((f) => f(row, ctx));
    }
    if (none && this.node.groupingExpressions.length === 0) yield* this.finalRows([this.groupOf([])], ctx);
  }
}

/** -0.0 as 0.0: the group of both shows 0.0 whichever came first, as in Spark. */
function normalizeZero(value: unknown): unknown {
  return value === 0 ? 0 : value;
}

/** Folds one input batch's rows into the partial step's groups: the interpreted loop or the generated one. */
export type FoldBatch<G extends PartialGroups = AggregationMap> = (batch: ColumnarBatch, groups: G) => void;

/**
 * The partial step of a HashAggregateExec: folds batch after batch into its groups. When the groups outgrow the
 * task's memory share, their partial rows go downstream at once and the map starts empty, as Spark may do on
 * the map side: the final step merges a group's several partial rows anyway, so no disk is needed. A generated
 * loop cannot stop mid-batch, so both paths look after each batch. The groups let go count as the task's
 * memoryBytesSpilled; the most ever held, as its peakExecutionMemory.
 */
export function* partialAggregate<G extends PartialGroups>(node: HashAggregateExec, child: BatchStream, fold: FoldBatch<G>, task: TaskContext, groups: G): BatchStream {
  const types = outputOfExec(node).map((a) => a.dataType);
  const metrics = task.metrics;
  const notePeak = () => {
    metrics.peakExecutionMemory = Math.max(metrics.peakExecutionMemory, groups.estimatedBytes());
  };
  for (const batch of child) {
    fold(batch, groups);
    if (!groups.outgrows) continue;
    notePeak();
    metrics.memoryBytesSpilled += groups.estimatedBytes();
    yield* batchesOf(groups.takePartialRows(), types);
  }
  notePeak();
  yield* batchesOf(groups.partialRows(), types);
}

/**
 * HashAggregateExec, interpreted. Partial: folds each row's argument values into its group's buffers and
 * emits `[keys…, buffers…]` (see partialAggregate). Final: merges buffers by group, in core's
 * ExternalAppendOnlyMap, which spills past the task's memory share, and computes the result expressions. A
 * grouping without keys yields one row even over no input, as SQL requires.
 */
export function* hashAggregate(node: HashAggregateExec, child: BatchStream, ctx: EvalContext, task: TaskContext): BatchStream {
  const input = outputOfExec(node.child);
  if (node.mode === "Partial") {
    const keys = node.groupingExpressions.map((e) => bind(e.kind === "Alias" ? e.child : e, input));
    const args = node.aggregateExpressions.map((a) => a.children.map((c) => bind(c, input)));
    // One argument array per aggregate, refilled for each row: `update` never keeps it.
    const values = args.map((fns) => new Array<unknown>(fns.length));
    const [key0] = keys;
    const groupOfRow = keys.length === 1
      ? (groups: AggregationMap, row: Row) => groups.groupOfValue(key0!(row, ctx))
      : (groups: AggregationMap, row: Row) => groups.groupOf(keys.map((k) => k(row, ctx)));
    const fold: FoldBatch = (batch, groups) => {
      for (const row of rowsOfBatch(batch)) {
        const g = groupOfRow(groups, row);
        for (let i = 0; i < args.length; i++) {
          const fns = args[i]!;
          const v = values[i]!;
          for (let j = 0; j < fns.length; j++) v[j] = fns[j]!(row, ctx);
          groups.update(g, i, v);
        }
      }
    };
    yield* partialAggregate(node, child, fold, task, new AggregationMap(node, new Spillable(task.env)));
    return;
  }
  const groups = new AggregationMap(node);
  const types = outputOfExec(node).map((a) => a.dataType);
  const keyCount = node.groupingExpressions.length;
  const keyTypes = input.slice(0, keyCount).map((a) => a.dataType);
  const merge = (a: unknown[], b: unknown[]) => groups.mergeBuffers(a, b);
  const map = new ExternalAppendOnlyMap<unknown[], unknown[], unknown[]>((b) => b.map(reviveBuffer), merge, merge, task);
  map.insertAll(entries(rowsOf(child), keyCount));
  const merged = function* (): IterableIterator<Group> {
    for (const [key, buffers] of map.iterator()) yield { key: reviveRow(key, keyTypes), buffers: buffers.map(reviveBuffer) };
  };
  yield* batchesOf(groups.finalRows(merged(), ctx), types);
}

function* entries(rows: Iterable<Row>, keyCount: number): IterableIterator<[unknown[], unknown[]]> {
  for (const row of rows) yield [row.slice(0, keyCount), row.slice(keyCount)];
}
