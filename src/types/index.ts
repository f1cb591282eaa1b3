/**
 * Spark SQL's data types, for `import { types as T } from "kindling"`: `T.IntegerType`, `new T.StructType()`,
 * `new T.DecimalType(10, 2)`. The package root re-exports this module as the `types` namespace.
 */
export * from "./AtomicTypes.js";
export { ArrayType } from "./ArrayType.js";
export { MapType } from "./MapType.js";
export { DecimalType } from "./DecimalType.js";
export { StructField } from "./StructField.js";
export { StructType } from "./StructType.js";
export type { DataType, DataTypeKind } from "./DataType.js";
export { dataTypeFromJson } from "./DataTypeJson.js";
export { Decimal } from "./Decimal.js";
export { CalendarInterval } from "./CalendarInterval.js";
export { canCast } from "./CastRules.js";
export { findTightestCommonType, findWiderTypeForTwo, findWiderCommonType } from "./TypeCoercion.js";
