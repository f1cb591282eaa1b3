import type { DataType } from "../types/DataType.js";
import type { Expression } from "./Expression.js";

/** `CAST(child AS dataType)` with Spark's non-ANSI semantics: a value that does not convert becomes null. */
export interface Cast {
  readonly kind: "Cast";
  readonly child: Expression;
  readonly dataType: DataType;
}

export function Cast(child: Expression, dataType: DataType): Cast {
  return Object.freeze({ kind: "Cast", child, dataType });
}
