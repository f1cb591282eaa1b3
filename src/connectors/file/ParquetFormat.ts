import { readFileSync, writeFileSync } from "node:fs";
import { gunzipSync, gzipSync } from "node:zlib";
import { parquetMetadata, parquetSchema } from "hyparquet";
import type { DecodedArray, FileMetaData, RowGroup, SchemaElement, SchemaTree } from "hyparquet";
import { readColumn } from "hyparquet/src/column.js";
import { assembleNested } from "hyparquet/src/assemble.js";
import { getTreePath, isListLike, isMapLike } from "hyparquet/src/schema.js";
import { flatten } from "hyparquet/src/utils.js";
import { DEFAULT_PARSERS } from "hyparquet/src/convert.js";
import { parquetWriteBuffer } from "hyparquet-writer";
import type { DataType } from "../../types/DataType.js";
import {
  BinaryType, BooleanType, ByteType, DateType, DoubleType, FloatType, IntegerType, LongType, ShortType, StringType, TimestampType,
} from "../../types/AtomicTypes.js";
import { DecimalType } from "../../types/DecimalType.js";
import { ArrayType } from "../../types/ArrayType.js";
import { MapType } from "../../types/MapType.js";
import { castValue } from "../../expr/CastEvaluator.js";
import { Decimal } from "../../types/Decimal.js";
import { StructField } from "../../types/StructField.js";
import { StructType } from "../../types/StructType.js";
import { dataTypeFromJson } from "../../types/DataTypeJson.js";
import { AnalysisException } from "../../expr/AnalysisException.js";
import { SparkException } from "../../util/SparkException.js";
import type { FileFormat } from "./FileFormat.js";
import type { ColumnStats } from "./StatsFilter.js";
import { mightMatch } from "./StatsFilter.js";
import type { FileOptions } from "./FileOptions.js";

/** The footer key under which Spark keeps a file's Spark SQL schema, so that reading it back is exact. */
const SPARK_SCHEMA_KEY = "org.apache.spark.sql.parquet.row.metadata";

/**
 * Parquet through hyparquet (reading) and hyparquet-writer (writing): every Spark type but intervals, nested
 * structs, lists and maps included. Column chunks are decoded synchronously with hyparquet's `readColumn`, since a task owns its
 * thread and cannot await; logical annotations (dates, timestamps, decimals) are decoded here from the raw
 * integers, so that decimals stay exact and timestamps keep their microseconds.
 */
export const ParquetFormat: FileFormat = {
  name: "parquet",
  extension: (options) => CODECS[parquetCodec(options)].extension,

  checkOptions(options) {
    parquetCodec(options);
  },

  checkReadSchema() {},

  /** The schema of the first file's footer: Spark's own schema when Spark (or Kindling) wrote it. */
  inferSchema(files) {
    const first = files[0];
    return first === undefined ? new StructType() : schemaOf(footer(first.path), first.path);
  },

  isSplitable() {
    return false;
  },

  *readFile({ path }, dataSchema, ctx) {
    const bytes = readFileSync(path);
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    const metadata = parquetMetadata(buffer, { parsers: READ_PARSERS });
    const tree = parquetSchema(metadata);
    const columnsByName = new Map(tree.children.map((c) => [c.element.name, c]));
    for (const rowGroup of metadata.row_groups) {
      const numRows = Number(rowGroup.num_rows);
      // Spark's row-group skipping: a group whose statistics rule out a pushed filter is not read.
      if (!(ctx.statsFilters ?? []).every((f) => mightMatch(f, (column) => rowGroupStats(rowGroup, column)))) continue;
      const columns = dataSchema.fields.map((field) => {
        const node = columnsByName.get(field.name);
        if (node === undefined) return new Array<unknown>(numRows).fill(null);
        return readTopLevelColumn(buffer, rowGroup, tree, node, numRows, path).map((v) => toSparkValue(v, node, field.dataType));
      });
      for (let r = 0; r < numRows; r++) yield columns.map((c) => c[r]);
    }
  },

  checkWritable(schema) {
    for (const f of schema.fields) parquetElements(f.name, f.dataType, true);
  },

  writeFile(path, schema, rows, ctx) {
    const elements = schema.fields.flatMap((f) => parquetElements(f.name, f.dataType, true));
    const columnData = schema.fields.map((f, c) => ({
      name: f.name,
      data: rows.map((row) => toParquetValue(row[c], f.dataType)),
    }));
    const buffer = parquetWriteBuffer({
      columnData,
      schema: [{ name: "spark_schema", num_children: schema.length }, ...elements],
      kvMetadata: [{ key: SPARK_SCHEMA_KEY, value: JSON.stringify(schema.jsonValue()) }],
      createdBy: "kindling (hyparquet-writer)",
      codec: CODECS[parquetCodec(ctx.options)].codec,
      compressors: { GZIP: (bytes: Uint8Array) => new Uint8Array(gzipSync(bytes)) },
    });
    writeFileSync(path, new Uint8Array(buffer));
  },
};

/** Spark's parquet `compression` values that Kindling writes, with the file extension Spark gives each. */
const CODECS = {
  snappy: { codec: "SNAPPY", extension: "snappy.parquet" },
  gzip: { codec: "GZIP", extension: "gz.parquet" },
  none: { codec: "UNCOMPRESSED", extension: "parquet" },
  uncompressed: { codec: "UNCOMPRESSED", extension: "parquet" },
} as const;

function parquetCodec(options: FileOptions): keyof typeof CODECS {
  const v = (options.get("compression") ?? "snappy").toLowerCase();
  if (v in CODECS) return v as keyof typeof CODECS;
  throw options.invalid("compression", v, "snappy, gzip, none or uncompressed (the parquet codecs Kindling writes)");
}

/** hyparquet reads snappy itself; gzip pages are inflated with node:zlib. */
const DECOMPRESSORS = { GZIP: (input: Uint8Array) => new Uint8Array(gunzipSync(input)) };

function footer(path: string): FileMetaData {
  const bytes = readFileSync(path);
  try {
    return parquetMetadata(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  } catch (e) {
    throw new SparkException(`Could not read the footer of file:${path}: ${(e as Error).message}. Is it a parquet file?`, { errorClass: "CANNOT_READ_FILE_FOOTER", cause: e });
  }
}

function schemaOf(metadata: FileMetaData, path: string): StructType {
  const spark = metadata.key_value_metadata?.find((kv) => kv.key === SPARK_SCHEMA_KEY)?.value;
  if (spark !== undefined) return dataTypeFromJson(JSON.parse(spark)) as StructType;
  return new StructType(parquetSchema(metadata).children.map((c) => new StructField(c.element.name, sparkTypeOf(c, path), c.element.repetition_type !== "REQUIRED")));
}

/** The node of a list's elements: Spark's three levels (`list` / `element`) or the legacy two. */
function listElement(node: SchemaTree): SchemaTree {
  const repeated = node.children[0]!;
  return repeated.children.length === 1 ? repeated.children[0]! : repeated;
}

/** Spark's ParquetToSparkSchemaConverter. */
function sparkTypeOf(node: SchemaTree, path: string): DataType {
  const e = node.element;
  if (isListLike(node)) {
    const element = listElement(node);
    return new ArrayType(sparkTypeOf(element, path), element.element.repetition_type !== "REQUIRED");
  }
  if (isMapLike(node)) {
    const [key, value] = node.children[0]!.children as [SchemaTree, SchemaTree];
    return new MapType(sparkTypeOf(key, path), sparkTypeOf(value, path), value.element.repetition_type !== "REQUIRED");
  }
  if (node.children.length > 0) {
    return new StructType(node.children.map((c) => new StructField(c.element.name, sparkTypeOf(c, path), c.element.repetition_type !== "REQUIRED")));
  }
  if (e.repetition_type === "REPEATED") {
    throw new AnalysisException("UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE", `Column \`${e.name}\` of file:${path} is a bare repeated field, which Kindling's parquet reader does not read; give a schema without it.`);
  }
  if (e.converted_type === "DECIMAL" || e.logical_type?.type === "DECIMAL") return new DecimalType(e.precision ?? 10, e.scale ?? 0);
  switch (e.type) {
    case "BOOLEAN":
      return BooleanType;
    case "INT32":
      if (e.converted_type === "DATE" || e.logical_type?.type === "DATE") return DateType;
      if (e.converted_type === "INT_8") return ByteType;
      if (e.converted_type === "INT_16") return ShortType;
      return IntegerType;
    case "INT64":
      if (e.converted_type === "TIMESTAMP_MICROS" || e.converted_type === "TIMESTAMP_MILLIS" || e.logical_type?.type === "TIMESTAMP") return TimestampType;
      return LongType;
    case "INT96":
      return TimestampType;
    case "FLOAT":
      return FloatType;
    case "DOUBLE":
      return DoubleType;
    default:
      return e.converted_type === "UTF8" || e.converted_type === "ENUM" || e.converted_type === "JSON" || e.logical_type?.type === "STRING" ? StringType : BinaryType;
  }
}

/** Values as Kindling holds them, for INT96 values and for statistics (which hyparquet decodes by annotation). */
const READ_PARSERS = {
  ...DEFAULT_PARSERS,
  timestampFromNanoseconds: (nanos: bigint) => nanos / 1000n,
  timestampFromMicroseconds: (micros: bigint) => micros,
  timestampFromMilliseconds: (millis: bigint) => BigInt(millis) * 1000n,
  dateFromDays: (days: number) => days,
} as unknown as typeof DEFAULT_PARSERS;

/** A flat column's statistics in one row group; inexact (truncated) string bounds are left unknown. */
function rowGroupStats(rowGroup: RowGroup, column: string): ColumnStats | undefined {
  const meta = rowGroup.columns.find((c) => c.meta_data?.path_in_schema.length === 1 && c.meta_data.path_in_schema[0] === column)?.meta_data;
  const s = meta?.statistics;
  if (meta === undefined || s === undefined) return undefined;
  const exact = s.is_min_value_exact !== false && s.is_max_value_exact !== false;
  return {
    min: exact ? s.min_value : undefined,
    max: exact ? s.max_value : undefined,
    nullCount: s.null_count === undefined ? undefined : Number(s.null_count),
    numRows: Number(rowGroup.num_rows),
  };
}

/**
 * One top-level column of a row group, decoded synchronously chunk by chunk with hyparquet's `readColumn` and,
 * for structs, lists and maps, assembled with its `assembleNested`. Leaves are read without their logical
 * annotations (strings aside), so that dates, timestamps and decimals arrive as exact integers.
 */
function readTopLevelColumn(buffer: ArrayBuffer, rowGroup: RowGroup, tree: SchemaTree, node: SchemaTree, numRows: number, file: string): unknown[] {
  const subcolumns = new Map<string, DecodedArray>();
  for (const column of rowGroup.columns) {
    const chunk = column.meta_data;
    if (chunk === undefined || chunk.path_in_schema[0] !== node.element.name) continue;
    const schemaPath = getTreePath(tree, chunk.path_in_schema);
    const leaf = schemaPath[schemaPath.length - 1]!;
    const element = keepStrings(leaf.element);
    const start = Number(chunk.dictionary_page_offset ?? chunk.data_page_offset);
    const decoded = readColumn({ view: new DataView(buffer, start, Number(chunk.total_compressed_size)), offset: 0 },
      { groupStart: 0, selectStart: 0, selectEnd: numRows, groupRows: numRows },
      { pathInSchema: chunk.path_in_schema, type: chunk.type, element, schemaPath: [...schemaPath.slice(0, -1), { ...leaf, element }],
        codec: chunk.codec, compressors: DECOMPRESSORS, parsers: READ_PARSERS });
    subcolumns.set(chunk.path_in_schema.join("."), flatten(decoded.data));
  }
  if (node.children.length > 0) assembleNested(subcolumns, node, READ_PARSERS);
  const values = subcolumns.get(node.element.name);
  if (values === undefined) throw new SparkException(`Parquet file file:${file} has no data for column ${node.element.name}`);
  return Array.from(values as ArrayLike<unknown>);
}

/** A leaf without its logical annotation, except strings, the one hyparquet should still decode. */
function keepStrings(e: SchemaElement): SchemaElement {
  return e.converted_type === "UTF8" || e.logical_type?.type === "STRING" ? e : { ...e, converted_type: undefined, logical_type: undefined };
}

/** A value as hyparquet assembled it (structs and maps as objects, lists as arrays) as a value of `type`. */
function toSparkValue(v: unknown, node: SchemaTree, type: DataType): unknown {
  if (v === null || v === undefined) return null;
  switch (type.kind) {
    case "struct": {
      const o = v as Record<string, unknown>;
      return type.fields.map((f) => {
        const child = node.children.find((c) => c.element.name === f.name);
        return child === undefined ? null : toSparkValue(o[f.name], child, f.dataType);
      });
    }
    case "array": {
      const element = listElement(node);
      return (v as unknown[]).map((x) => toSparkValue(x, element, type.elementType));
    }
    case "map": {
      const [key, value] = node.children[0]!.children as [SchemaTree, SchemaTree];
      return new Map(Object.entries(v as Record<string, unknown>).map(([k, x]) =>
        [toSparkValue(castValue(k, StringType, type.keyType, "UTC") ?? k, key, type.keyType), toSparkValue(x, value, type.valueType)]));
    }
    default:
      return leafValue(v, node.element, type);
  }
}

/** A raw leaf value (integers for dates, timestamps and decimals) as a value of `type`. */
function leafValue(v: unknown, e: SchemaElement, type: DataType): unknown {
  switch (type.kind) {
    case "decimal": {
      if (v instanceof Decimal) return v;
      const unscaled = v instanceof Uint8Array ? bigEndianSigned(v) : BigInt(v as number | bigint);
      return new Decimal(unscaled, e.scale ?? 0).toPrecision(type.precision, type.scale);
    }
    case "timestamp":
      if (typeof v !== "bigint") return v;
      if (e.converted_type === "TIMESTAMP_MILLIS" || (e.logical_type?.type === "TIMESTAMP" && e.logical_type.unit === "MILLIS")) return v * 1000n;
      if (e.logical_type?.type === "TIMESTAMP" && e.logical_type.unit === "NANOS") return v / 1000n;
      return v;
    case "long":
      return BigInt(v as number | bigint);
    case "string":
      return typeof v === "string" ? v : new TextDecoder().decode(v as Uint8Array);
    case "binary":
      return v instanceof Uint8Array ? v : new TextEncoder().encode(String(v));
    case "float":
      return Math.fround(v as number);
    default:
      return typeof v === "bigint" ? Number(v) : v;
  }
}

function bigEndianSigned(bytes: Uint8Array): bigint {
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  return bytes.length > 0 && bytes[0]! & 0x80 ? n - (1n << BigInt(bytes.length * 8)) : n;
}

/**
 * A column's parquet schema elements, depth first, as Spark writes them: timestamps as TIMESTAMP_MICROS,
 * decimals by precision, lists as `list` / `element`, maps as `key_value` / `key` / `value`.
 */
function parquetElements(name: string, type: DataType, nullable: boolean): SchemaElement[] {
  const base = { name, repetition_type: nullable ? "OPTIONAL" as const : "REQUIRED" as const };
  switch (type.kind) {
    case "boolean":
      return [{ ...base, type: "BOOLEAN" }];
    case "byte":
      return [{ ...base, type: "INT32", converted_type: "INT_8" }];
    case "short":
      return [{ ...base, type: "INT32", converted_type: "INT_16" }];
    case "integer":
      return [{ ...base, type: "INT32" }];
    case "date":
      return [{ ...base, type: "INT32", converted_type: "DATE" }];
    case "long":
      return [{ ...base, type: "INT64" }];
    case "timestamp":
      return [{ ...base, type: "INT64", converted_type: "TIMESTAMP_MICROS" }];
    case "float":
      return [{ ...base, type: "FLOAT" }];
    case "double":
      return [{ ...base, type: "DOUBLE" }];
    case "string":
      return [{ ...base, type: "BYTE_ARRAY", converted_type: "UTF8" }];
    case "binary":
      return [{ ...base, type: "BYTE_ARRAY" }];
    case "decimal": {
      const d = { ...base, converted_type: "DECIMAL" as const, precision: type.precision, scale: type.scale };
      if (type.precision <= 9) return [{ ...d, type: "INT32" }];
      if (type.precision <= 18) return [{ ...d, type: "INT64" }];
      return [{ ...d, type: "FIXED_LEN_BYTE_ARRAY", type_length: Math.ceil((type.precision * Math.log2(10) + 1) / 8) }];
    }
    case "struct":
      return [{ ...base, num_children: type.fields.length }, ...type.fields.flatMap((f) => parquetElements(f.name, f.dataType, f.nullable))];
    case "array":
      return [{ ...base, converted_type: "LIST", num_children: 1 }, { name: "list", repetition_type: "REPEATED", num_children: 1 },
        ...parquetElements("element", type.elementType, type.containsNull)];
    case "map":
      return [{ ...base, converted_type: "MAP", num_children: 1 }, { name: "key_value", repetition_type: "REPEATED", num_children: 2 },
        ...parquetElements("key", type.keyType, false), ...parquetElements("value", type.valueType, type.valueContainsNull)];
    default:
      throw new AnalysisException("UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE",
        `The Parquet datasource doesn't support the column \`${name}\` of the type "${type.sql()}"; write it as JSON, or cast it to STRING.`);
  }
}

/** A value as hyparquet-writer takes it: decimals as unscaled integers, structs as objects, maps as Maps. */
function toParquetValue(v: unknown, type: DataType): unknown {
  if (v === null || v === undefined) return null;
  switch (type.kind) {
    case "decimal":
      return (v as Decimal).rescale(type.scale).unscaled;
    case "struct":
      return Object.fromEntries(type.fields.map((f, i) => [f.name, toParquetValue((v as unknown[])[i], f.dataType)]));
    case "array":
      return (v as unknown[]).map((x) => toParquetValue(x, type.elementType));
    case "map":
      return new Map([...(v as Map<unknown, unknown>)].map(([k, x]) => [toParquetValue(k, type.keyType), toParquetValue(x, type.valueType)]));
    default:
      return v;
  }
}
