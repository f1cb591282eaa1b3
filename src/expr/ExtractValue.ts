import type { Expression } from "./Expression.js";

/** `child.name` on a struct: the field at `ordinal`. */
export interface GetStructField {
  readonly kind: "GetStructField";
  readonly child: Expression;
  readonly ordinal: number;
  readonly name: string;
}
export function GetStructField(child: Expression, ordinal: number, name: string): GetStructField {
  return Object.freeze({ kind: "GetStructField", child, ordinal, name });
}

/** `child[ordinal]` on an array (0-based, null when out of range, as Spark with ANSI off). */
export interface GetArrayItem {
  readonly kind: "GetArrayItem";
  readonly child: Expression;
  readonly ordinal: Expression;
}
export function GetArrayItem(child: Expression, ordinal: Expression): GetArrayItem {
  return Object.freeze({ kind: "GetArrayItem", child, ordinal });
}

/** `child[key]` on a map (null when the key is absent). */
export interface GetMapValue {
  readonly kind: "GetMapValue";
  readonly child: Expression;
  readonly key: Expression;
}
export function GetMapValue(child: Expression, key: Expression): GetMapValue {
  return Object.freeze({ kind: "GetMapValue", child, key });
}
