import { CalendarInterval } from "../../types/CalendarInterval.js";
import { DataTypeBase } from "../../types/DataType.js";
import { dataTypeFromJson } from "../../types/DataTypeJson.js";
import { Decimal } from "../../types/Decimal.js";
import type { LogicalPlan } from "./LogicalPlan.js";

/**
 * Plans (and the expressions in them) as JSON text and back, which is how a plan reaches an executor. Nodes
 * are plain data, so only values JSON lacks need a tag: bigint, Decimal, binary, Map, intervals, data types,
 * and JavaScript's -0, NaN and infinities. Nodes read back are frozen, as the factories make them.
 */
const TAG = "$kindling";

type Tagged = { [TAG]: string; v: unknown };

function encode(this: unknown, key: string, value: unknown): unknown {
  const raw = (this as Record<string, unknown>)[key];
  if (typeof raw === "bigint") return { [TAG]: "bigint", v: raw.toString() };
  if (typeof raw === "number" && (!Number.isFinite(raw) || Object.is(raw, -0))) return { [TAG]: "number", v: Object.is(raw, -0) ? "-0" : String(raw) };
  if (raw instanceof Decimal) return { [TAG]: "decimal", v: [raw.unscaled.toString(), raw.scale] };
  if (raw instanceof DataTypeBase) return { [TAG]: "type", v: raw.jsonValue() };
  if (raw instanceof CalendarInterval) return { [TAG]: "interval", v: [raw.months, raw.days, raw.microseconds.toString()] };
  if (raw instanceof Uint8Array) return { [TAG]: "binary", v: btoa(String.fromCharCode(...raw)) };
  if (raw instanceof Map) return { [TAG]: "map", v: [...raw] };
  if (raw === undefined) return null;
  return value;
}

function decode(_key: string, value: unknown): unknown {
  if (value === null || typeof value !== "object") return value;
  if (TAG in value) {
    const { [TAG]: tag, v } = value as Tagged;
    switch (tag) {
      case "bigint":
        return BigInt(v as string);
      case "number":
        return v === "-0" ? -0 : Number(v);
      case "decimal": {
        const [unscaled, scale] = v as [string, number];
        return new Decimal(BigInt(unscaled), scale);
      }
      case "type":
        return dataTypeFromJson(v);
      case "interval": {
        const [months, days, micros] = v as [number, number, string];
        return new CalendarInterval(months, days, BigInt(micros));
      }
      case "binary":
        return Uint8Array.from(atob(v as string), (c) => c.charCodeAt(0));
      case "map":
        return new Map(v as [unknown, unknown][]);
    }
  }
  return Object.freeze(value);
}

export function planToJson(plan: LogicalPlan): string {
  return JSON.stringify(plan, encode);
}

export function planFromJson(json: string): LogicalPlan {
  return JSON.parse(json, decode) as LogicalPlan;
}
