import type { DataType } from "./DataType.js";

/** Spark's StructField: a named, possibly nullable field of a struct or a column of a schema. */
export class StructField {
  constructor(
    readonly name: string,
    readonly dataType: DataType,
    readonly nullable: boolean = true,
    readonly metadata: Readonly<Record<string, unknown>> = {},
  ) {
    Object.freeze(this);
  }

  jsonValue(): unknown {
    return { name: this.name, type: this.dataType.jsonValue(), nullable: this.nullable, metadata: this.metadata };
  }

  /** `name: TYPE` as in DDL, the name quoted with backticks when it is not a plain identifier. */
  sql(): string {
    return `${quoteIfNeeded(this.name)}: ${this.dataType.sql()}`;
  }

  /** `name TYPE`, optionally `NOT NULL`, as `StructType.toDDL` lists it. */
  toDDL(): string {
    return `${quoteIfNeeded(this.name)} ${this.dataType.sql()}${this.nullable ? "" : " NOT NULL"}`;
  }

  withName(name: string): StructField {
    return new StructField(name, this.dataType, this.nullable, this.metadata);
  }
}

/** Spark's `quoteIfNeeded`: backticks around names that are not plain identifiers, doubling inner backticks. */
function quoteIfNeeded(name: string): string {
  return /^[a-zA-Z_][a-zA-Z0-9_]*$/.test(name) ? name : "`" + name.replaceAll("`", "``") + "`";
}
