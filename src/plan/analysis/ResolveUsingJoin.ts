import { Alias } from "../../expr/Alias.js";
import { AnalysisException, toSQLId } from "../../expr/AnalysisException.js";
import type { Attribute } from "../../expr/AttributeReference.js";
import type { Expression } from "../../expr/Expression.js";
import { ScalarFunction } from "../../expr/FunctionCall.js";
import { EqualTo, conjoin } from "../../expr/Predicates.js";
import { Join } from "../logical/Join.js";
import { outputOf } from "../logical/PlanOutput.js";
import { Plans } from "../logical/PlanTree.js";
import { Project } from "../logical/UnaryNodes.js";
import { rule } from "../rules/Rule.js";
import { qualifiedName, sameName } from "./NameResolution.js";
import { childrenResolved } from "./ResolveReferences.js";

function usingColumn(name: string, side: "left" | "right", output: readonly Attribute[]): Attribute {
  const found = output.find((a) => sameName(a.name, name));
  if (!found) {
    throw new AnalysisException(
      "UNRESOLVED_USING_COLUMN_FOR_JOIN",
      `USING column ${toSQLId(name)} cannot be resolved on the ${side} side of the join. The ${side}-side columns: [${output.map(qualifiedName).join(", ")}].`,
    );
  }
  return found;
}

/**
 * `JOIN … USING (k)`: an equi-join on each key, projected as Spark does: the keys once (from the left, from the
 * right for a right join, coalesced for a full join), then the other columns of the left and of the right.
 */
export const ResolveUsingJoin = rule("ResolveUsingJoin", (plan) =>
  Plans.transformUp(plan, (node) => {
    if (node.kind !== "Join" || node.usingColumns === null || !childrenResolved(node)) return node;
    const [left, right] = [outputOf(node.left), outputOf(node.right)];
    const leftKeys = node.usingColumns.map((c) => usingColumn(c, "left", left));
    const rightKeys = node.usingColumns.map((c) => usingColumn(c, "right", right));
    const condition = conjoin(leftKeys.map((l, i) => EqualTo(l, rightKeys[i]!)));
    const join = Join(node.left, node.right, node.joinType, condition);
    const isKey = (keys: readonly Attribute[]) => (a: Attribute) => keys.some((k) => k.exprId === a.exprId);
    const leftRest = left.filter((a) => !isKey(leftKeys)(a));
    const rightRest = right.filter((a) => !isKey(rightKeys)(a));
    let keys: Expression[];
    switch (node.joinType) {
      case "RightOuter":
        keys = rightKeys;
        break;
      case "FullOuter":
        keys = leftKeys.map((l, i) => Alias(ScalarFunction("coalesce", [l, rightKeys[i]!]), l.name));
        break;
      default:
        keys = leftKeys;
    }
    const semi = node.joinType === "LeftSemi" || node.joinType === "LeftAnti";
    return Project([...keys, ...leftRest, ...(semi ? [] : rightRest)], join);
  }).node,
);
