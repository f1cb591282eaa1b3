import { StringType } from "../../types/AtomicTypes.js";
import { StructType } from "../../types/StructType.js";
import { SparkException } from "../../util/SparkException.js";
import { AnalysisException } from "../../expr/AnalysisException.js";
import type { FileOptions, ParseMode } from "./FileOptions.js";

/**
 * A record a parser could not read (Spark's BadRecordException): the values it did read (null where it could
 * not), the record's text, and why.
 */
export class BadRecord extends Error {
  constructor(readonly partial: unknown[] | null, readonly record: string, reason: string) {
    super(reason);
  }
}

/** One record of a file, with the line it starts on, for errors that name the file and line. */
export interface RawRecord {
  readonly text: string;
  readonly line: number;
}

/**
 * Spark's FailureSafeParser: applies the parse mode to records a parser rejects. PERMISSIVE keeps the row
 * (nulls where values did not parse) and puts the record's text into the corrupt-record column when the
 * schema has one; DROPMALFORMED drops it; FAILFAST fails the task naming the file and line.
 */
export class FailureSafeParser {
  readonly mode: ParseMode;
  /** The schema the format parses: the data schema without the corrupt-record column. */
  readonly parsedSchema: StructType;
  private readonly corruptIndex: number;

  constructor(readonly dataSchema: StructType, options: FileOptions, private readonly where: string) {
    this.mode = options.parseMode();
    this.corruptIndex = corruptRecordIndex(dataSchema, options);
    this.parsedSchema = this.corruptIndex < 0 ? dataSchema : new StructType(dataSchema.fields.filter((_, i) => i !== this.corruptIndex));
  }

  *parse<R extends RawRecord>(records: Iterable<R>, parse: (record: R) => unknown[]): Iterable<unknown[]> {
    for (const record of records) {
      try {
        const values = parse(record);
        yield this.withCorrupt(values, null);
      } catch (e) {
        if (!(e instanceof BadRecord)) throw e;
        if (this.mode === "DROPMALFORMED") continue;
        const partial = e.partial ?? this.parsedSchema.fields.map(() => null);
        if (this.mode === "FAILFAST") {
          throw new SparkException(
            `Malformed records are detected in record parsing: [${partial.map((v) => String(v)).join(",")}]. Parse Mode: FAILFAST. ` +
            `To process malformed records as null result, try setting the option 'mode' as 'PERMISSIVE'. ` +
            `(${this.where}, line ${record.line}: ${e.message})`,
            { errorClass: "MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION" },
          );
        }
        yield this.withCorrupt(partial, e.record);
      }
    }
  }

  private withCorrupt(values: unknown[], corrupt: string | null): unknown[] {
    if (this.corruptIndex < 0) return values;
    const row = values.slice();
    row.splice(this.corruptIndex, 0, corrupt);
    return row;
  }
}

/** The corrupt-record column's index in `schema`, or -1; it must be a nullable string, as Spark requires. */
export function corruptRecordIndex(schema: StructType, options: FileOptions): number {
  const name = options.columnNameOfCorruptRecord();
  const i = schema.fields.findIndex((f) => f.name === name);
  if (i >= 0 && (schema.fields[i]!.dataType !== StringType || !schema.fields[i]!.nullable)) {
    throw new AnalysisException("INVALID_CORRUPT_RECORD_TYPE",
      `The column \`${name}\` for corrupt records must have the nullable STRING type, but got ${schema.fields[i]!.dataType.sql()}${schema.fields[i]!.nullable ? "" : " NOT NULL"}.`);
  }
  return i;
}
