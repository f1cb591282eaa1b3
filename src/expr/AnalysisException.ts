import { SparkException } from "../util/SparkException.js";

/**
 * Spark's AnalysisException: the query is wrong (an unknown column or function, a type mismatch), found while
 * analyzing it, before any task runs. The message leads with Spark's error class; legacy errors, which Spark
 * gives without a public class, pass "" and keep only their message.
 */
export class AnalysisException extends SparkException {
  constructor(errorClass: string, message: string, options: { cause?: unknown } = {}) {
    super(message, { ...options, errorClass });
  }
}

/** Backquotes a name as Spark's error messages do: `a`, `t`.`b`. */
export function toSQLId(nameParts: readonly string[] | string): string {
  const parts = typeof nameParts === "string" ? [nameParts] : nameParts;
  return parts.map((p) => "`" + p.replaceAll("`", "``") + "`").join(".");
}

/** The candidates closest to `name` by Levenshtein distance, best first (Spark's `StringUtils.orderSuggestedIdentifiersBySimilarity`). */
export function closestMatches(name: string, candidates: readonly string[], limit = 5): string[] {
  const target = name.toLowerCase();
  return [...new Set(candidates)]
    .map((c) => ({ c, d: levenshtein(target, c.toLowerCase()) }))
    .sort((a, b) => a.d - b.d)
    .slice(0, limit)
    .map((x) => x.c);
}

function levenshtein(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
