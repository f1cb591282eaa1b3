import type { EvalContext } from "../../expr/EvalContext.js";
import type { Evaluate } from "../../expr/Evaluator.js";
import { mapKey } from "../../util/keys.js";
import { SparkException } from "../../util/SparkException.js";
import type { TaskContext } from "../../core/TaskContext.js";
import type { BroadcastHashJoinExec, BroadcastNestedLoopJoinExec, ShuffledHashJoinExec, SparkPlan } from "../SparkPlan.js";
import { outputOfExec } from "../SparkPlanTree.js";
import type { Row } from "../vector/ColumnarBatch.js";
import { bind, type BatchStream } from "./Operators.js";
import { batchesOf, rowsOf } from "./RowBatches.js";
import { BUCKETS, ExternalRowBuckets } from "./ExternalRowBuckets.js";

/**
 * The hash and nested-loop joins, interpreted: the build side is read whole (a hash table on the join keys, or
 * a list), the streamed side row by row. Output rows are always left columns then right ones. Rows of the build
 * side that no streamed row matched are emitted at the end for a full outer join (its planning guarantees one
 * task sees the whole build side). A shuffled hash join whose build side outgrows the task's memory share
 * becomes a grace hash join: both sides are split by key into buckets on disk and joined bucket by bucket.
 */
export function* join(
  node: BroadcastHashJoinExec | ShuffledHashJoinExec | BroadcastNestedLoopJoinExec,
  left: BatchStream,
  right: BatchStream,
  ctx: EvalContext,
  task: TaskContext,
): BatchStream {
  const buildLeft = node.buildSide === "BuildLeft";
  const [build, stream] = buildLeft ? [left, right] : [right, left];
  const types = outputOfExec(node).map((a) => a.dataType);
  const probe = prober(node, ctx);
  if (node.kind === "BroadcastNestedLoopJoinExec") {
    const buildRows = [...rowsOf(build)];
    if (node.singleRowBuild && buildRows.length > 1) {
      throw new SparkException("More than one row returned by a subquery used as an expression.", { errorClass: "SCALAR_SUBQUERY_TOO_MANY_ROWS" });
    }
    yield* batchesOf(probe(buildRows, () => buildRows, rowsOf(stream)), types);
    return;
  }
  const [buildKey, streamKey] = [keyOf(node, buildLeft, ctx), keyOf(node, !buildLeft, ctx)];
  const hashJoin = (buildRows: readonly Row[], streamRows: Iterable<Row>) => probe(buildRows, hashTable(buildRows, buildKey), streamRows, streamKey);
  if (node.kind === "BroadcastHashJoinExec") {
    yield* batchesOf(hashJoin([...rowsOf(build)], rowsOf(stream)), types);
    return;
  }
  const sideTypes = (side: SparkPlan) => outputOfExec(side).map((a) => a.dataType);
  const buildRows = new ExternalRowBuckets(buildKey, sideTypes(buildLeft ? node.left : node.right), task);
  const streamRows = new ExternalRowBuckets(streamKey, sideTypes(buildLeft ? node.right : node.left), task);
  try {
    buildRows.insertAll(rowsOf(build));
    if (!buildRows.spilled) {
      yield* batchesOf(hashJoin(buildRows.inMemory, rowsOf(stream)), types);
      return;
    }
    // Once the build side is on disk, so is the stream side, even if small: a bucket pairs with a bucket.
    buildRows.spillRest();
    streamRows.insertAll(rowsOf(stream));
    streamRows.spillRest();
    const buckets = function* (): IterableIterator<Row> {
      for (let b = 0; b < BUCKETS; b++) yield* hashJoin([...buildRows.bucket(b)], streamRows.bucket(b));
    };
    yield* batchesOf(buckets(), types);
  } finally {
    buildRows.delete();
    streamRows.delete();
  }
}

/**
 * Joins build rows (given whole) with streamed rows, by the join type: `candidates` gives the build rows that
 * may match a streamed row's key (all of them for a nested loop, where there is no key).
 */
function prober(node: BroadcastHashJoinExec | ShuffledHashJoinExec | BroadcastNestedLoopJoinExec, ctx: EvalContext) {
  const [leftOut, rightOut] = [outputOfExec(node.left), outputOfExec(node.right)];
  const buildLeft = node.buildSide === "BuildLeft";
  const joined = (s: Row, b: Row): Row => (buildLeft ? [...b, ...s] : [...s, ...b]);
  const condition = node.condition ? bind(node.condition, [...leftOut, ...rightOut]) : null;
  const accept = (row: Row) => condition === null || condition(row, ctx) === true;
  const type = node.joinType;
  const streamOuter = type === "FullOuter" || (type === "LeftOuter" && !buildLeft) || (type === "RightOuter" && buildLeft);
  const buildNulls: null[] = new Array((buildLeft ? leftOut : rightOut).length).fill(null);
  const streamNulls: null[] = new Array((buildLeft ? rightOut : leftOut).length).fill(null);

  return function* (buildRows: readonly Row[], candidates: (key: unknown) => readonly Row[], streamRows: Iterable<Row>, streamKey?: (row: Row) => unknown): IterableIterator<Row> {
    const matchedBuild = type === "FullOuter" ? new Set<Row>() : null;
    for (const s of streamRows) {
      const key = streamKey ? streamKey(s) : undefined;
      const matches = key === null ? [] : candidates(key);
      let matched = false;
      for (const b of matches) {
        const row = joined(s, b);
        if (!accept(row)) continue;
        matched = true;
        if (type === "LeftSemi" || type === "LeftAnti") break;
        matchedBuild?.add(b);
        yield row;
      }
      if (type === "LeftSemi" && matched) yield s;
      else if (type === "LeftAnti" && !matched) yield s;
      else if (!matched && streamOuter) yield joined(s, buildNulls);
    }
    if (matchedBuild) for (const b of buildRows) if (!matchedBuild.has(b)) yield buildLeft ? [...b, ...streamNulls] : [...streamNulls, ...b];
  };
}

/**
 * The key of a null that matches by `<=>`: unique, so it equals no value, and an object, so that `hashKey`
 * buckets it when a join spills.
 */
const NULL_KEY = Object.freeze({ nullKey: true });

/** The join key of a row of one side; null when a key that must match by `=` is null (it matches nothing). */
function keyOf(node: BroadcastHashJoinExec | ShuffledHashJoinExec, left: boolean, ctx: EvalContext): (row: Row) => unknown | null {
  const input = outputOfExec(left ? node.left : node.right);
  const keys: Evaluate[] = (left ? node.leftKeys : node.rightKeys).map((k) => bind(k, input));
  if (keys.length === 1) {
    // One key column, the common case: its value is the Map key, with no array or string per row. A Map
    // compares by SameValueZero, so NaN matches NaN and -0.0 matches 0.0, as Spark normalizes join keys.
    const [key, nullSafe] = [keys[0]!, node.nullSafe[0]];
    return (row) => {
      const v = key(row, ctx);
      return v === null ? (nullSafe ? NULL_KEY : null) : mapKey(v);
    };
  }
  return (row) => {
    const values = keys.map((k) => k(row, ctx));
    if (values.some((v, i) => v === null && !node.nullSafe[i])) return null;
    return mapKey(values);
  };
}

function hashTable(rows: readonly Row[], key: (row: Row) => unknown): (key: unknown) => readonly Row[] {
  const table = new Map<unknown, Row[]>();
  for (const row of rows) {
    const k = key(row);
    if (k === null) continue;
    const bucket = table.get(k);
    if (bucket) bucket.push(row);
    else table.set(k, [row]);
  }
  return (k) => table.get(k) ?? [];
}
