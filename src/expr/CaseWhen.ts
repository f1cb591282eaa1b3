import type { Expression } from "./Expression.js";

/** `CASE WHEN c1 THEN v1 … ELSE e END`; a missing ELSE is null. `CASE x WHEN …` is rewritten to this by the parser. */
export interface CaseWhen {
  readonly kind: "CaseWhen";
  readonly branches: readonly (readonly [condition: Expression, value: Expression])[];
  readonly elseValue: Expression | null;
}

export function CaseWhen(branches: readonly (readonly [Expression, Expression])[], elseValue: Expression | null = null): CaseWhen {
  return Object.freeze({ kind: "CaseWhen", branches: Object.freeze(branches.map((b) => Object.freeze([b[0], b[1]] as const))), elseValue });
}
