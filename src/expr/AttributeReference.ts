import type { DataType } from "../types/DataType.js";
import { newExprId } from "./ExprId.js";

/**
 * A resolved reference to a column that some operator produces, identified by `exprId` rather than by name.
 * `qualifier` holds the relation alias it can be referred to by (`t` in `t.a`).
 */
export interface AttributeReference {
  readonly kind: "AttributeReference";
  readonly name: string;
  readonly dataType: DataType;
  readonly nullable: boolean;
  readonly exprId: number;
  readonly qualifier: readonly string[];
}

export function AttributeReference(
  name: string,
  dataType: DataType,
  nullable = true,
  exprId: number = newExprId(),
  qualifier: readonly string[] = [],
): AttributeReference {
  return Object.freeze({ kind: "AttributeReference", name, dataType, nullable, exprId, qualifier: Object.freeze([...qualifier]) });
}

export type Attribute = AttributeReference;

export function withQualifier(a: Attribute, qualifier: readonly string[]): Attribute {
  return AttributeReference(a.name, a.dataType, a.nullable, a.exprId, qualifier);
}

export function withNullability(a: Attribute, nullable: boolean): Attribute {
  return a.nullable === nullable ? a : AttributeReference(a.name, a.dataType, nullable, a.exprId, a.qualifier);
}
