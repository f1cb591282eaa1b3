import type { DataType } from "../../types/DataType.js";
import { ArrayType } from "../../types/ArrayType.js";
import { MapType } from "../../types/MapType.js";
import { castValue } from "../../expr/CastEvaluator.js";
import { BooleanType, DoubleType, LongType, NullType, StringType } from "../../types/AtomicTypes.js";
import { StructField } from "../../types/StructField.js";
import { Decimal } from "../../types/Decimal.js";
import { DecimalType } from "../../types/DecimalType.js";
import { StructType } from "../../types/StructType.js";
import { findTightestCommonType } from "../../types/TypeCoercion.js";
import { JsonSchemaMismatch, fromJsonValue, toJsonValue } from "../../expr/JsonConversion.js";
import { formatTimestamp, parseTimestamp } from "../../expr/DateTimeFormatter.js";
import { daysToMicros, microsToDays } from "../../expr/DateTimeUtils.js";
import type { FileFormat } from "./FileFormat.js";
import { describeSplit } from "./FileFormat.js";
import type { FileOptions } from "./FileOptions.js";
import { parseJsonExact } from "./JsonText.js";
import type { RawRecord } from "./FailureSafeParser.js";
import { readSplitText, readTextFile, textCodec, textExtension, writeTextFile } from "./TextFiles.js";
import { BadRecord, FailureSafeParser, corruptRecordIndex } from "./FailureSafeParser.js";

/** Spark's JSONOptions that Kindling reads. */
interface JsonOptions {
  readonly multiLine: boolean;
  readonly primitivesAsString: boolean;
  readonly timestampFormat: string | undefined;
  readonly dateFormat: string | undefined;
  readonly ignoreNullFields: boolean;
}

function jsonOptions(o: FileOptions): JsonOptions {
  o.checkEncoding();
  o.parseMode();
  textCodec(o);
  return {
    multiLine: o.boolean("multiLine", false),
    primitivesAsString: o.boolean("primitivesAsString", false),
    timestampFormat: o.get("timestampFormat"),
    dateFormat: o.get("dateFormat"),
    ignoreNullFields: o.boolean("ignoreNullFields", true),
  };
}

/** A JSON record parsed, or the reason it is not JSON. */
interface JsonRecord extends RawRecord {
  readonly value: unknown;
  readonly error: string | null;
}

/**
 * The records of a JSON file: one per non-blank line (JSON Lines), or with `multiLine` the whole file as one
 * value, an array being one record per element.
 */
function* jsonRecords(text: string, o: JsonOptions): IterableIterator<JsonRecord> {
  if (o.multiLine) {
    const parsed = parseJson(text);
    if (parsed.error === null && Array.isArray(parsed.value)) {
      for (const value of parsed.value) yield { text: JSON.stringify(loosen(value)), line: 1, value, error: null };
    } else if (text.trim() !== "") {
      yield { text, line: 1, ...parsed };
    }
    return;
  }
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/\r$/, "");
    if (line.trim() === "") continue;
    yield { text: line, line: i + 1, ...parseJson(line) };
  }
}

function parseJson(text: string): { value: unknown; error: string | null } {
  try {
    return { value: parseJsonExact(text), error: null };
  } catch (e) {
    return { value: null, error: (e as Error).message };
  }
}

/** JSON as Spark reads and writes it: schema inference with fields sorted by name, the parse modes. */
export const JsonFormat: FileFormat = {
  name: "json",
  extension: (options) => textExtension("json", options),

  checkOptions(options) {
    jsonOptions(options);
  },

  checkReadSchema(schema, options) {
    corruptRecordIndex(schema, options);
  },

  /**
   * Spark's JsonInferSchema: integers are longs, other numbers doubles, objects structs with their fields
   * sorted, conflicting types strings; a field only ever null is a string. In PERMISSIVE mode a malformed
   * record adds the corrupt-record column.
   */
  inferSchema(files, ctx) {
    const o = jsonOptions(ctx.options);
    let schema: DataType = NullType;
    let sawCorrupt = false;
    for (const file of files) {
      for (const record of jsonRecords(readTextFile(file.path), o)) {
        if (record.error !== null || !isJsonObject(record.value)) {
          sawCorrupt = true;
          continue;
        }
        schema = mergeTypes(schema, inferType(record.value, o));
      }
    }
    const fields = schema instanceof StructType ? canonical(schema).fields : [];
    const corrupt = ctx.options.columnNameOfCorruptRecord();
    const withCorrupt = sawCorrupt && ctx.options.parseMode() === "PERMISSIVE" && !fields.some((f) => f.name === corrupt)
      ? [...fields, new StructField(corrupt, StringType, true)].sort((a, b) => compareNames(a.name, b.name))
      : fields;
    return new StructType(withCorrupt);
  },

  isSplitable(options) {
    return !jsonOptions(options).multiLine;
  },

  readFile(split, dataSchema, ctx) {
    const o = jsonOptions(ctx.options);
    const parser = new FailureSafeParser(dataSchema, ctx.options, describeSplit(split));
    const fields = parser.parsedSchema.fields;
    return parser.parse(jsonRecords(readSplitText(split), o), (r) => {
      if (r.error !== null) throw new BadRecord(null, r.text, r.error);
      if (!isJsonObject(r.value)) throw new BadRecord(null, r.text, "a record must be a JSON object");
      const obj = r.value;
      const problems: string[] = [];
      const values = fields.map((f) => {
        try {
          return convertValue(obj[f.name], f.dataType, o, ctx.zone);
        } catch (e) {
          if (!(e instanceof JsonSchemaMismatch)) throw e;
          problems.push(`field '${f.name}': ${e.message}`);
          return null;
        }
      });
      if (problems.length > 0) throw new BadRecord(values, r.text, problems.join("; "));
      return values;
    });
  },

  checkWritable() {},

  writeFile(path, schema, rows, ctx) {
    const o = jsonOptions(ctx.options);
    // Built field by field so that longs and decimals keep every digit (JSON.stringify would go through doubles).
    const names = schema.fields.map((f) => JSON.stringify(f.name) + ":");
    const lines = rows.map((row) => {
      const fields: string[] = [];
      schema.fields.forEach((f, i) => {
        const v = row[i];
        if (v !== null && v !== undefined) fields.push(names[i] + valueText(v, f.dataType, o, ctx.zone));
        else if (!o.ignoreNullFields) fields.push(names[i] + "null");
      });
      return `{${fields.join(",")}}`;
    });
    writeTextFile(path, lines.length > 0 ? lines.join("\n") + "\n" : "", ctx.options);
  },
};

/** A record is a JSON object: not an array, a number or any other value. */
function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Decimal);
}

/** Spark sorts inferred struct fields by name. */
function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function inferType(value: unknown, o: JsonOptions): DataType {
  if (value === null || value === undefined) return NullType;
  if (Array.isArray(value)) return new ArrayType(value.reduce<DataType>((t, v) => mergeTypes(t, inferType(v, o)), NullType), true);
  // Spark reads a fraction as a double unless prefersDecimal, however many digits it has.
  if (value instanceof Decimal) return o.primitivesAsString ? StringType : DoubleType;
  if (typeof value === "object") {
    const fields = Object.entries(value as Record<string, unknown>).map(([k, v]) => new StructField(k, inferType(v, o), true));
    return new StructType(fields.sort((a, b) => compareNames(a.name, b.name)));
  }
  if (o.primitivesAsString) return StringType;
  if (typeof value === "boolean") return BooleanType;
  if (typeof value === "number") return Number.isInteger(value) ? LongType : DoubleType;
  if (typeof value === "bigint") return value >= -(2n ** 63n) && value < 2n ** 63n ? LongType : decimalOfDigits(value.toString().replace("-", "").length);
  return StringType;
}

/** Spark's JsonInferSchema.compatibleType: numbers widen, structs merge by field name, anything else is a string. */
function mergeTypes(a: DataType, b: DataType): DataType {
  if (a.kind === "null") return b;
  if (b.kind === "null") return a;
  if (a instanceof StructType && b instanceof StructType) {
    const byName = new Map(a.fields.map((f) => [f.name, f.dataType] as [string, DataType]));
    for (const f of b.fields) byName.set(f.name, byName.has(f.name) ? mergeTypes(byName.get(f.name)!, f.dataType) : f.dataType);
    return new StructType([...byName].map(([n, t]) => new StructField(n, t, true)).sort((x, y) => compareNames(x.name, y.name)));
  }
  if (a instanceof ArrayType && b instanceof ArrayType) return new ArrayType(mergeTypes(a.elementType, b.elementType), true);
  return findTightestCommonType(a, b) ?? StringType;
}

/** Fields that were only ever null (or empty arrays) become strings, as Spark's canonicalizeType. */
function canonical(type: StructType): StructType {
  const fix = (t: DataType): DataType =>
    t.kind === "null" ? StringType
      : t instanceof ArrayType ? new ArrayType(fix(t.elementType), true)
        : t instanceof StructType ? canonical(t) : t;
  return new StructType(type.fields.map((f) => new StructField(f.name, fix(f.dataType), true)));
}

/**
 * A JSON value as a value of `type`, walking structs, arrays and maps here so that exact numbers and the
 * `timestampFormat` and `dateFormat` options apply at every depth; atomic values convert as from_json does.
 */
function convertValue(json: unknown, type: DataType, o: JsonOptions, zone: string): unknown {
  if (json === null || json === undefined) return null;
  const mismatch = () => new JsonSchemaMismatch(`JSON value ${JSON.stringify(loosen(json))} does not fit type ${type.simpleString()}`);
  if (type instanceof StructType) {
    if (!isJsonObject(json)) throw mismatch();
    return type.fields.map((f) => convertValue(json[f.name], f.dataType, o, zone));
  }
  if (type instanceof ArrayType) {
    if (!Array.isArray(json)) throw mismatch();
    return json.map((v) => convertValue(v, type.elementType, o, zone));
  }
  if (type instanceof MapType) {
    if (!isJsonObject(json)) throw mismatch();
    return new Map(Object.entries(json).map(([k, v]) => [castValue(k, StringType, type.keyType, zone), convertValue(v, type.valueType, o, zone)]));
  }
  if (type.kind === "timestamp" && o.timestampFormat !== undefined && typeof json === "string") {
    const t = parseTimestamp(json, o.timestampFormat, zone);
    if (t === null) throw new JsonSchemaMismatch(`'${json}' does not match the timestampFormat '${o.timestampFormat}'`);
    return t;
  }
  if (type.kind === "date" && o.dateFormat !== undefined && typeof json === "string") {
    const t = parseTimestamp(json, o.dateFormat, "UTC");
    if (t === null) throw new JsonSchemaMismatch(`'${json}' does not match the dateFormat '${o.dateFormat}'`);
    return microsToDays(t, "UTC");
  }
  if (typeof json === "bigint" || json instanceof Decimal) return exactNumber(json, type);
  const value = fromJsonValue(loosen(json), type, zone);
  if (value === null) throw new JsonSchemaMismatch(`JSON value ${JSON.stringify(json)} does not fit type ${type.simpleString()}`);
  return value;
}

/** A value's JSON text: longs and decimals with all their digits, dates and timestamps in the given formats. */
function valueText(value: unknown, type: DataType, o: JsonOptions, zone: string): string {
  if (type.kind === "long") return String(value);
  if (type.kind === "decimal") return (value as Decimal).toString();
  if (type.kind === "timestamp" && o.timestampFormat !== undefined) return JSON.stringify(formatTimestamp(value as bigint, o.timestampFormat, zone));
  if (type.kind === "date" && o.dateFormat !== undefined) return JSON.stringify(formatTimestamp(daysToMicros(value as number, "UTC"), o.dateFormat, "UTC"));
  return JSON.stringify(toJsonValue(value, type, zone));
}

/** Spark infers an integer too large for a long as a decimal of its digits. */
function decimalOfDigits(digits: number): DataType {
  return digits <= 38 ? new DecimalType(digits, 0) : DoubleType;
}

/** A number that JSON.parse could not hold exactly, as a value of `type`. */
function exactNumber(json: bigint | Decimal, type: DataType): unknown {
  const decimal = typeof json === "bigint" ? Decimal.fromBigInt(json) : json;
  switch (type.kind) {
    case "long":
      if (typeof json === "bigint" && json >= -(2n ** 63n) && json < 2n ** 63n) return json;
      break;
    case "decimal": {
      const d = decimal.toPrecision(type.precision, type.scale);
      if (d !== null) return d;
      break;
    }
    case "double":
      return decimal.toNumber();
    case "float":
      return Math.fround(decimal.toNumber());
    case "string":
      return decimal.toString();
  }
  throw new JsonSchemaMismatch(`JSON number ${decimal.toString()} does not fit type ${type.simpleString()}`);
}

/** Exact numbers as doubles, for JSON text of a value read into a string and for error messages. */
function loosen(json: unknown): unknown {
  if (typeof json === "bigint") return Number(json);
  if (json instanceof Decimal) return json.toNumber();
  if (Array.isArray(json)) return json.map(loosen);
  if (json !== null && typeof json === "object") return Object.fromEntries(Object.entries(json).map(([k, v]) => [k, loosen(v)]));
  return json;
}
