/**
 * Spark SQL's data types, for `import { types as T } from "kindling"`: `T.IntegerType`, `new T.StructType()`,
 * `new T.DecimalType(10, 2)`. The package root re-exports this module as the `types` namespace.
 *
 * How values of each type are held in JavaScript, everywhere in Kindling (rows, literals, batches at the edge):
 *
 * | Type                                | Value                                                          |
 * | ----------------------------------- | -------------------------------------------------------------- |
 * | ByteType, ShortType, IntegerType    | number (an integer of the type's width)                        |
 * | LongType                            | bigint                                                         |
 * | FloatType, DoubleType               | number (FloatType rounded with Math.fround)                    |
 * | DecimalType(p, s)                   | Decimal (unscaled bigint, scale s)                             |
 * | StringType                          | string                                                         |
 * | BinaryType                          | Uint8Array                                                     |
 * | BooleanType                         | boolean                                                        |
 * | DateType                            | number: days since 1970-01-01                                  |
 * | TimestampType                       | bigint: microseconds since 1970-01-01T00:00:00Z                |
 * | CalendarIntervalType                | CalendarInterval (months, days, microseconds)                  |
 * | ArrayType                           | array                                                          |
 * | MapType                             | Map                                                            |
 * | StructType                          | array of field values, in field order                          |
 * | any type, when the value is missing | null                                                           |
 */
export * from "./AtomicTypes.js";
export { ArrayType } from "./ArrayType.js";
export { MapType } from "./MapType.js";
export { DecimalType } from "./DecimalType.js";
export { StructField } from "./StructField.js";
export { StructType } from "./StructType.js";
export type { DataType, DataTypeKind } from "./DataType.js";
export { dataTypeFromJson } from "./DataTypeJson.js";
export { parseDataType } from "./DataTypeParser.js";
export { Decimal } from "./Decimal.js";
export { CalendarInterval } from "./CalendarInterval.js";
export { canCast } from "./CastRules.js";
export { findTightestCommonType, findWiderTypeForTwo, findWiderCommonType } from "./TypeCoercion.js";
