import { SparkException } from "../util/SparkException.js";

/**
 * Spark's regular expressions are Java's. JavaScript's with the `u` flag agree on the common syntax; Java's
 * leading inline flags (`(?i)`, `(?s)`, `(?m)`) become JavaScript flags. Compiled patterns are cached because
 * a pattern is usually a literal evaluated once per row.
 */
const cache = new Map<string, RegExp>();

export function javaRegex(pattern: string, global = false): RegExp {
  const key = (global ? "g" : "-") + pattern;
  let re = cache.get(key);
  if (!re) {
    let flags = global ? "gu" : "u";
    let source = pattern;
    const inline = /^\(\?([ism]+)\)/.exec(source);
    if (inline) {
      flags += inline[1];
      source = source.slice(inline[0].length);
    }
    try {
      re = new RegExp(source, flags);
    } catch (cause) {
      throw new SparkException(`The value '${pattern}' of the regular expression is invalid: ${(cause as Error).message}.`, {
        cause, errorClass: "INVALID_PARAMETER_VALUE.PATTERN",
      });
    }
    if (cache.size > 1000) cache.clear();
    cache.set(key, re);
  }
  re.lastIndex = 0;
  return re;
}

/** Spark's LIKE pattern as a regular expression: `_` one character, `%` any run, `escape` before either makes it literal. */
export function likePatternToRegex(pattern: string, escape: string): RegExp {
  let source = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === escape) {
      const next = pattern[++i];
      if (next === undefined || (next !== "_" && next !== "%" && next !== escape)) {
        throw new SparkException(`The pattern '${pattern}' is invalid: the escape character '${escape}' must be followed by '_', '%' or itself.`, {
          errorClass: "INVALID_FORMAT.ESC_IN_THE_MIDDLE",
        });
      }
      source += escapeRegex(next);
    } else if (c === "_") source += ".";
    else if (c === "%") source += ".*";
    else source += escapeRegex(c);
  }
  return javaRegex(`(?s)^${source}$`);
}

function escapeRegex(c: string): string {
  return /[\\^$.*+?()[\]{}|/-]/.test(c) ? "\\" + c : c;
}
