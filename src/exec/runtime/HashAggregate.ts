import type { Attribute } from "../../expr/AttributeReference.js";
import type { EvalContext } from "../../expr/EvalContext.js";
import { dataTypeOf } from "../../expr/ExpressionTypes.js";
import { aggregateFunctionDefinition } from "../../expr/functions/FunctionRegistry.js";
import { mapKey } from "../../util/keys.js";
import type { HashAggregateExec } from "../SparkPlan.js";
import { outputOfExec } from "../SparkPlanTree.js";
import { bind, type BatchStream } from "./Operators.js";
import { batchesOf, rowsOf } from "./RowBatches.js";
import type { Row } from "../vector/ColumnarBatch.js";

/** One group: its key values and one buffer per aggregate. */
interface Group {
  readonly key: readonly unknown[];
  readonly buffers: unknown[];
}

/**
 * HashAggregateExec, interpreted. Partial: folds each row's argument values into its group's buffers and
 * emits `[keys…, buffers…]`. Final: merges buffers by group and computes the result expressions. A grouping
 * without keys yields one row even over no input, as SQL requires. Groups are held in memory; spilling them
 * to disk past the task's memory share (Spark's UnsafeFixedWidthAggregationMap → sort-based fallback) is
 * not done yet.
 */
export function* hashAggregate(node: HashAggregateExec, child: BatchStream, ctx: EvalContext): BatchStream {
  const input = outputOfExec(node.child);
  const defs = node.aggregateExpressions.map((a) => aggregateFunctionDefinition(a.name));
  const argTypes = node.aggregateExpressions.map((a) => a.children.map(dataTypeOf));
  const groups = new Map<unknown, Group>();
  const groupOf = (key: readonly unknown[]): Group => {
    const k = key.length === 1 ? mapKey(key[0]) : mapKey(key);
    let g = groups.get(k);
    if (!g) groups.set(k, (g = { key, buffers: defs.map((d) => d.initialize()) }));
    return g;
  };
  const keyCount = node.groupingExpressions.length;

  if (node.mode === "Partial") {
    const keys = node.groupingExpressions.map((e) => bind(e.kind === "Alias" ? e.child : e, input));
    const args = node.aggregateExpressions.map((a) => a.children.map((c) => bind(c, input)));
    for (const row of rowsOf(child)) {
      const g = groupOf(keys.map((k) => k(row, ctx)));
      for (let i = 0; i < defs.length; i++) {
        g.buffers[i] = defs[i]!.update(g.buffers[i], args[i]!.map((f) => f(row, ctx)), argTypes[i]!);
      }
    }
    if (keyCount === 0 && groups.size === 0) groupOf([]);
    yield* batchesOf(mapGroups(groups, (g) => [...g.key, ...g.buffers]), outputOfExec(node).map((a) => a.dataType));
    return;
  }

  for (const row of rowsOf(child)) {
    const g = groupOf(row.slice(0, keyCount));
    for (let i = 0; i < defs.length; i++) g.buffers[i] = defs[i]!.merge(g.buffers[i], row[keyCount + i], argTypes[i]!);
  }
  if (keyCount === 0 && groups.size === 0) groupOf([]);
  const resultInput: Attribute[] = [...(node.groupingExpressions as Attribute[]), ...node.resultAttributes];
  const results = node.resultExpressions.map((e) => bind(e, resultInput));
  const evaluated = mapGroups(groups, (g) => {
    const row: Row = [...g.key, ...g.buffers.map((b, i) => defs[i]!.evaluate(b, argTypes[i]!))];
    return results.map((f) => f(row, ctx));
  });
  yield* batchesOf(evaluated, outputOfExec(node).map((a) => a.dataType));
}

function* mapGroups<T>(groups: Map<unknown, Group>, f: (g: Group) => T): IterableIterator<T> {
  for (const g of groups.values()) yield f(g);
}
