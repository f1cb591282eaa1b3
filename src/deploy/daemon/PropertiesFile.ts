import { readFileSync, statSync } from "node:fs";
import { IllegalArgumentException } from "../../util/SparkException.js";

const ESCAPES: Record<string, string> = { t: "\t", n: "\n", r: "\r", f: "\f" };

/** Undoes java.util.Properties escapes: \t \n \r \f, \uXXXX, and a backslash before any other character. */
function unescape(text: string, where: string): string {
  return text.replace(/\\(u([0-9a-fA-F]{0,4})|[\s\S])/g, (_, escaped: string, hex: string | undefined) => {
    if (hex !== undefined) {
      if (hex.length !== 4) throw new IllegalArgumentException(`${where}: malformed \\uxxxx escape '\\u${hex}'`);
      return String.fromCharCode(parseInt(hex, 16));
    }
    return ESCAPES[escaped] ?? escaped;
  });
}

/** Logical lines: comments and blanks dropped, a line ending in an odd number of backslashes joined to the next. */
function logicalLines(text: string): { readonly line: string; readonly number: number }[] {
  const out: { line: string; number: number }[] = [];
  let pending: { line: string; number: number } | undefined;
  text.split(/\r\n|\r|\n/).forEach((raw, i) => {
    const line = pending ? raw.replace(/^[ \t\f]+/, "") : raw;
    if (!pending && /^[ \t\f]*([#!]|$)/.test(line)) return;
    const continued = (/\\+$/.exec(line)?.[0].length ?? 0) % 2 === 1;
    const body = continued ? line.slice(0, -1) : line;
    pending = pending ? { line: pending.line + body, number: pending.number } : { line: body.replace(/^[ \t\f]+/, ""), number: i + 1 };
    if (!continued) {
      out.push(pending);
      pending = undefined;
    }
  });
  if (pending) out.push(pending);
  return out;
}

/**
 * Reads a properties file the way Spark reads spark-defaults.conf (java.util.Properties, values trimmed):
 * `key value`, `key=value` or `key: value`, `#` and `!` comments, backslash line continuations and escapes.
 * A later line for the same key wins.
 */
export function loadPropertiesFile(path: string): Map<string, string> {
  let text: string;
  try {
    if (!statSync(path).isFile()) throw new IllegalArgumentException(`Properties file ${path} is not a normal file`);
    text = readFileSync(path, "utf8");
  } catch (e) {
    if (e instanceof IllegalArgumentException) throw e;
    throw new IllegalArgumentException(`Properties file ${path} does not exist or cannot be read: ${(e as Error).message}`, { cause: e });
  }
  const properties = new Map<string, string>();
  for (const { line, number } of logicalLines(text)) {
    // The key ends at the first unescaped '=', ':' or whitespace; one separator, with whitespace around it.
    const m = /^((?:\\[\s\S]|[^=:\s\\])*)[ \t\f]*(?:[=:][ \t\f]*)?([\s\S]*)$/.exec(line)!;
    const where = `${path}:${number}`;
    properties.set(unescape(m[1]!, where), unescape(m[2]!, where).trim());
  }
  return properties;
}
