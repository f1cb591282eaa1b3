import type { DataType } from "../../types/DataType.js";

/**
 * One column of a batch. Fixed-width types live in typed arrays that generated code reads inline; every other
 * type (strings, binary, decimals, intervals, arrays, maps, structs) is an array of the values the types layer
 * documents. `nulls[i] === 1` marks row i null (a byte per row, so generated code tests it with one load);
 * `nulls` is null when the column has no nulls at all. Plain data: a batch crosses threads and processes through
 * V8 serialization, typed arrays intact.
 */
export type ColumnVector =
  | { readonly kind: "int32"; readonly values: Int32Array; readonly nulls: Uint8Array | null }
  | { readonly kind: "int64"; readonly values: BigInt64Array; readonly nulls: Uint8Array | null }
  | { readonly kind: "float64"; readonly values: Float64Array; readonly nulls: Uint8Array | null }
  | { readonly kind: "bool"; readonly values: Uint8Array; readonly nulls: Uint8Array | null }
  | { readonly kind: "object"; readonly values: unknown[]; readonly nulls: Uint8Array | null };

export type VectorKind = ColumnVector["kind"];

/** The vector kind that holds values of a data type. */
export function vectorKindOf(type: DataType): VectorKind {
  switch (type.kind) {
    case "byte":
    case "short":
    case "integer":
    case "date":
      return "int32";
    case "long":
    case "timestamp":
      return "int64";
    case "float":
    case "double":
      return "float64";
    case "boolean":
      return "bool";
    default:
      return "object";
  }
}

/** A vector of `length` values, all zero (or null for objects) and none null yet. */
export function allocateVector(kind: VectorKind, length: number): ColumnVector {
  switch (kind) {
    case "int32":
      return { kind, values: new Int32Array(length), nulls: null };
    case "int64":
      return { kind, values: new BigInt64Array(length), nulls: null };
    case "float64":
      return { kind, values: new Float64Array(length), nulls: null };
    case "bool":
      return { kind, values: new Uint8Array(length), nulls: null };
    case "object":
      return { kind, values: new Array<unknown>(length).fill(null), nulls: null };
  }
}

/** The value at row i, in the types layer's representation (null when null). */
export function getValue(v: ColumnVector, i: number): unknown {
  if (v.nulls !== null && v.nulls[i] === 1) return null;
  return v.kind === "bool" ? v.values[i] === 1 : v.values[i];
}
