import type { Expression } from "./Expression.js";

/**
 * What the parser and the DataFrame API produce before the analyzer knows what a name refers to. A resolved
 * plan contains none of these.
 */

/** A column name, possibly qualified (`t.a` is `["t", "a"]`). */
export interface UnresolvedAttribute {
  readonly kind: "UnresolvedAttribute";
  readonly nameParts: readonly string[];
}

export function UnresolvedAttribute(...nameParts: string[]): UnresolvedAttribute {
  return Object.freeze({ kind: "UnresolvedAttribute", nameParts: Object.freeze(nameParts) });
}

/** `*` (target null) or `t.*`. */
export interface UnresolvedStar {
  readonly kind: "UnresolvedStar";
  readonly target: readonly string[] | null;
}

export function UnresolvedStar(target: readonly string[] | null = null): UnresolvedStar {
  return Object.freeze({ kind: "UnresolvedStar", target: target && Object.freeze([...target]) });
}

/** A call by name, looked up in the function registry by the analyzer. */
export interface UnresolvedFunction {
  readonly kind: "UnresolvedFunction";
  readonly name: string;
  readonly children: readonly Expression[];
  readonly isDistinct: boolean;
}

export function UnresolvedFunction(name: string, children: readonly Expression[], isDistinct = false): UnresolvedFunction {
  return Object.freeze({ kind: "UnresolvedFunction", name, children: Object.freeze([...children]), isDistinct });
}

/** `child[extraction]` or `child.field`, before the child's type says whether it is a struct, array or map. */
export interface UnresolvedExtractValue {
  readonly kind: "UnresolvedExtractValue";
  readonly child: Expression;
  readonly extraction: Expression;
}

export function UnresolvedExtractValue(child: Expression, extraction: Expression): UnresolvedExtractValue {
  return Object.freeze({ kind: "UnresolvedExtractValue", child, extraction });
}
