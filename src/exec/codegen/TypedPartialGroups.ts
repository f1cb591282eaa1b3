import type { TaskEnv } from "../../core/TaskEnv.js";
import { Spillable } from "../../core/shuffle/Spillable.js";
import { dataTypeOf } from "../../expr/ExpressionTypes.js";
import type { DataType } from "../../types/DataType.js";
import type { HashAggregateExec } from "../SparkPlan.js";
import { AggregationMap, type PartialGroups } from "../runtime/HashAggregate.js";
import { vectorKindOf } from "../vector/ColumnVector.js";
import { NumericKeyMap } from "./NumericKeyMap.js";
import { INITIAL_GROUPS, typedAggregate, typedBuffer, type TypedAggregate, type TypedBuffer } from "./TypedAggregates.js";

/**
 * A partial aggregate that typed arrays can hold: no grouping key or one integral one (ints, dates, longs,
 * timestamps), and only typed aggregates (see TypedAggregate).
 */
export interface TypedAggregatePlan {
  readonly keyType: DataType | null;
  readonly aggregates: readonly TypedAggregate[];
}

const INTEGRAL_KEYS = new Set(["byte", "short", "integer", "date", "long", "timestamp"]);

export function typedAggregatePlan(node: HashAggregateExec): TypedAggregatePlan | null {
  if (node.groupingExpressions.length > 1) return null;
  const keyType = node.groupingExpressions.length === 1 ? dataTypeOf(node.groupingExpressions[0]!) : null;
  if (keyType !== null && !INTEGRAL_KEYS.has(keyType.kind)) return null;
  const aggregates = node.aggregateExpressions.map(typedAggregate);
  return aggregates.every((a) => a !== null) ? { keyType, aggregates: aggregates as TypedAggregate[] } : null;
}

/**
 * The groups of a typed partial aggregate (see PartialGroups): its key map and the aggregates' typed buffers,
 * which the generated loop updates row by row (`groupOf`, then each buffer's `add`). Rows whose longs do not
 * fit in numbers are folded by the BigInt loop into an AggregationMap instead; the partial rows of both go
 * downstream, and the final step merges a key found in both, as it merges any key's several partial rows.
 */
export class TypedPartialGroups implements PartialGroups {
  buffers: TypedBuffer[];
  private keys = new NumericKeyMap();
  private capacity = INITIAL_GROUPS;
  private exact: AggregationMap | null = null;
  private readonly keyAsBigInt: boolean;

  constructor(
    private readonly node: HashAggregateExec,
    private readonly plan: TypedAggregatePlan,
    private readonly env: TaskEnv,
  ) {
    this.buffers = plan.aggregates.map(typedBuffer);
    this.keyAsBigInt = plan.keyType !== null && vectorKindOf(plan.keyType) === "int64";
  }

  /** The group of a non-null key, made (with room in every buffer) if it is new. */
  groupOf(key: number): number {
    const g = this.keys.groupOf(key);
    if (g >= this.capacity) this.grow();
    return g;
  }

  nullGroupOf(): number {
    const g = this.keys.nullGroupOf();
    if (g >= this.capacity) this.grow();
    return g;
  }

  private grow(): void {
    this.capacity *= 2;
    for (const b of this.buffers) b.grow(this.capacity);
  }

  private get size(): number {
    return this.plan.keyType === null ? 1 : this.keys.size;
  }

  /** Where the BigInt loop folds the rows whose longs do not fit in numbers. */
  exactGroups(): AggregationMap {
    return (this.exact ??= new AggregationMap(this.node, new Spillable(this.env)));
  }

  get outgrows(): boolean {
    return this.size >= this.env.spillRecordThreshold || this.typedBytes > this.env.taskMemoryBytes || (this.exact?.outgrows ?? false);
  }

  estimatedBytes(): number {
    return this.typedBytes + (this.exact?.estimatedBytes() ?? 0);
  }

  private get typedBytes(): number {
    return this.keys.bytes + this.buffers.reduce((sum, b) => sum + b.bytes, 0);
  }

  takePartialRows(): unknown[][] {
    const rows = [...this.partialRows()];
    this.keys = new NumericKeyMap();
    this.buffers = this.plan.aggregates.map(typedBuffer);
    this.capacity = INITIAL_GROUPS;
    this.exact = null;
    return rows;
  }

  *partialRows(): IterableIterator<unknown[]> {
    const keyed = this.plan.keyType !== null;
    for (let g = 0; g < this.size; g++) {
      const buffers = this.buffers.map((b) => b.buffer(g));
      if (!keyed) yield buffers;
      else {
        const key = this.keys.keyOf(g);
        yield [key !== null && this.keyAsBigInt ? BigInt(key) : key, ...buffers];
      }
    }
    if (this.exact !== null && this.exact.size > 0) yield* this.exact.partialRows();
  }
}
