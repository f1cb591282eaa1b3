import type { Attribute } from "./AttributeReference.js";
import { newExprId } from "./ExprId.js";
import type { Expression } from "./Expression.js";

/** `child AS name`: gives a computed value a name and a fresh id that operators above refer to. */
export interface Alias {
  readonly kind: "Alias";
  readonly child: Expression;
  readonly name: string;
  readonly exprId: number;
  readonly qualifier: readonly string[];
}

export function Alias(child: Expression, name: string, exprId: number = newExprId(), qualifier: readonly string[] = []): Alias {
  return Object.freeze({ kind: "Alias", child, name, exprId, qualifier: Object.freeze([...qualifier]) });
}

/** What a projection outputs: a column it passes through, or one it computes and names. */
export type NamedExpression = Attribute | Alias;

export function isNamedExpression(e: Expression): e is NamedExpression {
  return e.kind === "AttributeReference" || e.kind === "Alias";
}
