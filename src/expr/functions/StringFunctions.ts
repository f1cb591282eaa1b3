import { ArrayType } from "../../types/ArrayType.js";
import { BooleanType, IntegerType, StringType } from "../../types/AtomicTypes.js";
import { SparkException } from "../../util/SparkException.js";
import { javaRegex } from "../JavaRegex.js";
import { type ScalarFunctionDefinition, expects } from "./FunctionDefinition.js";

/** Spark's string functions. Lengths and positions count characters (code points), 1-based as in SQL. */

const string = () => StringType;
const hasSurrogates = /[\uD800-\uDFFF]/;

function codePoints(s: string): string[] {
  return Array.from(s);
}

/** Spark's `substringSQL`: a position of 0 is 1, a negative position counts from the end. */
function substringSQL(s: string, pos: number, length: number): string {
  const chars = hasSurrogates.test(s) ? codePoints(s) : null;
  const len = chars ? chars.length : s.length;
  const start = pos > 0 ? pos - 1 : pos < 0 ? len + pos : 0;
  const end = Math.min(len, start + length);
  const from = Math.max(start, 0);
  if (from >= end) return "";
  return chars ? chars.slice(from, end).join("") : s.slice(from, end);
}

/** Spark trims only the space character, not other whitespace. */
function trimSpaces(s: string, left: boolean, right: boolean): string {
  let [start, end] = [0, s.length];
  if (left) while (start < end && s[start] === " ") start++;
  if (right) while (end > start && s[end - 1] === " ") end--;
  return s.slice(start, end);
}

/** Java's `String.split(regex, limit)`: no captured groups in the output, and at most `limit` parts when positive. */
function javaSplit(s: string, pattern: string, limit: number): string[] {
  const re = javaRegex(pattern, true);
  const parts: string[] = [];
  let last = 0;
  for (let m = re.exec(s); m !== null; m = re.exec(s)) {
    if (limit > 0 && parts.length === limit - 1) break;
    if (m[0].length === 0) {
      if (m.index >= s.length) break;
      if (m.index === 0) {
        re.lastIndex++;
        continue;
      }
    }
    parts.push(s.slice(last, m.index));
    last = m.index + m[0].length;
    if (m[0].length === 0) re.lastIndex++;
  }
  parts.push(s.slice(last));
  if (limit === 0) while (parts.length > 1 && parts[parts.length - 1] === "") parts.pop();
  return parts;
}

export const STRING_FUNCTIONS: readonly ScalarFunctionDefinition[] = [
  {
    name: "concat",
    arity: [0, Infinity],
    inputTypes: expects(StringType),
    resultType: string,
    eval: (args) => args.join(""),
  },
  {
    name: "concat_ws",
    arity: [1, Infinity],
    inputTypes: (types) => types.map((t, i) => (i > 0 && t.kind === "array" ? new ArrayType(StringType) : StringType)),
    resultType: string,
    nullable: ([separator]) => separator!,
    nullSafe: true,
    eval: ([separator, ...rest]) => (separator === null ? null : rest.flatMap((v) => (Array.isArray(v) ? v : [v])).filter((v) => v !== null).join(separator as string)),
  },
  { name: "lower", arity: [1, 1], inputTypes: expects(StringType), resultType: string, eval: ([s]) => (s as string).toLowerCase() },
  { name: "upper", arity: [1, 1], inputTypes: expects(StringType), resultType: string, eval: ([s]) => (s as string).toUpperCase() },
  { name: "trim", arity: [1, 1], inputTypes: expects(StringType), resultType: string, eval: ([s]) => trimSpaces(s as string, true, true) },
  { name: "ltrim", arity: [1, 1], inputTypes: expects(StringType), resultType: string, eval: ([s]) => trimSpaces(s as string, true, false) },
  { name: "rtrim", arity: [1, 1], inputTypes: expects(StringType), resultType: string, eval: ([s]) => trimSpaces(s as string, false, true) },
  {
    name: "length",
    arity: [1, 1],
    inputTypes: expects([StringType, "AnyDataType"]),
    resultType: () => IntegerType,
    eval: ([s], [t]) => (t!.kind === "binary" ? (s as Uint8Array).length : hasSurrogates.test(s as string) ? codePoints(s as string).length : (s as string).length),
  },
  {
    name: "substring",
    arity: [2, 3],
    inputTypes: expects(StringType, IntegerType, IntegerType),
    resultType: string,
    eval: ([s, pos, len]) => substringSQL(s as string, pos as number, (len as number | undefined) ?? 0x7fffffff),
  },
  {
    name: "split",
    arity: [2, 3],
    inputTypes: expects(StringType, StringType, IntegerType),
    resultType: () => new ArrayType(StringType, false),
    eval: ([s, pattern, limit]) => javaSplit(s as string, pattern as string, (limit as number | undefined) ?? -1),
  },
  {
    name: "regexp_extract",
    arity: [2, 3],
    inputTypes: expects(StringType, StringType, IntegerType),
    resultType: string,
    eval: ([s, pattern, index]) => {
      const group = (index as number | undefined) ?? 1;
      const re = javaRegex(pattern as string);
      const groups = new RegExp(`${re.source}|`, re.flags).exec("")!.length - 1;
      if (group < 0 || group > groups) {
        throw new SparkException(`The value '${group}' of the group index of regexp_extract is invalid: the regex '${pattern}' has ${groups} groups.`, {
          errorClass: "INVALID_PARAMETER_VALUE.REGEX_GROUP_INDEX",
        });
      }
      return re.exec(s as string)?.[group] ?? "";
    },
  },
  {
    name: "regexp_replace",
    arity: [3, 3],
    inputTypes: expects(StringType),
    resultType: string,
    eval: ([s, pattern, replacement]) => (s as string).replace(javaRegex(pattern as string, true), (replacement as string).replace(/\\\$/g, "$$$$")),
  },
  { name: "startswith", arity: [2, 2], inputTypes: expects(StringType), resultType: () => BooleanType, eval: ([s, p]) => (s as string).startsWith(p as string) },
  { name: "endswith", arity: [2, 2], inputTypes: expects(StringType), resultType: () => BooleanType, eval: ([s, p]) => (s as string).endsWith(p as string) },
  { name: "contains", arity: [2, 2], inputTypes: expects(StringType), resultType: () => BooleanType, eval: ([s, p]) => (s as string).includes(p as string) },
];

