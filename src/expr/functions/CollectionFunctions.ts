import { ArrayType } from "../../types/ArrayType.js";
import { BooleanType, IntegerType, NullType, StringType } from "../../types/AtomicTypes.js";
import { parseSchema } from "../../types/DataTypeParser.js";
import { MapType } from "../../types/MapType.js";
import { StructField } from "../../types/StructField.js";
import { StructType } from "../../types/StructType.js";
import { findWiderCommonType } from "../../types/TypeCoercion.js";
import { AnalysisException } from "../AnalysisException.js";
import type { Expression } from "../Expression.js";
import { JsonSchemaMismatch, fromJsonValue, toJsonValue } from "../JsonConversion.js";
import { compareValues } from "../Ordering.js";
import type { ScalarFunctionDefinition } from "./FunctionDefinition.js";

/** Spark's functions that build or take apart arrays, structs and JSON. */

/** The field name struct() gives an argument: its column name when it has one, else `col1`, `col2`, … */
function structFieldName(arg: Expression, i: number): string {
  if (arg.kind === "AttributeReference" || arg.kind === "Alias") return arg.name;
  if (arg.kind === "GetStructField") return arg.name;
  return `col${i + 1}`;
}

/** The schema argument of from_json: a literal DDL or JSON schema string. */
function jsonSchema(args: readonly Expression[]): StructType {
  const schema = args[1];
  if (schema?.kind !== "Literal" || typeof schema.value !== "string") {
    throw new AnalysisException("INVALID_SCHEMA.NON_STRING_LITERAL", "The schema argument of from_json must be a string literal, such as 'a INT, b STRING'.");
  }
  return parseSchema(schema.value);
}

export const COLLECTION_FUNCTIONS: readonly ScalarFunctionDefinition[] = [
  {
    name: "array",
    arity: [0, Infinity],
    inputTypes: (types) => {
      const element = types.length === 0 ? NullType : findWiderCommonType(types);
      return element && types.map(() => element);
    },
    resultType: (types) => new ArrayType(types[0] ?? NullType, true),
    nullable: () => false,
    nullSafe: true,
    eval: (args) => [...args],
  },
  {
    name: "struct",
    arity: [1, Infinity],
    resultType: (types, args) => new StructType(types.map((t, i) => new StructField(structFieldName(args[i]!, i), t, true))),
    nullable: () => false,
    nullSafe: true,
    eval: (args) => [...args],
  },
  {
    // With spark.sql.legacy.sizeOfNull (true unless ANSI mode is on), the size of null is -1.
    name: "size",
    arity: [1, 1],
    inputTypes: () => [["ArrayType", "MapType"]],
    resultType: () => IntegerType,
    nullable: () => false,
    nullSafe: true,
    eval: ([v]) => (v === null ? -1 : v instanceof Map ? v.size : (v as unknown[]).length),
  },
  {
    name: "array_contains",
    arity: [2, 2],
    inputTypes: ([a, v]) => {
      const element = a!.kind === "array" ? findWiderCommonType([a!.elementType, v!]) : null;
      return element && [new ArrayType(element), element];
    },
    resultType: () => BooleanType,
    eval: ([array, v], [t]) => {
      const elementType = (t as ArrayType).elementType;
      let sawNull = false;
      for (const e of array as unknown[]) {
        if (e === null) sawNull = true;
        else if (compareValues(e, v, elementType) === 0) return true;
      }
      return sawNull ? null : false;
    },
  },
  {
    // One value per array element, or one (key, value) entry per map entry: Spark's ExplodeBase.elementSchema.
    name: "explode",
    arity: [1, 1],
    inputTypes: () => [["ArrayType", "MapType"]],
    resultType: ([t]) =>
      t instanceof MapType ? new StructType().add("key", t.keyType, false).add("value", t.valueType, t.valueContainsNull) : (t as ArrayType).elementType,
    nullable: () => true,
    generator: true,
    eval: ([v]) => v,
  },
  {
    name: "to_json",
    arity: [1, 1],
    inputTypes: () => [["StructType", "ArrayType", "MapType"]],
    resultType: () => StringType,
    eval: ([v], [t], ctx) => JSON.stringify(toJsonValue(v, t!, ctx.timeZone)),
  },
  {
    // Malformed JSON gives a struct of nulls rather than failing, as Spark's PERMISSIVE mode.
    name: "from_json",
    arity: [2, 2],
    inputTypes: () => [StringType, StringType],
    resultType: (_types, args) => jsonSchema(args),
    nullable: () => true,
    eval: ([text], _types, ctx, resultType) => {
      const nulls = (resultType as StructType).fields.map(() => null);
      try {
        return fromJsonValue(JSON.parse(text as string), resultType, ctx.timeZone) ?? nulls;
      } catch (e) {
        if (e instanceof SyntaxError || e instanceof JsonSchemaMismatch) return nulls;
        throw e;
      }
    },
  },
];
