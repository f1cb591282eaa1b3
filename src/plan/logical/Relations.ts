import type { Attribute } from "../../expr/AttributeReference.js";
import type { Expression } from "../../expr/Expression.js";

/** Leaves: where rows come from. */

/** A table or view name (`db.t` is `["db", "t"]`) that the analyzer looks up in the catalog. */
export interface UnresolvedRelation {
  readonly kind: "UnresolvedRelation";
  readonly multipartIdentifier: readonly string[];
}
export function UnresolvedRelation(multipartIdentifier: readonly string[]): UnresolvedRelation {
  return Object.freeze({ kind: "UnresolvedRelation", multipartIdentifier: Object.freeze([...multipartIdentifier]) });
}

/**
 * Rows held in the plan itself (`createDataFrame` from local data), each an array in `output` order.
 * `isStreaming`: the rows are one micro-batch of a streaming source, so the operators above are stateful.
 */
export interface LocalRelation {
  readonly kind: "LocalRelation";
  readonly output: readonly Attribute[];
  readonly data: readonly (readonly unknown[])[];
  readonly isStreaming: boolean;
}
export function LocalRelation(output: readonly Attribute[], data: readonly (readonly unknown[])[] = [], isStreaming = false): LocalRelation {
  // Rows are copied once, then shared by every rebuilt node: rules must not copy (possibly millions of) rows.
  const rows = Object.isFrozen(data) ? data : Object.freeze([...data]);
  return Object.freeze({ kind: "LocalRelation", output: Object.freeze([...output]), data: rows, isStreaming });
}

/** `spark.range(start, end, step, numSlices)`: one bigint column `id`. */
export interface Range {
  readonly kind: "Range";
  readonly start: bigint;
  readonly end: bigint;
  readonly step: bigint;
  readonly numSlices: number | null;
  readonly output: readonly [Attribute];
}
export function Range(start: bigint, end: bigint, step: bigint, numSlices: number | null, id: Attribute): Range {
  return Object.freeze({ kind: "Range", start, end, step, numSlices, output: Object.freeze([id] as const) });
}

/** The single empty row that `SELECT 1` reads from. */
export interface OneRowRelation {
  readonly kind: "OneRowRelation";
}
export const OneRowRelation: OneRowRelation = Object.freeze({ kind: "OneRowRelation" });

/**
 * Rows from a data source (a file format, a stream, a connector). `source` describes it in terms only the
 * source understands (format, paths, options) and must be JSON-serializable, so that it can reach executors.
 * The optimizer narrows `output` to the columns a query needs and, when the source accepts filters, records in
 * `pushedFilters` the predicates it may use to skip data (the Filter above stays, as Spark keeps it). A numeric
 * `source.sizeInBytes`, when the source knows it, lets the planner broadcast a small relation in a join.
 * `source.isStreaming` marks one micro-batch of a streaming source (Spark's LogicalRDD with isStreaming).
 */
export interface DataSourceRelation {
  readonly kind: "DataSourceRelation";
  readonly output: readonly Attribute[];
  readonly source: Readonly<{ format: string } & Record<string, unknown>>;
  readonly supportsFilterPushdown: boolean;
  readonly pushedFilters: readonly Expression[];
}
export function DataSourceRelation(
  output: readonly Attribute[],
  source: Readonly<{ format: string } & Record<string, unknown>>,
  supportsFilterPushdown = false,
  pushedFilters: readonly Expression[] = [],
): DataSourceRelation {
  return Object.freeze({
    kind: "DataSourceRelation", output: Object.freeze([...output]), source, supportsFilterPushdown, pushedFilters: Object.freeze([...pushedFilters]),
  });
}
