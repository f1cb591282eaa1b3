import { StringType } from "../../types/AtomicTypes.js";
import { StructField } from "../../types/StructField.js";
import { StructType } from "../../types/StructType.js";
import { AnalysisException } from "../../expr/AnalysisException.js";
import type { FileFormat } from "./FileFormat.js";
import { readSplitText, textCodec, textExtension, writeTextFile } from "./TextFiles.js";

/** Spark's text source: one `value` string per line, or with `wholetext` one per file. */
export const TextFormat: FileFormat = {
  name: "text",
  extension: (options) => textExtension("txt", options),

  checkOptions(options) {
    options.checkEncoding();
    options.boolean("wholetext", false);
    textCodec(options);
  },

  checkReadSchema() {},

  inferSchema() {
    return new StructType([new StructField("value", StringType, true)]);
  },

  isSplitable(options) {
    return !options.boolean("wholetext", false);
  },

  *readFile(split, _dataSchema, ctx) {
    const text = readSplitText(split);
    if (ctx.options.boolean("wholetext", false)) {
      yield [text];
      return;
    }
    const lines = text.split("\n");
    if (lines[lines.length - 1] === "") lines.pop();
    for (const line of lines) yield [line.replace(/\r$/, "")];
  },

  checkWritable(schema) {
    if (schema.length !== 1) {
      throw new AnalysisException("_LEGACY_ERROR_TEMP_1323", `Text data source supports only a single column, and you have ${schema.length} columns.`);
    }
    if (schema.fields[0]!.dataType !== StringType) {
      throw new AnalysisException("UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE",
        `The Text datasource doesn't support the column \`${schema.fields[0]!.name}\` of the type "${schema.fields[0]!.dataType.sql()}". Cast it to STRING first.`);
    }
  },

  writeFile(path, _schema, rows, ctx) {
    // Spark's text writer writes a null value as an empty line.
    writeTextFile(path, rows.map((r) => `${(r[0] as string | null) ?? ""}\n`).join(""), ctx.options);
  },
};
