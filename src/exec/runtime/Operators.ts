import type { Attribute } from "../../expr/AttributeReference.js";
import type { EvalContext } from "../../expr/EvalContext.js";
import { bindReferences, evaluator, type Evaluate } from "../../expr/Evaluator.js";
import type { Expression } from "../../expr/Expression.js";
import { compareNullable } from "../../expr/Ordering.js";
import type { SortOrder } from "../../expr/SortOrder.js";
import { dataTypeOf } from "../../expr/ExpressionTypes.js";
import type { DataType } from "../../types/DataType.js";
import type { ColumnarBatch, Row } from "../vector/ColumnarBatch.js";
import { batchesOf, rowsOf } from "./RowBatches.js";
import { ExternalSorter } from "../../core/shuffle/ExternalSorter.js";
import type { TaskContext } from "../../core/TaskContext.js";
import { reviveRow } from "../vector/ReviveValues.js";

/** A compiled operator: given the stage's inputs, its output batches. */
export type BatchStream = Iterable<ColumnarBatch>;

export function bind(e: Expression, input: readonly Attribute[]): Evaluate {
  return evaluator(bindReferences(e, input));
}

/** The interpreted ProjectExec: each row through the projection's evaluators. */
export function* project(child: BatchStream, projectList: readonly Expression[], input: readonly Attribute[], ctx: EvalContext): BatchStream {
  const fns = projectList.map((e) => bind(e, input));
  const types = projectList.map(dataTypeOf);
  for (const batch of child) {
    yield* batchesOf(mapRows(rowsOf([batch]), (row) => fns.map((f) => f(row, ctx))), types);
  }
}

/** The interpreted FilterExec: rows for which the condition is true (not false, not null). */
export function* filter(child: BatchStream, condition: Expression, input: readonly Attribute[], ctx: EvalContext): BatchStream {
  const test = bind(condition, input);
  const types = input.map((a) => a.dataType);
  for (const batch of child) {
    yield* batchesOf(filterRows(rowsOf([batch]), (row) => test(row, ctx) === true), types);
  }
}

/** The first `limit` rows of the stream (a LocalLimit per partition, a GlobalLimit over one partition). */
export function* limit(child: BatchStream, n: number, types: readonly DataType[]): BatchStream {
  if (n <= 0) return;
  let left = n;
  for (const batch of child) {
    if (batch.numRows <= left) {
      yield batch;
      left -= batch.numRows;
    } else {
      yield* batchesOf([...rowsOf([batch])].slice(0, left), types);
      left = 0;
    }
    if (left === 0) return;
  }
}

/** A comparator of sort-key tuples (one value per SortOrder), nulls placed as each key says. */
export function keyOrdering(order: readonly SortOrder[]): (a: readonly unknown[], b: readonly unknown[]) => number {
  const keys = order.map((o) => ({ type: dataTypeOf(o.child), sign: o.direction === "Ascending" ? 1 : -1, nullsFirst: o.nullOrdering === "NullsFirst" }));
  return (a, b) => {
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!;
      const [x, y] = [a[i], b[i]];
      if (x === null || y === null) {
        if (x === y) continue;
        return (x === null) === k.nullsFirst ? -1 : 1;
      }
      const c = compareNullable(x, y, k.type, true) * k.sign;
      if (c !== 0) return c;
    }
    return 0;
  };
}

/** The sort-key tuple of a row. */
export function sortKeys(order: readonly SortOrder[], input: readonly Attribute[], ctx: EvalContext): (row: Row) => unknown[] {
  const fns = order.map((o) => bind(o.child, input));
  return (row) => fns.map((f) => f(row, ctx));
}

/**
 * SortExec: every row of the partition, in order, through core's ExternalSorter, which spills sorted runs to
 * disk past the task's memory share and merges them. Rows read back from a run have their decimals restored.
 */
export function* sort(child: BatchStream, order: readonly SortOrder[], input: readonly Attribute[], ctx: EvalContext, task: TaskContext): BatchStream {
  const keysOf = sortKeys(order, input, ctx);
  const compare = keyOrdering(order);
  const keyTypes = order.map((o) => dataTypeOf(o.child));
  const types = input.map((a) => a.dataType);
  const sorter = new ExternalSorter<[unknown[], Row]>((a, b) => compare(reviveRow(a[0], keyTypes), reviveRow(b[0], keyTypes)), task);
  sorter.insertAll(mapRows(rowsOf(child), (row): [unknown[], Row] => [keysOf(row), row]));
  yield* batchesOf(mapRows(sorter.iterator(), ([, row]) => reviveRow(row, types)), types);
}

/**
 * The first `n` rows by `order`: rows are kept in a buffer that is sorted and cut back to `n` whenever it
 * reaches 2n, so memory stays O(n) and time O(rows · log n).
 */
export function* takeOrdered(child: BatchStream, order: readonly SortOrder[], n: number, input: readonly Attribute[], ctx: EvalContext): BatchStream {
  const keysOf = sortKeys(order, input, ctx);
  const compare = keyOrdering(order);
  let kept: [unknown[], Row][] = [];
  const cut = () => {
    kept.sort((a, b) => compare(a[0], b[0]));
    kept = kept.slice(0, n);
  };
  for (const row of rowsOf(child)) {
    kept.push([keysOf(row), row]);
    if (kept.length >= 2 * n + 1) cut();
  }
  cut();
  yield* batchesOf(kept.map(([, row]) => row), input.map((a) => a.dataType));
}

/** GenerateExec: each row with each value of its generator (explode), or once with nulls when `outer`. */
export function* generate(
  child: BatchStream,
  generator: Expression,
  outer: boolean,
  input: readonly Attribute[],
  generatorOutput: readonly Attribute[],
  ctx: EvalContext,
): BatchStream {
  const gen = bind(generator, input);
  const types = [...input, ...generatorOutput].map((a) => a.dataType);
  const nulls = generatorOutput.map(() => null);
  const expand = function* (rows: Iterable<Row>): IterableIterator<unknown[]> {
    for (const row of rows) {
      const produced = gen(row, ctx) as unknown[] | Map<unknown, unknown> | null;
      // A map explodes into (key, value) columns, an array into one column per element.
      const values: unknown[] = produced instanceof Map ? [...produced] : (produced ?? []);
      if (values.length === 0 && outer) yield [...row, ...nulls];
      for (const v of values) yield [...row, ...(generatorOutput.length === 1 ? [v] : (v as unknown[]))];
    }
  };
  for (const batch of child) yield* batchesOf(expand(rowsOf([batch])), types);
}

function* mapRows<R, T>(rows: Iterable<R>, f: (row: R) => T): IterableIterator<T> {
  for (const row of rows) yield f(row);
}

function* filterRows(rows: Iterable<Row>, test: (row: Row) => boolean): IterableIterator<Row> {
  for (const row of rows) if (test(row)) yield row;
}
