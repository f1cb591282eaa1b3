import { AnalysisException } from "../expr/AnalysisException.js";

/**
 * Spark's ParseException: SQL text that does not parse. The message names the offending token, its line and
 * position, and shows the text with the token underlined, as Spark prints it.
 */
export class ParseException extends AnalysisException {
  constructor(
    errorClass: string,
    detail: string,
    readonly sqlText: string,
    /** 1-based line and 0-based column of the offending token, as Spark reports them. */
    readonly line: number,
    readonly startPosition: number,
  ) {
    super(errorClass, `${detail}(line ${line}, pos ${startPosition})\n\n== SQL ==\n${underline(sqlText, line, startPosition)}`);
  }
}

function underline(text: string, line: number, position: number): string {
  const lines = text.split("\n");
  const marker = "-".repeat(position) + "^^^";
  // As Spark: the lines up to the error, the marker, then the rest (the marker line always ends with a newline).
  return `${lines.slice(0, line).join("\n")}\n${marker}\n${lines.slice(line).join("\n")}`;
}
