import { inferLiteralType } from "../expr/Literal.js";
import { ArrayType } from "../types/ArrayType.js";
import { NullType, TimestampType } from "../types/AtomicTypes.js";
import type { DataType } from "../types/DataType.js";
import { Decimal } from "../types/Decimal.js";
import { MapType } from "../types/MapType.js";
import { StructField } from "../types/StructField.js";
import { StructType } from "../types/StructType.js";
import { findTightestCommonType } from "../types/TypeCoercion.js";
import { SparkException } from "../util/SparkException.js";

/**
 * `createDataFrame`'s local data: inferring a schema from JavaScript values, and converting values to the
 * representations src/types documents. A row is a plain object (fields by name) or an array (by position).
 */
export type LocalRow = Readonly<Record<string, unknown>> | readonly unknown[];

/**
 * The schema of `rows`, as PySpark infers it: columns in the order their names first appear (`_1`, `_2`, … for
 * array rows), each of the widest type of its values (`lit`'s types; a Date is a timestamp, an object a
 * struct, a Map a map). A column whose values are all null has no type to infer, which is an error.
 */
export function inferSchema(rows: readonly LocalRow[]): StructType {
  if (rows.length === 0) throw new SparkException("Can not infer schema from an empty dataset: give a schema", { errorClass: "CANNOT_INFER_EMPTY_SCHEMA" });
  const types = new Map<string, DataType[]>();
  for (const row of rows) {
    const entries = Array.isArray(row) ? row.map((v, i) => [`_${i + 1}`, v] as const) : Object.entries(row);
    for (const [name, value] of entries) {
      if (!types.has(name)) types.set(name, []);
      types.get(name)!.push(inferType(value, name));
    }
  }
  const fields = [...types].map(([name, ts]) => {
    const type = widest(ts, name);
    return new StructField(name, type, true);
  });
  return new StructType(fields);
}

function inferType(value: unknown, path: string): DataType {
  if (value instanceof Date) return TimestampType;
  if (value instanceof Map) {
    const entries = [...value];
    return new MapType(widest(entries.map(([k]) => inferType(k, path)), path), widest(entries.map(([, v]) => inferType(v, path)), path, true), true);
  }
  if (Array.isArray(value)) return new ArrayType(widest(value.map((v, i) => inferType(v, `${path}[${i}]`)), path, true), true);
  if (isPlainObject(value)) {
    return new StructType(Object.entries(value).map(([k, v]) => new StructField(k, inferType(v, `${path}.${k}`), true)));
  }
  return inferLiteralType(value);
}

/** The widest of `types`; NullType when all are null and `allowNull` (array elements, map values). */
function widest(types: readonly DataType[], path: string, allowNull = false): DataType {
  const known = types.filter((t) => t.kind !== "null");
  if (known.length === 0) {
    if (allowNull) return NullType;
    throw new SparkException(`Some of types cannot be determined after inferring: column ${path} has only null values; give a schema`, { errorClass: "CANNOT_DETERMINE_TYPE" });
  }
  // As PySpark's _merge_type: numbers widen, but a string never absorbs other types.
  const wider = known.slice(1).reduce<DataType | null>((acc, t) => acc && findTightestCommonType(acc, t), known[0]!);
  if (!wider) {
    throw new SparkException(`Unable to infer the type of the field ${path}: its values have the types ${[...new Set(known.map((t) => t.simpleString()))].join(" and ")}, which have no common type`, {
      errorClass: "CANNOT_MERGE_TYPE",
    });
  }
  return wider;
}

/** Converts each row to an array of the schema's fields, in the schema's types. */
export function toInternalRows(rows: readonly LocalRow[], schema: StructType): unknown[][] {
  return rows.map((row) => convertStruct(row, schema, ""));
}

function convertStruct(row: unknown, schema: StructType, path: string): unknown[] {
  if (Array.isArray(row)) {
    if (row.length !== schema.fields.length) {
      throw new SparkException(`Length of object (${row.length}) does not match with length of fields (${schema.fields.length})${path ? ` in ${path}` : ""}`, {
        errorClass: "AXIS_LENGTH_MISMATCH",
      });
    }
    return schema.fields.map((f, i) => convertValue(row[i], f.dataType, f.nullable, join(path, f.name)));
  }
  const obj = row as Record<string, unknown>;
  return schema.fields.map((f) => convertValue(obj[f.name], f.dataType, f.nullable, join(path, f.name)));
}

const join = (path: string, name: string) => (path ? `${path}.${name}` : name);

function convertValue(value: unknown, type: DataType, nullable: boolean, path: string): unknown {
  if (value === null || value === undefined) {
    if (!nullable) throw new SparkException(`field ${path}: This field is not nullable, but got null`, { errorClass: "FIELD_NOT_NULLABLE" });
    return null;
  }
  const converted = convertNonNull(value, type, path);
  if (converted === undefined) {
    const got = value instanceof Date ? "Date" : Array.isArray(value) ? "array" : typeof value;
    throw new SparkException(`field ${path}: ${type.simpleString()} can not accept object ${describe(value)} of type ${got}`, { errorClass: "FIELD_DATA_TYPE_UNACCEPTABLE" });
  }
  return converted;
}

/** The value in `type`'s representation, or undefined when it cannot be one. */
function convertNonNull(value: unknown, type: DataType, path: string): unknown {
  switch (type.kind) {
    case "byte":
    case "short":
    case "integer": {
      const n = typeof value === "bigint" ? Number(value) : value;
      const bits = type.kind === "byte" ? 8 : type.kind === "short" ? 16 : 32;
      const bound = 2 ** (bits - 1);
      return typeof n === "number" && Number.isInteger(n) && n >= -bound && n < bound ? n : undefined;
    }
    case "long":
      if (typeof value === "bigint") return value;
      return typeof value === "number" && Number.isSafeInteger(value) ? BigInt(value) : undefined;
    case "float":
      return typeof value === "number" || typeof value === "bigint" ? Math.fround(Number(value)) : undefined;
    case "double":
      return typeof value === "number" || typeof value === "bigint" ? Number(value) : undefined;
    case "decimal": {
      const d = value instanceof Decimal ? value : typeof value === "number" ? Decimal.fromNumber(value) : typeof value === "bigint" ? Decimal.fromBigInt(value) : typeof value === "string" ? Decimal.fromString(value) : null;
      return d?.toPrecision(type.precision, type.scale) ?? undefined;
    }
    case "string":
      return typeof value === "string" ? value : undefined;
    case "boolean":
      return typeof value === "boolean" ? value : undefined;
    case "binary":
      return value instanceof Uint8Array ? value : undefined;
    case "date":
      // Days since the epoch, or a Date taken at its UTC calendar day.
      if (typeof value === "number" && Number.isInteger(value)) return value;
      return value instanceof Date ? Math.floor(value.getTime() / 86_400_000) : undefined;
    case "timestamp":
      // Microseconds since the epoch, or a Date (milliseconds).
      if (typeof value === "bigint") return value;
      return value instanceof Date ? BigInt(value.getTime()) * 1000n : undefined;
    case "array":
      return Array.isArray(value) ? value.map((v, i) => convertValue(v, type.elementType, type.containsNull, `${path}[${i}]`)) : undefined;
    case "map": {
      const entries = value instanceof Map ? [...value] : isPlainObject(value) ? Object.entries(value) : null;
      return entries && new Map(entries.map(([k, v]) => [convertValue(k, type.keyType, false, `${path} key`), convertValue(v, type.valueType, type.valueContainsNull, `${path}[${String(k)}]`)]));
    }
    case "struct":
      return Array.isArray(value) || isPlainObject(value) ? convertStruct(value, type, path) : undefined;
    case "null":
      return undefined;
    default:
      return value;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

function describe(value: unknown): string {
  if (typeof value === "string") return `'${value}'`;
  if (typeof value === "bigint") return `${value}n`;
  if (value instanceof Date) return value.toISOString();
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
