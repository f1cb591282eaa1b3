import { userFunction } from "../core/closure/SerializedFunction.js";
import type { RDD } from "../core/rdd/RDD.js";
import type { ColumnarBatch } from "./vector/ColumnarBatch.js";
import type { DataType } from "../types/DataType.js";
import type { StructType } from "../types/StructType.js";

/**
 * A row as `collect()` returns it: a plain object keyed by column name. Of columns (or struct fields) that share
 * a name the last one's value is kept, as PySpark's `Row.asDict()` keeps it.
 */
export type RowObject = Record<string, unknown>;

/**
 * Where a value holds structs that become objects, so that a conversion walks only those parts: a struct's
 * field names and inner shapes, an array's element, a map's value. `null`: keep the value as it is.
 */
type Shape = { s: readonly string[]; f: readonly Shape[] } | { a: Shape } | { m: Shape } | null;

function shapeOf(type: DataType): Shape {
  switch (type.kind) {
    case "struct":
      return { s: type.fields.map((f) => f.name), f: type.fields.map((f) => shapeOf(f.dataType)) };
    case "array": {
      const element = shapeOf(type.elementType);
      return element && { a: element };
    }
    case "map": {
      const value = shapeOf(type.valueType);
      return value && { m: value };
    }
    default:
      return null;
  }
}

/**
 * Turns a row (values in field order) into an object, structs inside it into objects too. Closure-free: it is
 * shipped to executors by `rowObjectsOf` as well as called on the driver.
 */
const convertRow = (row: readonly unknown[], shape: { s: readonly string[]; f: readonly Shape[] }): RowObject => {
  const convert = (v: unknown, sh: Shape): unknown => {
    if (v === null || v === undefined || sh === null) return v ?? null;
    if ("s" in sh) {
      const o: RowObject = {};
      sh.s.forEach((name, i) => {
        o[name] = convert((v as unknown[])[i], sh.f[i]!);
      });
      return o;
    }
    if ("a" in sh) return (v as unknown[]).map((x) => convert(x, sh.a));
    return new Map([...(v as Map<unknown, unknown>)].map(([k, x]) => [k, convert(x, sh.m)]));
  };
  return convert(row, shape) as RowObject;
};

function rowShape(schema: StructType): { s: readonly string[]; f: readonly Shape[] } {
  return shapeOf(schema) as { s: readonly string[]; f: readonly Shape[] };
}

/** One row of a query's result as `collect()` returns it. */
export function toRowObject(row: readonly unknown[], schema: StructType): RowObject {
  return convertRow(row, rowShape(schema));
}

/** An RDD of a query's columnar batches as an RDD of row objects, converted on the executors. */
export function rowObjectsOf(batches: RDD<ColumnarBatch>, schema: StructType): RDD<RowObject> {
  // Revived as a callable function on the executor; typed as what it will be there.
  const toObject = userFunction(convertRow, undefined, "DataFrame.rdd") as unknown as typeof convertRow;
  const shape = rowShape(schema);
  return batches.flatMap(
    (batch: ColumnarBatch) => {
      const rows: RowObject[] = [];
      for (let i = 0; i < batch.numRows; i++) {
        // A column vector's value at i, as the vector layer's getValue reads it (null, then booleans as bytes).
        const values = batch.columns.map((c) => (c.nulls !== null && c.nulls[i] === 1 ? null : c.kind === "bool" ? c.values[i] === 1 : c.values[i]));
        rows.push(toObject(values, shape));
      }
      return rows;
    },
    { toObject, shape },
  );
}
