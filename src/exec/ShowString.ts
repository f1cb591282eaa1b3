import { formatValue } from "../expr/ValueFormat.js";
import type { DataType } from "../types/DataType.js";
import type { StructType } from "../types/StructType.js";

/**
 * The table `show()` prints, as Spark's `Dataset.showString`: `rows` holds up to `numRows + 1` rows (one more
 * tells whether to print the "only showing top" footer). With `truncate > 0` cells longer than it are cut
 * and every cell is right-aligned; with 0 they are whole and left-aligned. `vertical` prints one block of
 * `name | value` lines per row.
 */
export function showString(schema: StructType, rows: readonly (readonly unknown[])[], numRows: number, truncate: number, zone: string, vertical = false): string {
  const header = schema.fieldNames().map(escapeMetaCharacters);
  const cells = rows.slice(0, numRows).map((row) =>
    schema.fields.map((f, i) => {
      const text = escapeMetaCharacters(prettyString(row[i], f.dataType, zone));
      if (truncate <= 0 || text.length <= truncate) return text;
      return truncate < 4 ? text.slice(0, truncate) : text.slice(0, truncate - 3) + "...";
    }),
  );
  let out = vertical ? verticalTable(header, cells) : table(header, cells, truncate > 0);
  if (vertical && cells.length === 0) out += "(0 rows)\n";
  else if (rows.length > numRows) out += `only showing top ${numRows} ${numRows === 1 ? "row" : "rows"}\n`;
  return out;
}

const MINIMUM_COLUMN_WIDTH = 3;

function table(header: readonly string[], cells: readonly string[][], alignRight: boolean): string {
  const all = [header, ...cells];
  const widths = header.map((_, i) => Math.max(MINIMUM_COLUMN_WIDTH, ...all.map((r) => halfWidth(r[i]!))));
  const pad = (cell: string, i: number) => {
    const fill = " ".repeat(widths[i]! - halfWidth(cell));
    return alignRight ? fill + cell : cell + fill;
  };
  const line = (r: readonly string[]) => `|${r.map(pad).join("|")}|\n`;
  const separator = `+${widths.map((w) => "-".repeat(w)).join("+")}+\n`;
  return separator + line(header) + separator + cells.map(line).join("") + separator;
}

function verticalTable(header: readonly string[], cells: readonly string[][]): string {
  const nameWidth = Math.max(MINIMUM_COLUMN_WIDTH, ...header.map(halfWidth));
  const dataWidth = Math.max(MINIMUM_COLUMN_WIDTH, ...cells.flat().map(halfWidth));
  const padRight = (text: string, width: number) => text + " ".repeat(Math.max(0, width - halfWidth(text)));
  return cells
    .map((row, i) => {
      const title = `-RECORD ${i}`.padEnd(nameWidth + dataWidth + 5, "-");
      return `${title}\n${row.map((cell, j) => ` ${padRight(header[j]!, nameWidth)} | ${padRight(cell, dataWidth)} \n`).join("")}`;
    })
    .join("");
}

/** A value as Spark's ToPrettyString renders it for `show`: NULL for null (nested too), binary as hex bytes. */
function prettyString(value: unknown, type: DataType, zone: string): string {
  if (value === null || value === undefined) return "NULL";
  switch (type.kind) {
    case "binary":
      return `[${[...(value as Uint8Array)].map((b) => b.toString(16).toUpperCase().padStart(2, "0")).join(" ")}]`;
    case "array":
      return `[${(value as unknown[]).map((v) => prettyString(v, type.elementType, zone)).join(", ")}]`;
    case "map":
      return `{${[...(value as Map<unknown, unknown>)].map(([k, v]) => `${prettyString(k, type.keyType, zone)} -> ${prettyString(v, type.valueType, zone)}`).join(", ")}}`;
    case "struct":
      return `{${type.fields.map((f, i) => prettyString((value as unknown[])[i], f.dataType, zone)).join(", ")}}`;
    default:
      return formatValue(value, type, zone);
  }
}

/** Spark's SchemaUtils.escapeMetaCharacters: control characters would break the table's lines. */
function escapeMetaCharacters(text: string): string {
  return text.replace(/[\n\r\t\f\b\u000B\u0007]/g, (ch) => META_ESCAPES[ch]!);
}
const META_ESCAPES: Readonly<Record<string, string>> = { "\n": "\\n", "\r": "\\r", "\t": "\\t", "\f": "\\f", "\b": "\\b", "\u000B": "\\v", "\u0007": "\\a" };

/** Spark's Utils.stringHalfWidth: East Asian full-width characters take two columns of a terminal. */
function halfWidth(text: string): number {
  const wide = text.match(FULL_WIDTH);
  return text.length + (wide ? wide.length : 0);
}
const FULL_WIDTH = /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]/g;
