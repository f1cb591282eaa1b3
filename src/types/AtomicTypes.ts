import { DataTypeBase } from "./DataType.js";

/** A type without parameters: one shared instance each, named as Spark names it in each rendering. */
class SimpleType<K extends string> extends DataTypeBase {
  constructor(
    readonly kind: K,
    private readonly name: string,
    private readonly simple: string,
    readonly defaultSize: number,
  ) {
    super();
    Object.freeze(this);
  }
  get typeName(): string {
    return this.name;
  }
  simpleString(): string {
    return this.simple;
  }
  sql(): string {
    return this.simple.toUpperCase();
  }
  jsonValue(): unknown {
    return this.name;
  }
}

/** Values: number, an integer in [-128, 127]. */
export const ByteType = new SimpleType("byte", "byte", "tinyint", 1);
/** Values: number, an integer in [-32768, 32767]. */
export const ShortType = new SimpleType("short", "short", "smallint", 2);
/** Values: number, a 32-bit signed integer. */
export const IntegerType = new SimpleType("integer", "integer", "int", 4);
/** Values: bigint, a 64-bit signed integer (JavaScript numbers lose precision beyond 2^53). */
export const LongType = new SimpleType("long", "long", "bigint", 8);
/** Values: number, rounded to single precision (`Math.fround`). */
export const FloatType = new SimpleType("float", "float", "float", 4);
/** Values: number. */
export const DoubleType = new SimpleType("double", "double", "double", 8);
/** Values: string. */
export const StringType = new SimpleType("string", "string", "string", 20);
/** Values: Uint8Array. */
export const BinaryType = new SimpleType("binary", "binary", "binary", 100);
/** Values: boolean. */
export const BooleanType = new SimpleType("boolean", "boolean", "boolean", 1);
/** Values: number, days since 1970-01-01 in the proleptic Gregorian calendar. */
export const DateType = new SimpleType("date", "date", "date", 4);
/** Values: bigint, microseconds since 1970-01-01T00:00:00Z (Spark's representation, exact for years 1-9999). */
export const TimestampType = new SimpleType("timestamp", "timestamp", "timestamp", 8);
/** The type of an untyped NULL literal; Spark prints it as `void`. Values: null. */
export const NullType = new SimpleType("null", "void", "void", 1);
/** Spark's CalendarIntervalType (months, days, microseconds). Values: CalendarInterval. */
export const CalendarIntervalType = new SimpleType("interval", "interval", "interval", 16);

export type ByteType = typeof ByteType;
export type ShortType = typeof ShortType;
export type IntegerType = typeof IntegerType;
export type LongType = typeof LongType;
export type FloatType = typeof FloatType;
export type DoubleType = typeof DoubleType;
export type StringType = typeof StringType;
export type BinaryType = typeof BinaryType;
export type BooleanType = typeof BooleanType;
export type DateType = typeof DateType;
export type TimestampType = typeof TimestampType;
export type NullType = typeof NullType;
export type CalendarIntervalType = typeof CalendarIntervalType;

export type IntegralType = ByteType | ShortType | IntegerType | LongType;
export type FractionalType = FloatType | DoubleType;
/** Spark's AtomicType: the types with an ordering and a single value per row (Decimal aside). */
export type AtomicType = IntegralType | FractionalType | StringType | BinaryType | BooleanType | DateType | TimestampType;
