import { DataTypeBase, type DataType } from "./DataType.js";

/** Spark's MapType. Values: JavaScript `Map`s; keys are never null. */
export class MapType extends DataTypeBase {
  readonly kind = "map";

  constructor(
    readonly keyType: DataType,
    readonly valueType: DataType,
    readonly valueContainsNull: boolean = true,
  ) {
    super();
    Object.freeze(this);
  }

  get typeName(): string {
    return "map";
  }
  get defaultSize(): number {
    return this.keyType.defaultSize + this.valueType.defaultSize;
  }
  simpleString(): string {
    return `map<${this.keyType.simpleString()},${this.valueType.simpleString()}>`;
  }
  sql(): string {
    return `MAP<${this.keyType.sql()}, ${this.valueType.sql()}>`;
  }
  jsonValue(): unknown {
    return { type: "map", keyType: this.keyType.jsonValue(), valueType: this.valueType.jsonValue(), valueContainsNull: this.valueContainsNull };
  }
}
