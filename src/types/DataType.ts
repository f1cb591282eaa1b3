import type { ArrayType } from "./ArrayType.js";
import type { AtomicType, CalendarIntervalType, NullType } from "./AtomicTypes.js";
import type { DecimalType } from "./DecimalType.js";
import type { MapType } from "./MapType.js";
import type { StructType } from "./StructType.js";

/**
 * Every Spark SQL type, as a union discriminated by `kind`, so that a `switch` or a `Record<Kind, …>` over types
 * is checked for exhaustiveness. Instances are immutable; the atomic ones are singletons.
 */
export type DataType = AtomicType | NullType | CalendarIntervalType | DecimalType | ArrayType | MapType | StructType;
export type DataTypeKind = DataType["kind"];

/** What every data type can say about itself, with Spark's names for each rendering. */
export abstract class DataTypeBase {
  /** Spark's `typeName`: `integer`, `decimal(10,2)`, `array`; printSchema shows it. */
  abstract get typeName(): string;
  /** Spark's `simpleString`: `int`, `array<int>`, `struct<a:int>`; explain and error messages show it. */
  abstract simpleString(): string;
  /** Spark's `sql`: `INT`, `ARRAY<INT>`, `STRUCT<a: INT>`; DDL and error messages show it. */
  abstract sql(): string;
  /** Spark's JSON schema representation, readable by `dataTypeFromJson`. */
  abstract jsonValue(): unknown;
  /** Spark's `defaultSize`: the estimated bytes per value that plan statistics use. */
  abstract readonly defaultSize: number;

  json(): string {
    return JSON.stringify(this.jsonValue());
  }

  /** Structural equality, nullability and field names included (Scala's `==` on case classes). */
  equals(other: DataType): boolean {
    return this.json() === other.json();
  }

  toString(): string {
    return this.simpleString();
  }
}
