import { DataTypeBase, type DataType } from "./DataType.js";

/** Spark's ArrayType. Values: JavaScript arrays whose elements are values of `elementType` or null. */
export class ArrayType extends DataTypeBase {
  readonly kind = "array";

  constructor(
    readonly elementType: DataType,
    readonly containsNull: boolean = true,
  ) {
    super();
    Object.freeze(this);
  }

  get typeName(): string {
    return "array";
  }
  get defaultSize(): number {
    return this.elementType.defaultSize;
  }
  simpleString(): string {
    return `array<${this.elementType.simpleString()}>`;
  }
  sql(): string {
    return `ARRAY<${this.elementType.sql()}>`;
  }
  jsonValue(): unknown {
    return { type: "array", elementType: this.elementType.jsonValue(), containsNull: this.containsNull };
  }
}
