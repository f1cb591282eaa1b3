import { DoubleType, StringType } from "../types/AtomicTypes.js";
import type { DataType } from "../types/DataType.js";
import { Decimal } from "../types/Decimal.js";
import { isIntegral } from "../types/TypeUtils.js";
import { castValue } from "./CastEvaluator.js";
import { formatTimestamp, parseTimestamp } from "./DateTimeFormatter.js";
import { dateToString, stringToDate } from "./DateTimeUtils.js";

/**
 * Values to and from JSON as Spark's JSON data source and to_json/from_json do: timestamps as
 * `yyyy-MM-dd'T'HH:mm:ss.SSSXXX` in the session zone, dates as `yyyy-MM-dd`, structs as objects whose null
 * fields are left out, binaries as base64.
 */
export const JSON_TIMESTAMP_FORMAT = "yyyy-MM-dd'T'HH:mm:ss.SSSXXX";

/** A value of `type` as a parsed-JSON value (objects, arrays, numbers, strings), ready for JSON.stringify. */
export function toJsonValue(value: unknown, type: DataType, zone: string): unknown {
  if (value === null || value === undefined) return null;
  switch (type.kind) {
    case "long":
      return Number(value);
    case "decimal":
      return (value as Decimal).toNumber();
    case "date":
      return dateToString(value as number);
    case "timestamp":
      return formatTimestamp(value as bigint, JSON_TIMESTAMP_FORMAT, zone);
    case "binary":
      return btoa(String.fromCharCode(...(value as Uint8Array)));
    case "interval":
      return String(value);
    case "array":
      return (value as unknown[]).map((v) => toJsonValue(v, type.elementType, zone));
    case "map":
      return Object.fromEntries([...(value as Map<unknown, unknown>)].map(([k, v]) => [String(k), toJsonValue(v, type.valueType, zone)]));
    case "struct": {
      const out: Record<string, unknown> = {};
      type.fields.forEach((f, i) => {
        const v = (value as unknown[])[i];
        if (v !== null && v !== undefined) out[f.name] = toJsonValue(v, f.dataType, zone);
      });
      return out;
    }
    default:
      return value;
  }
}

/** Thrown when a JSON value does not fit the schema; callers turn it into a null or a corrupt record. */
export class JsonSchemaMismatch extends Error {}

/** A parsed JSON value as a value of `type`; missing struct fields are null. */
export function fromJsonValue(json: unknown, type: DataType, zone: string): unknown {
  if (json === null || json === undefined) return null;
  const mismatch = () => new JsonSchemaMismatch(`JSON value ${JSON.stringify(json)} does not fit type ${type.simpleString()}`);
  switch (type.kind) {
    case "struct": {
      if (typeof json !== "object" || Array.isArray(json)) throw mismatch();
      const o = json as Record<string, unknown>;
      return type.fields.map((f) => fromJsonValue(o[f.name], f.dataType, zone));
    }
    case "array":
      if (!Array.isArray(json)) throw mismatch();
      return json.map((v) => fromJsonValue(v, type.elementType, zone));
    case "map":
      if (typeof json !== "object" || Array.isArray(json)) throw mismatch();
      return new Map(Object.entries(json as Record<string, unknown>).map(([k, v]) => [castValue(k, StringType, type.keyType, zone), fromJsonValue(v, type.valueType, zone)]));
    case "string":
      return typeof json === "string" ? json : JSON.stringify(json);
    case "boolean":
      if (typeof json !== "boolean") throw mismatch();
      return json;
    case "date":
      if (typeof json !== "string") throw mismatch();
      return stringToDate(json);
    case "timestamp":
      if (typeof json !== "string") throw mismatch();
      return parseTimestamp(json, JSON_TIMESTAMP_FORMAT, zone) ?? castValue(json, StringType, type, zone);
    case "decimal": {
      const d = typeof json === "number" ? Decimal.fromNumber(json) : typeof json === "string" ? Decimal.fromString(json) : null;
      if (!d) throw mismatch();
      return d.toPrecision(type.precision, type.scale);
    }
    default:
      if (typeof json !== "number" || (isIntegral(type) && !Number.isInteger(json))) throw mismatch();
      return castValue(json, DoubleType, type, zone);
  }
}
