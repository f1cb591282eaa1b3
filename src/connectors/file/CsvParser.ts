import type { RawRecord } from "./FailureSafeParser.js";

export interface CsvSyntax {
  /** One or more characters. */
  readonly sep: string;
  readonly quote: string;
  readonly escape: string;
  /** `\u0000` when comments are off. */
  readonly comment: string;
  /** Quoted values may span lines (Spark's `multiLine`). */
  readonly multiLine: boolean;
}

/** One CSV record: its fields, which of them were quoted (so `""` can differ from an empty field), its text. */
export interface CsvRecord extends RawRecord {
  readonly fields: string[];
  readonly quoted: boolean[];
}

/**
 * Splits CSV text into records as Spark's univocity settings do: `sep` between fields, `quote` around fields
 * that hold separators, quotes or line breaks, `escape` (or a doubled quote) for a quote inside quotes. Without
 * `multiLine` every line is a record of its own; blank lines and comment lines are skipped.
 */
export function* csvRecords(text: string, syntax: CsvSyntax): IterableIterator<CsvRecord> {
  const { sep, quote, escape, comment, multiLine } = syntax;
  let pos = 0;
  let line = 1;
  const n = text.length;
  while (pos < n) {
    const start = pos;
    const startLine = line;
    const fields: string[] = [];
    const quoted: boolean[] = [];
    let field = "";
    let inQuotes = false;
    let wasQuoted = false;
    let atFieldStart = true;
    for (;;) {
      if (pos >= n) break;
      const c = text[pos]!;
      if (inQuotes) {
        if (c === escape && escape !== quote && text[pos + 1] === quote) {
          field += quote;
          pos += 2;
        } else if (c === quote && text[pos + 1] === quote) {
          field += quote;
          pos += 2;
        } else if (c === quote) {
          inQuotes = false;
          pos++;
        } else if ((c === "\n" || c === "\r") && !multiLine) {
          break;
        } else {
          if (c === "\n") line++;
          field += c;
          pos++;
        }
        continue;
      }
      if (c === "\n" || c === "\r") break;
      if (c === sep[0] && text.startsWith(sep, pos)) {
        fields.push(field);
        quoted.push(wasQuoted);
        field = "";
        wasQuoted = false;
        atFieldStart = true;
        pos += sep.length;
        continue;
      }
      if (c === quote && atFieldStart) {
        inQuotes = true;
        wasQuoted = true;
        atFieldStart = false;
        pos++;
        continue;
      }
      if (c === escape && escape !== quote && text[pos + 1] === quote) {
        field += quote;
        pos += 2;
        atFieldStart = false;
        continue;
      }
      field += c;
      atFieldStart = false;
      pos++;
    }
    const end = pos;
    if (text[pos] === "\r") pos++;
    if (text[pos] === "\n") pos++;
    line++;
    const raw = text.slice(start, end);
    if (raw === "" || (comment !== "\u0000" && raw.startsWith(comment))) continue;
    fields.push(field);
    quoted.push(wasQuoted);
    yield { fields, quoted, text: raw, line: startLine };
  }
}

/** One row as a CSV line: fields holding the separator, a quote, a line break or nothing at all are quoted. */
export function csvLine(fields: readonly (string | null)[], syntax: Pick<CsvSyntax, "sep" | "quote" | "escape">, nullValue: string): string {
  const { sep, quote, escape } = syntax;
  return fields.map((f) => {
    if (f === null) return nullValue;
    const needsQuotes = f === "" || f.includes(sep) || f.includes(quote) || f.includes("\n") || f.includes("\r") || f.startsWith(" ") || f.endsWith(" ");
    if (!needsQuotes) return f;
    return quote + f.replaceAll(quote, escape + quote) + quote;
  }).join(sep);
}
