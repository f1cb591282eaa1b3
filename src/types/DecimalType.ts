import { DataTypeBase } from "./DataType.js";

/**
 * Spark's DecimalType(precision, scale): at most 38 digits, `scale` of them after the point.
 * Values: `Decimal` (an unscaled bigint with this type's scale).
 */
export class DecimalType extends DataTypeBase {
  static readonly MAX_PRECISION = 38;
  static readonly MAX_SCALE = 38;
  /** The type Spark gives a decimal whose precision is not stated, e.g. `CAST(x AS DECIMAL)`. */
  static readonly USER_DEFAULT = new DecimalType(10, 0);
  /** The type Spark gives decimals converted from strings and Java BigDecimals. */
  static readonly SYSTEM_DEFAULT = new DecimalType(38, 18);

  readonly kind = "decimal";

  constructor(
    readonly precision: number = 10,
    readonly scale: number = 0,
  ) {
    super();
    if (!Number.isInteger(precision) || precision < 1 || precision > DecimalType.MAX_PRECISION) {
      throw new RangeError(`DecimalType precision ${precision} is out of range: it must be an integer in [1, 38]`);
    }
    if (!Number.isInteger(scale) || scale < 0 || scale > precision) {
      throw new RangeError(`DecimalType scale ${scale} is out of range: it must be an integer in [0, precision ${precision}]`);
    }
    Object.freeze(this);
  }

  /** Spark's `DecimalType.bounded`: clamps to the maximum precision and scale instead of failing. */
  static bounded(precision: number, scale: number): DecimalType {
    return new DecimalType(Math.min(precision, DecimalType.MAX_PRECISION), Math.min(scale, DecimalType.MAX_SCALE));
  }

  get typeName(): string {
    return `decimal(${this.precision},${this.scale})`;
  }
  get defaultSize(): number {
    return this.precision <= 18 ? 8 : 16;
  }
  simpleString(): string {
    return this.typeName;
  }
  sql(): string {
    return `DECIMAL(${this.precision},${this.scale})`;
  }
  jsonValue(): unknown {
    return this.typeName;
  }
  /** Spark's `isWiderThan`: every value of `other` fits in this type without loss. */
  isWiderThan(other: DecimalType): boolean {
    return this.precision - this.scale >= other.precision - other.scale && this.scale >= other.scale;
  }
}
