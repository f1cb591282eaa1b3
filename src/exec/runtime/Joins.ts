import type { EvalContext } from "../../expr/EvalContext.js";
import type { Evaluate } from "../../expr/Evaluator.js";
import { mapKey } from "../../util/keys.js";
import { SparkException } from "../../util/SparkException.js";
import type { BroadcastHashJoinExec, BroadcastNestedLoopJoinExec, ShuffledHashJoinExec } from "../SparkPlan.js";
import { outputOfExec } from "../SparkPlanTree.js";
import type { Row } from "../vector/ColumnarBatch.js";
import { bind, type BatchStream } from "./Operators.js";
import { batchesOf, rowsOf } from "./RowBatches.js";

/**
 * The hash and nested-loop joins, interpreted: the build side is read whole into memory (a hash table on the
 * join keys, or a list), the streamed side row by row. Output rows are always left columns then right ones.
 * Rows of the build side that no streamed row matched are emitted at the end for a full outer join (its
 * planning guarantees one task sees the whole build side). A build side bigger than memory does not spill yet.
 */
export function* join(
  node: BroadcastHashJoinExec | ShuffledHashJoinExec | BroadcastNestedLoopJoinExec,
  left: BatchStream,
  right: BatchStream,
  ctx: EvalContext,
): BatchStream {
  const [leftOut, rightOut] = [outputOfExec(node.left), outputOfExec(node.right)];
  const buildLeft = node.buildSide === "BuildLeft";
  const buildWidth = (buildLeft ? leftOut : rightOut).length;
  const streamWidth = (buildLeft ? rightOut : leftOut).length;
  const joined = (s: Row, b: Row): Row => (buildLeft ? [...b, ...s] : [...s, ...b]);
  const condition = node.condition ? bind(node.condition, [...leftOut, ...rightOut]) : null;
  const accept = (row: Row) => condition === null || condition(row, ctx) === true;

  const buildRows = [...rowsOf(buildLeft ? left : right)];
  if (node.kind === "BroadcastNestedLoopJoinExec" && node.singleRowBuild && buildRows.length > 1) {
    throw new SparkException("More than one row returned by a subquery used as an expression.", { errorClass: "SCALAR_SUBQUERY_TOO_MANY_ROWS" });
  }
  const candidates = node.kind === "BroadcastNestedLoopJoinExec" ? () => buildRows : hashTable(node, buildRows, buildLeft, ctx);
  const streamKey = node.kind === "BroadcastNestedLoopJoinExec" ? null : keyOf(node, !buildLeft, ctx);

  const type = node.joinType;
  const streamOuter = type === "FullOuter" || (type === "LeftOuter" && !buildLeft) || (type === "RightOuter" && buildLeft);
  const matchedBuild = type === "FullOuter" ? new Set<Row>() : null;
  const buildNulls: null[] = new Array(buildWidth).fill(null);
  const streamNulls: null[] = new Array(streamWidth).fill(null);

  const rows = function* (): IterableIterator<Row> {
    for (const s of rowsOf(buildLeft ? right : left)) {
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
  yield* batchesOf(rows(), outputOfExec(node).map((a) => a.dataType));
}

/** The join key of a row of one side; null when a key that must match by `=` is null (it matches nothing). */
function keyOf(node: BroadcastHashJoinExec | ShuffledHashJoinExec, left: boolean, ctx: EvalContext): (row: Row) => unknown | null {
  const input = outputOfExec(left ? node.left : node.right);
  const keys: Evaluate[] = (left ? node.leftKeys : node.rightKeys).map((k) => bind(k, input));
  return (row) => {
    const values = keys.map((k) => k(row, ctx));
    if (values.some((v, i) => v === null && !node.nullSafe[i])) return null;
    return mapKey(values);
  };
}

function hashTable(node: BroadcastHashJoinExec | ShuffledHashJoinExec, rows: readonly Row[], buildLeft: boolean, ctx: EvalContext): (key: unknown) => readonly Row[] {
  const key = keyOf(node, buildLeft, ctx);
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
