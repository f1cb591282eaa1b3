import type { DataType } from "../types/DataType.js";

/** A column read by position from the input row; what `bindReferences` turns attributes into for evaluation. */
export interface BoundReference {
  readonly kind: "BoundReference";
  readonly ordinal: number;
  readonly dataType: DataType;
  readonly nullable: boolean;
}

export function BoundReference(ordinal: number, dataType: DataType, nullable: boolean): BoundReference {
  return Object.freeze({ kind: "BoundReference", ordinal, dataType, nullable });
}
