import { CalendarInterval } from "../../types/CalendarInterval.js";
import type { DataType } from "../../types/DataType.js";
import { Decimal } from "../../types/Decimal.js";
import type { ColumnVector } from "./ColumnVector.js";
import type { ColumnarBatch } from "./ColumnarBatch.js";

/**
 * V8 serialization (how batches cross threads, processes and shuffle files) keeps plain data but not classes:
 * a Decimal or a CalendarInterval arrives as a plain object with the same fields. These restore them, by the
 * column's type, wherever a batch is read after crossing a boundary. Columns of other types are left as they are.
 */
export function reviveBatch(batch: ColumnarBatch, types: readonly DataType[]): ColumnarBatch {
  if (!types.some(holdsClasses)) return batch;
  const columns = batch.columns.map((c, i): ColumnVector => {
    const type = types[i]!;
    if (c.kind !== "object" || !holdsClasses(type)) return c;
    return { kind: "object", values: c.values.map((v) => reviveValue(v, type)), nulls: c.nulls };
  });
  return { numRows: batch.numRows, columns };
}

/** A row's values restored by column type; the row itself when no column holds classes. */
export function reviveRow(row: readonly unknown[], types: readonly DataType[]): unknown[] {
  return types.some(holdsClasses) ? row.map((v, i) => reviveValue(v, types[i]!)) : (row as unknown[]);
}

function reviveValue(value: unknown, type: DataType): unknown {
  if (value === null || value === undefined) return null;
  switch (type.kind) {
    case "decimal": {
      if (value instanceof Decimal) return value;
      const d = value as { unscaled: bigint; scale: number };
      return new Decimal(d.unscaled, d.scale);
    }
    case "interval": {
      if (value instanceof CalendarInterval) return value;
      const i = value as { months: number; days: number; microseconds: bigint };
      return new CalendarInterval(i.months, i.days, i.microseconds);
    }
    case "array":
      return holdsClasses(type.elementType) ? (value as unknown[]).map((v) => reviveValue(v, type.elementType)) : value;
    case "map":
      return holdsClasses(type.keyType) || holdsClasses(type.valueType)
        ? new Map([...(value as Map<unknown, unknown>)].map(([k, v]) => [reviveValue(k, type.keyType), reviveValue(v, type.valueType)]))
        : value;
    case "struct":
      return holdsClasses(type) ? type.fields.map((f, i) => reviveValue((value as unknown[])[i], f.dataType)) : value;
    default:
      return value;
  }
}

/** Whether values of `type` contain class instances that serialization flattens. */
function holdsClasses(type: DataType): boolean {
  switch (type.kind) {
    case "decimal":
    case "interval":
      return true;
    case "array":
      return holdsClasses(type.elementType);
    case "map":
      return holdsClasses(type.keyType) || holdsClasses(type.valueType);
    case "struct":
      return type.fields.some((f) => holdsClasses(f.dataType));
    default:
      return false;
  }
}

/**
 * An aggregate's partial buffer after a shuffle: its shape is the aggregate's own (a sum, `{ sum, count }`,
 * a list), so decimals and intervals inside it are recognised by their fields.
 */
export function reviveBuffer(value: unknown): unknown {
  if (value === null || typeof value !== "object" || value instanceof Decimal || value instanceof CalendarInterval) return value;
  if (Array.isArray(value)) return value.map(reviveBuffer);
  if (value instanceof Map || value instanceof Set || ArrayBuffer.isView(value)) return value;
  const o = value as Record<string, unknown>;
  if (typeof o.unscaled === "bigint" && typeof o.scale === "number") return new Decimal(o.unscaled, o.scale);
  if (typeof o.months === "number" && typeof o.days === "number" && typeof o.microseconds === "bigint") {
    return new CalendarInterval(o.months, o.days, o.microseconds);
  }
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, reviveBuffer(v)]));
}
