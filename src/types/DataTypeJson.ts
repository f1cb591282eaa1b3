import { ArrayType } from "./ArrayType.js";
import {
  BinaryType, BooleanType, ByteType, CalendarIntervalType, DateType, DoubleType, FloatType, IntegerType, LongType, NullType, ShortType,
  StringType, TimestampType,
} from "./AtomicTypes.js";
import type { DataType } from "./DataType.js";
import { DecimalType } from "./DecimalType.js";
import { MapType } from "./MapType.js";
import { StructField } from "./StructField.js";
import { StructType } from "./StructType.js";

const BY_TYPE_NAME: Readonly<Record<string, DataType>> = Object.freeze(
  Object.fromEntries(
    [ByteType, ShortType, IntegerType, LongType, FloatType, DoubleType, StringType, BinaryType, BooleanType, DateType, TimestampType, NullType, CalendarIntervalType].map(
      (t) => [t.typeName, t],
    ),
  ),
);

/** Reads Spark's JSON schema representation (`DataType.fromJson`), the inverse of `jsonValue()`. */
export function dataTypeFromJson(json: unknown): DataType {
  if (typeof json === "string") {
    const atomic = BY_TYPE_NAME[json];
    if (atomic) return atomic;
    const decimal = /^decimal\(\s*(\d+)\s*,\s*(-?\d+)\s*\)$/.exec(json);
    if (decimal) return new DecimalType(Number(decimal[1]), Number(decimal[2]));
    if (json === "decimal") return DecimalType.USER_DEFAULT;
  } else if (json !== null && typeof json === "object") {
    const o = json as Record<string, unknown>;
    switch (o["type"]) {
      case "array":
        return new ArrayType(dataTypeFromJson(o["elementType"]), o["containsNull"] !== false);
      case "map":
        return new MapType(dataTypeFromJson(o["keyType"]), dataTypeFromJson(o["valueType"]), o["valueContainsNull"] !== false);
      case "struct":
        return new StructType((o["fields"] as Record<string, unknown>[]).map(structFieldFromJson));
    }
  }
  throw new SyntaxError(`Cannot read a Spark data type from JSON ${JSON.stringify(json)}: expected a type name such as "integer" or "decimal(10,2)", or an object with "type" array, map or struct`);
}

function structFieldFromJson(o: Record<string, unknown>): StructField {
  return new StructField(String(o["name"]), dataTypeFromJson(o["type"]), o["nullable"] !== false, (o["metadata"] as Record<string, unknown>) ?? {});
}
