import type { Expression } from "./Expression.js";

/** `left LIKE right [ESCAPE escapeChar]`: `_` matches one character, `%` any run, `\` (by default) escapes. */
export interface Like {
  readonly kind: "Like";
  readonly left: Expression;
  readonly right: Expression;
  readonly escapeChar: string;
}

export function Like(left: Expression, right: Expression, escapeChar = "\\"): Like {
  return Object.freeze({ kind: "Like", left, right, escapeChar });
}

/** `left RLIKE right`: true when the Java-style regular expression matches anywhere in `left`. */
export interface RLike {
  readonly kind: "RLike";
  readonly left: Expression;
  readonly right: Expression;
}

export function RLike(left: Expression, right: Expression): RLike {
  return Object.freeze({ kind: "RLike", left, right });
}
