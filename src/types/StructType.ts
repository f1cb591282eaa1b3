import { SparkException } from "../util/SparkException.js";
import { DataTypeBase, type DataType } from "./DataType.js";
import { parseSchema } from "./DataTypeParser.js";
import { StructField } from "./StructField.js";

/**
 * Spark's StructType: an ordered list of fields, used both as the type of struct values and as a schema.
 * Values: arrays of field values in field order (Spark's InternalRow), never objects keyed by name, so that
 * duplicate and unusual field names need no special handling.
 */
export class StructType extends DataTypeBase {
  readonly kind = "struct";
  readonly fields: readonly StructField[];

  constructor(fields: readonly StructField[] = []) {
    super();
    this.fields = Object.freeze([...fields]);
    Object.freeze(this);
  }

  /** Spark's `StructType.fromDDL`: `"a INT, b STRING"` (or a JSON schema) as a schema. */
  static fromDDL(ddl: string): StructType {
    return parseSchema(ddl);
  }

  /** A new StructType with one more field (Spark's `add`; the receiver is unchanged). */
  add(name: string, dataType: DataType, nullable?: boolean, metadata?: Readonly<Record<string, unknown>>): StructType;
  add(field: StructField): StructType;
  add(nameOrField: string | StructField, dataType?: DataType, nullable = true, metadata: Readonly<Record<string, unknown>> = {}): StructType {
    const field = typeof nameOrField === "string" ? new StructField(nameOrField, dataType!, nullable, metadata) : nameOrField;
    return new StructType([...this.fields, field]);
  }

  fieldNames(): string[] {
    return this.fields.map((f) => f.name);
  }

  get length(): number {
    return this.fields.length;
  }

  /** The index of field `name`, or an error naming the fields that exist (Spark's `fieldIndex`). */
  fieldIndex(name: string): number {
    const i = this.fields.findIndex((f) => f.name === name);
    if (i < 0) {
      throw new SparkException(`Field \`${name}\` does not exist. Available fields: [${this.fieldNames().map((n) => `\`${n}\``).join(", ")}].`, {
        errorClass: "FIELD_NOT_FOUND",
      });
    }
    return i;
  }

  /** The field called `name` (Spark's `apply(name)`). */
  field(name: string): StructField {
    return this.fields[this.fieldIndex(name)]!;
  }

  get typeName(): string {
    return "struct";
  }
  get defaultSize(): number {
    return this.fields.reduce((sum, f) => sum + f.dataType.defaultSize, 0);
  }
  simpleString(): string {
    return `struct<${this.fields.map((f) => `${f.name}:${f.dataType.simpleString()}`).join(",")}>`;
  }
  sql(): string {
    return `STRUCT<${this.fields.map((f) => f.sql()).join(", ")}>`;
  }
  jsonValue(): unknown {
    return { type: "struct", fields: this.fields.map((f) => f.jsonValue()) };
  }
  /** The schema as a DDL string, e.g. `a INT, b STRING NOT NULL`, which the SQL parser reads back. */
  toDDL(): string {
    return this.fields.map((f) => f.toDDL()).join(", ");
  }

  /** The schema as `printSchema()` prints it (Spark's `treeString`), ending with a newline. */
  treeString(maxDepth = Number.POSITIVE_INFINITY): string {
    const lines = ["root"];
    for (const f of this.fields) appendField(lines, " |", f.name, f.dataType, `nullable = ${f.nullable}`, 1, maxDepth);
    return lines.join("\n") + "\n";
  }
}

function appendField(lines: string[], prefix: string, name: string, type: DataType, note: string | undefined, depth: number, maxDepth: number): void {
  if (depth > maxDepth) return;
  lines.push(`${prefix}-- ${name}: ${type.typeName}${note === undefined ? "" : ` (${note})`}`);
  const inner = `${prefix}    |`;
  switch (type.kind) {
    case "struct":
      for (const f of type.fields) appendField(lines, inner, f.name, f.dataType, `nullable = ${f.nullable}`, depth + 1, maxDepth);
      break;
    case "array":
      appendField(lines, inner, "element", type.elementType, `containsNull = ${type.containsNull}`, depth + 1, maxDepth);
      break;
    case "map":
      appendField(lines, inner, "key", type.keyType, undefined, depth + 1, maxDepth);
      appendField(lines, inner, "value", type.valueType, `valueContainsNull = ${type.valueContainsNull}`, depth + 1, maxDepth);
      break;
    default:
      break;
  }
}
