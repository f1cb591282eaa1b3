import type { Attribute } from "../../expr/AttributeReference.js";
import type { Expression } from "../../expr/Expression.js";
import { conjoin, splitConjuncts } from "../../expr/Predicates.js";
import type { Join, JoinType } from "../logical/Join.js";
import { outputOf, referencesOf } from "../logical/PlanOutput.js";

/** A join split as hash and sort-merge joins need it: key pairs compared for equality, and what else it tests. */
export interface EquiJoin {
  readonly joinType: JoinType;
  readonly leftKeys: readonly Expression[];
  readonly rightKeys: readonly Expression[];
  /** Whether each key pair is compared with `<=>` (nulls match) rather than `=`. */
  readonly nullSafe: readonly boolean[];
  readonly otherCondition: Expression | null;
}

/**
 * Spark's ExtractEquiJoinKeys: the conjuncts of a join condition of the form `l = r` (or `l <=> r`) with `l`
 * computed from the left side only and `r` from the right (either way round) become key pairs; the rest is
 * evaluated on each matching pair. Null when the join has no such conjunct, so that it needs a nested loop.
 */
export function extractEquiJoinKeys(join: Join): EquiJoin | null {
  if (!join.condition) return null;
  const [left, right] = [outputOf(join.left), outputOf(join.right)];
  const leftKeys: Expression[] = [];
  const rightKeys: Expression[] = [];
  const nullSafe: boolean[] = [];
  const other: Expression[] = [];
  for (const c of splitConjuncts(join.condition)) {
    const pair = c.kind === "EqualTo" || c.kind === "EqualNullSafe" ? orient(c.left, c.right, left, right) : null;
    if (pair) {
      leftKeys.push(pair[0]);
      rightKeys.push(pair[1]);
      nullSafe.push(c.kind === "EqualNullSafe");
    } else other.push(c);
  }
  return leftKeys.length === 0 ? null : { joinType: join.joinType, leftKeys, rightKeys, nullSafe, otherCondition: conjoin(other) };
}

/** `[leftSide, rightSide]` when each operand uses columns of one side only, and they are different sides. */
function orient(a: Expression, b: Expression, left: readonly Attribute[], right: readonly Attribute[]): [Expression, Expression] | null {
  const side = (e: Expression): "left" | "right" | null => {
    const refs = referencesOf(e);
    if (refs.length === 0) return null;
    if (refs.every((r) => left.some((l) => l.exprId === r.exprId))) return "left";
    if (refs.every((r) => right.some((l) => l.exprId === r.exprId))) return "right";
    return null;
  };
  const [sa, sb] = [side(a), side(b)];
  if (sa === "left" && sb === "right") return [a, b];
  if (sa === "right" && sb === "left") return [b, a];
  return null;
}
