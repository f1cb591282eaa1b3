import { readFileSync, writeFileSync } from "node:fs";
import { gunzipSync, gzipSync } from "node:zlib";
import { parquetMetadata, parquetSchema } from "hyparquet";
import type { FileMetaData, SchemaElement, SchemaTree } from "hyparquet";
import { readColumn } from "hyparquet/src/column.js";
import { DEFAULT_PARSERS } from "hyparquet/src/convert.js";
import { parquetWriteBuffer } from "hyparquet-writer";
import type { DataType } from "../../types/DataType.js";
import {
  BinaryType, BooleanType, ByteType, DateType, DoubleType, FloatType, IntegerType, LongType, ShortType, StringType, TimestampType,
} from "../../types/AtomicTypes.js";
import { DecimalType } from "../../types/DecimalType.js";
import { Decimal } from "../../types/Decimal.js";
import { StructField } from "../../types/StructField.js";
import { StructType } from "../../types/StructType.js";
import { dataTypeFromJson } from "../../types/DataTypeJson.js";
import { AnalysisException } from "../../expr/AnalysisException.js";
import { SparkException } from "../../util/SparkException.js";
import type { FileFormat } from "./FileFormat.js";
import type { FileOptions } from "./FileOptions.js";

/** The footer key under which Spark keeps a file's Spark SQL schema, so that reading it back is exact. */
const SPARK_SCHEMA_KEY = "org.apache.spark.sql.parquet.row.metadata";

/**
 * Parquet through hyparquet (reading) and hyparquet-writer (writing): flat columns of atomic types and
 * decimals. Column chunks are decoded synchronously with hyparquet's `readColumn`, since a task owns its
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

  *readFile({ path }, dataSchema) {
    const bytes = readFileSync(path);
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    const metadata = parquetMetadata(buffer);
    const tree = parquetSchema(metadata);
    const columnsByName = new Map(tree.children.map((c) => [c.element.name, c]));
    for (const rowGroup of metadata.row_groups) {
      const numRows = Number(rowGroup.num_rows);
      const columns = dataSchema.fields.map((field) => {
        const node = columnsByName.get(field.name);
        if (node === undefined) return new Array<unknown>(numRows).fill(null);
        const chunk = rowGroup.columns.find((c) => c.meta_data?.path_in_schema[0] === field.name)?.meta_data;
        if (chunk === undefined) throw new SparkException(`Parquet file file:${path} has no data for column ${field.name}`);
        const start = Number(chunk.dictionary_page_offset ?? chunk.data_page_offset);
        const view = new DataView(buffer, start, Number(chunk.total_compressed_size));
        const raw = { ...node.element, converted_type: undefined, logical_type: undefined };
        const decoded = readColumn({ view, offset: 0 }, { groupStart: 0, selectStart: 0, selectEnd: numRows, groupRows: numRows }, {
          pathInSchema: chunk.path_in_schema, type: chunk.type, element: keepStrings(node.element, raw), schemaPath: [tree, { ...node, element: keepStrings(node.element, raw) }],
          codec: chunk.codec, compressors: DECOMPRESSORS, parsers: { ...DEFAULT_PARSERS, timestampFromNanoseconds: (nanos: bigint) => nanos / 1000n },
        });
        const values: unknown[] = [];
        for (const page of decoded.data) for (const v of page) values.push(v);
        return values.map((v) => (v === null || v === undefined ? null : toSparkValue(v, node.element, field.dataType)));
      });
      for (let r = 0; r < numRows; r++) yield columns.map((c) => c[r]);
    }
  },

  checkWritable(schema) {
    for (const f of schema.fields) parquetElement(f.name, f.dataType);
  },

  writeFile(path, schema, rows, ctx) {
    const elements = schema.fields.map((f) => parquetElement(f.name, f.dataType));
    const columnData = schema.fields.map((f, c) => ({
      name: f.name,
      data: rows.map((row) => toParquetValue(row[c], f.dataType)),
    }));
    const buffer = parquetWriteBuffer({
      columnData,
      schema: [{ name: "spark_schema", num_children: elements.length }, ...elements],
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

/** Spark's ParquetToSparkSchemaConverter for flat columns. */
function sparkTypeOf(node: SchemaTree, path: string): DataType {
  const e = node.element;
  if (node.children.length > 0 || e.repetition_type === "REPEATED") {
    throw new AnalysisException("UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE", `Column \`${e.name}\` of file:${path} is a nested parquet type, which Kindling's parquet reader does not read yet; select the flat columns with a schema.`);
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

/** Strings are the one annotation hyparquet should still decode (bytes to text). */
function keepStrings(original: SchemaElement, raw: SchemaElement): SchemaElement {
  return original.converted_type === "UTF8" || original.logical_type?.type === "STRING" ? original : raw;
}

/** A raw parquet value as a value of the column's Spark type. */
function toSparkValue(v: unknown, e: SchemaElement, type: DataType): unknown {
  switch (type.kind) {
    case "decimal": {
      const unscaled = v instanceof Uint8Array ? bigEndianSigned(v) : BigInt(v as number | bigint);
      return new Decimal(unscaled, e.scale ?? 0).toPrecision(type.precision, type.scale);
    }
    case "timestamp":
      if (typeof v === "bigint") return e.converted_type === "TIMESTAMP_MILLIS" || (e.logical_type?.type === "TIMESTAMP" && e.logical_type.unit === "MILLIS") ? v * 1000n
        : e.logical_type?.type === "TIMESTAMP" && e.logical_type.unit === "NANOS" ? v / 1000n : v;
      return v instanceof Date ? BigInt(v.getTime()) * 1000n : v;
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

/** Spark's parquet schema for a column (timestamps as TIMESTAMP_MICROS, decimals by precision as Spark does). */
function parquetElement(name: string, type: DataType): SchemaElement {
  const base = { name, repetition_type: "OPTIONAL" as const };
  switch (type.kind) {
    case "boolean":
      return { ...base, type: "BOOLEAN" };
    case "byte":
      return { ...base, type: "INT32", converted_type: "INT_8" };
    case "short":
      return { ...base, type: "INT32", converted_type: "INT_16" };
    case "integer":
      return { ...base, type: "INT32" };
    case "date":
      return { ...base, type: "INT32", converted_type: "DATE" };
    case "long":
      return { ...base, type: "INT64" };
    case "timestamp":
      return { ...base, type: "INT64", converted_type: "TIMESTAMP_MICROS" };
    case "float":
      return { ...base, type: "FLOAT" };
    case "double":
      return { ...base, type: "DOUBLE" };
    case "string":
      return { ...base, type: "BYTE_ARRAY", converted_type: "UTF8" };
    case "binary":
      return { ...base, type: "BYTE_ARRAY" };
    case "decimal": {
      const d = { ...base, converted_type: "DECIMAL" as const, precision: type.precision, scale: type.scale };
      if (type.precision <= 9) return { ...d, type: "INT32" };
      if (type.precision <= 18) return { ...d, type: "INT64" };
      return { ...d, type: "FIXED_LEN_BYTE_ARRAY", type_length: Math.ceil((type.precision * Math.log2(10) + 1) / 8) };
    }
    default:
      throw new AnalysisException("UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE",
        `The Parquet datasource doesn't support the column \`${name}\` of the type "${type.sql()}" in Kindling yet; write it as JSON, or convert it with to_json.`);
  }
}

/** Decimals are written as their unscaled integers; every other type's value is what hyparquet-writer takes. */
function toParquetValue(v: unknown, type: DataType): unknown {
  if (v === null || v === undefined) return null;
  return type.kind === "decimal" ? (v as Decimal).rescale(type.scale).unscaled : v;
}
