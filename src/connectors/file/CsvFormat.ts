import type { DataType } from "../../types/DataType.js";
import { BooleanType, DateType, DoubleType, IntegerType, LongType, NullType, StringType, TimestampType } from "../../types/AtomicTypes.js";
import { DecimalType } from "../../types/DecimalType.js";
import { StructField } from "../../types/StructField.js";
import { StructType } from "../../types/StructType.js";
import { findWiderTypeForTwo } from "../../types/TypeCoercion.js";
import { castValue } from "../../expr/CastEvaluator.js";
import { formatTimestamp, parseTimestamp } from "../../expr/DateTimeFormatter.js";
import { daysToMicros, microsToDays, stringToDate, stringToTimestamp } from "../../expr/DateTimeUtils.js";
import { formatValue } from "../../expr/ValueFormat.js";
import { AnalysisException } from "../../expr/AnalysisException.js";
import type { FileFormat } from "./FileFormat.js";
import { describeSplit } from "./FileFormat.js";
import type { FileOptions } from "./FileOptions.js";
import type { CsvRecord, CsvSyntax } from "./CsvParser.js";
import { csvLine, csvRecords } from "./CsvParser.js";
import { readSplitText, readTextFile, textCodec, textExtension, writeTextFile } from "./TextFiles.js";
import { BadRecord, FailureSafeParser, corruptRecordIndex } from "./FailureSafeParser.js";

/** Spark's CSVOptions, read once per file or job. */
interface CsvOptions extends CsvSyntax {
  readonly header: boolean;
  readonly inferSchema: boolean;
  readonly nullValue: string;
  readonly emptyValue: string;
  readonly dateFormat: string | undefined;
  readonly timestampFormat: string | undefined;
}

function csvOptions(o: FileOptions): CsvOptions {
  o.checkEncoding();
  o.parseMode();
  textCodec(o);
  return {
    sep: o.get("sep") !== undefined ? separator(o, "sep") : separator(o, "delimiter"),
    quote: o.char("quote", "\""),
    escape: o.char("escape", "\\"),
    comment: o.char("comment", "\u0000"),
    multiLine: o.boolean("multiLine", false),
    header: o.boolean("header", false),
    inferSchema: o.boolean("inferSchema", false),
    nullValue: o.string("nullValue", ""),
    emptyValue: o.string("emptyValue", ""),
    dateFormat: o.get("dateFormat"),
    timestampFormat: o.get("timestampFormat"),
  };
}

/** Spark 3 takes a separator of one or more characters; `\t` is a tab. */
function separator(o: FileOptions, key: string): string {
  const v = o.get(key);
  if (v === undefined) return ",";
  if (v === "") throw o.invalid(key, v, "one or more characters (Spark's 'Delimiter cannot be empty')");
  return v.replaceAll("\\t", "\t");
}

/** Spark's default timestamp format when writing CSV and JSON. */
const WRITE_TIMESTAMP_FORMAT = "yyyy-MM-dd'T'HH:mm:ss.SSSXXX";

/** CSV as Spark reads and writes it: univocity's syntax, CSVInferSchema's type inference, the parse modes. */
export const CsvFormat: FileFormat = {
  name: "csv",
  extension: (options) => textExtension("csv", options),

  checkOptions(options) {
    csvOptions(options);
  },

  checkReadSchema(schema, options) {
    corruptRecordIndex(schema, options);
  },

  /**
   * Column names from the first file's header (or `_c0`, `_c1`, …); with `inferSchema` each column's type is
   * the widest of its values' types, otherwise every column is a string.
   */
  inferSchema(files, ctx) {
    const o = csvOptions(ctx.options);
    let names: string[] | null = null;
    let types: DataType[] = [];
    for (const file of files) {
      let first = true;
      for (const record of csvRecords(readTextFile(file.path), o)) {
        if (first && o.header) {
          names ??= headerNames(record.fields);
          first = false;
          continue;
        }
        first = false;
        names ??= record.fields.map((_, i) => `_c${i}`);
        if (!o.inferSchema) break;
        record.fields.forEach((f, i) => {
          // Quotes say nothing of the type: Spark infers from the text inside them.
          const t = inferFieldType(f, o, ctx.zone);
          types[i] = types[i] === undefined ? t : (findWiderTypeForTwo(types[i]!, t) ?? StringType);
        });
      }
      if (names !== null && !o.inferSchema) break;
    }
    return new StructType((names ?? []).map((n, i) => new StructField(n, o.inferSchema && types[i] && types[i] !== NullType ? types[i]! : StringType, true)));
  },

  isSplitable(options) {
    return !csvOptions(options).multiLine;
  },

  readFile(split, dataSchema, ctx) {
    const o = csvOptions(ctx.options);
    const parser = new FailureSafeParser(dataSchema, ctx.options, describeSplit(split));
    const types = parser.parsedSchema.fields.map((f) => f.dataType);
    let records: Iterable<CsvRecord> = csvRecords(readSplitText(split), o);
    // Only the split at the start of a file holds its header.
    if (o.header && split.start === 0) records = dropFirst(records);
    return parser.parse(records, (r) => convertRecord(r, types, o, ctx.zone));
  },

  checkWritable(schema) {
    for (const f of schema.fields) {
      if (f.dataType.kind === "array" || f.dataType.kind === "map" || f.dataType.kind === "struct" || f.dataType.kind === "binary") {
        throw new AnalysisException("UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE",
          `The CSV datasource doesn't support the column \`${f.name}\` of the type "${f.dataType.sql()}". Write it as JSON or parquet, or cast it to STRING.`);
      }
    }
  },

  writeFile(path, schema, rows, ctx) {
    const o = csvOptions(ctx.options);
    const lines: string[] = [];
    if (o.header) lines.push(csvLine(schema.fieldNames(), o, o.nullValue));
    for (const row of rows) lines.push(csvLine(schema.fields.map((f, i) => formatField(row[i], f.dataType, o, ctx.zone)), o, o.nullValue));
    writeTextFile(path, lines.length > 0 ? lines.join("\n") + "\n" : "", ctx.options);
  },
};

function* dropFirst<T>(items: Iterable<T>): IterableIterator<T> {
  let first = true;
  for (const item of items) {
    if (!first) yield item;
    first = false;
  }
}

/** Header names as Spark makes them unique: empty names become `_c<i>`, repeated names get their index. */
function headerNames(fields: readonly string[]): string[] {
  const named = fields.map((f, i) => (f === "" ? `_c${i}` : f));
  return named.map((n, i) => (named.indexOf(n) !== named.lastIndexOf(n) ? `${n}${i}` : n));
}

/** CSVInferSchema's order: integer, long, decimal, double, timestamp, date (with a dateFormat), boolean, string. */
function inferFieldType(field: string, o: CsvOptions, zone: string): DataType {
  if (field === o.nullValue) return NullType;
  if (/^[+-]?\d+$/.test(field)) {
    const n = BigInt(field);
    if (n >= -(2n ** 31n) && n < 2n ** 31n) return IntegerType;
    if (n >= -(2n ** 63n) && n < 2n ** 63n) return LongType;
    const digits = field.replace(/^[+-]/, "").length;
    return digits <= 38 ? new DecimalType(digits, 0) : StringType;
  }
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(field) || /^[+-]?(NaN|Infinity|Inf)$/.test(field)) return DoubleType;
  if (parseTimestampField(field, o, zone) !== null && (o.timestampFormat !== undefined || /\d[T ]\d/.test(field))) return TimestampType;
  if (o.dateFormat !== undefined && parseDateField(field, o) !== null) return DateType;
  if (/^(true|false)$/i.test(field)) return BooleanType;
  return StringType;
}

function parseTimestampField(field: string, o: CsvOptions, zone: string): bigint | null {
  return o.timestampFormat !== undefined ? parseTimestamp(field, o.timestampFormat, zone) : stringToTimestamp(field, zone);
}

function parseDateField(field: string, o: CsvOptions): number | null {
  if (o.dateFormat === undefined) return stringToDate(field);
  const micros = parseTimestamp(field, o.dateFormat, "UTC");
  return micros === null ? null : microsToDays(micros, "UTC");
}

/**
 * A record's fields as values of `types`. A record with the wrong number of fields or a field that does not
 * convert is malformed; the values that did convert are kept for PERMISSIVE mode, as Spark's partial results.
 */
function convertRecord(record: CsvRecord, types: readonly DataType[], o: CsvOptions, zone: string): unknown[] {
  const problems: string[] = [];
  if (record.fields.length !== types.length) problems.push(`expected ${types.length} fields but found ${record.fields.length}`);
  const values = types.map((type, i) => {
    const field = record.fields[i];
    if (field === undefined) return null;
    const value = convertField(field, record.quoted[i]!, type, o, zone);
    if (value === undefined) {
      problems.push(`field ${i + 1} '${field}' is not a valid ${type.sql()}`);
      return null;
    }
    return value;
  });
  if (problems.length > 0) throw new BadRecord(values, record.text, problems.join("; "));
  return values;
}

/** One field as a value of `type`: null for the null value, undefined when it does not convert. */
function convertField(field: string, quoted: boolean, type: DataType, o: CsvOptions, zone: string): unknown {
  if (!quoted && field === o.nullValue) return null;
  if (type.kind === "string") return quoted && field === "" ? o.emptyValue : field;
  if (field === "" || (quoted && field === o.nullValue)) return null;
  let value: unknown;
  switch (type.kind) {
    case "date":
      value = parseDateField(field, o);
      break;
    case "timestamp":
      value = parseTimestampField(field, o, zone);
      break;
    case "boolean":
      value = /^true$/i.test(field) ? true : /^false$/i.test(field) ? false : null;
      break;
    default:
      value = castValue(field.trim(), StringType, type, zone);
  }
  return value === null ? undefined : value;
}

function formatField(value: unknown, type: DataType, o: CsvOptions, zone: string): string | null {
  if (value === null || value === undefined) return null;
  switch (type.kind) {
    case "timestamp":
      return formatTimestamp(value as bigint, o.timestampFormat ?? WRITE_TIMESTAMP_FORMAT, zone);
    case "date":
      return o.dateFormat !== undefined
        ? formatTimestamp(daysToMicros(value as number, "UTC"), o.dateFormat, "UTC")
        : formatValue(value, type, zone);
    default:
      return formatValue(value, type, zone);
  }
}

