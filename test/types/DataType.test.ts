import { test } from "node:test";
import assert from "node:assert/strict";
import * as T from "../../src/types/index.js";

test("atomic types render with Spark's typeName, simpleString and sql", () => {
  assert.equal(T.IntegerType.typeName, "integer");
  assert.equal(T.IntegerType.simpleString(), "int");
  assert.equal(T.LongType.sql(), "BIGINT");
  assert.equal(T.ByteType.simpleString(), "tinyint");
  assert.equal(T.NullType.simpleString(), "void");
  assert.equal(new T.DecimalType(10, 2).simpleString(), "decimal(10,2)");
  assert.equal(new T.MapType(T.StringType, T.IntegerType).simpleString(), "map<string,int>");
});

test("DecimalType rejects a precision or scale outside Spark's bounds", () => {
  assert.throws(() => new T.DecimalType(39, 0), /precision 39 is out of range/);
  assert.throws(() => new T.DecimalType(5, 6), /scale 6 is out of range/);
  assert.equal(T.DecimalType.bounded(50, 40).simpleString(), "decimal(38,38)");
});

test("StructType.add returns a new schema and leaves the receiver unchanged", () => {
  const empty = new T.StructType();
  const s = empty.add("a", T.IntegerType).add("b", T.StringType, false);
  assert.deepEqual(s.fieldNames(), ["a", "b"]);
  assert.equal(empty.length, 0);
  assert.equal(s.field("b").nullable, false);
  assert.equal(s.simpleString(), "struct<a:int,b:string>");
  assert.equal(s.sql(), "STRUCT<a: INT, b: STRING>");
  assert.equal(s.toDDL(), "a INT, b STRING NOT NULL");
});

test("fieldIndex names the missing field and the fields that exist", () => {
  const s = new T.StructType().add("a", T.IntegerType);
  assert.throws(() => s.fieldIndex("z"), /\[FIELD_NOT_FOUND\] Field `z` does not exist. Available fields: \[`a`\]/);
});

test("treeString prints the schema as printSchema does", () => {
  const s = new T.StructType()
    .add("a", T.IntegerType)
    .add("b", new T.StructType().add("x", T.DoubleType, false))
    .add("c", new T.ArrayType(T.LongType, false))
    .add("m", new T.MapType(T.StringType, new T.DecimalType(5, 1)));
  assert.equal(
    s.treeString(),
    [
      "root",
      " |-- a: integer (nullable = true)",
      " |-- b: struct (nullable = true)",
      " |    |-- x: double (nullable = false)",
      " |-- c: array (nullable = true)",
      " |    |-- element: long (containsNull = false)",
      " |-- m: map (nullable = true)",
      " |    |-- key: string",
      " |    |-- value: decimal(5,1) (valueContainsNull = true)",
      "",
    ].join("\n"),
  );
});

test("json matches Spark's schema JSON and reads back", () => {
  const s = new T.StructType().add("a", T.IntegerType).add("c", new T.ArrayType(new T.DecimalType(10, 2)));
  assert.equal(
    s.json(),
    '{"type":"struct","fields":[{"name":"a","type":"integer","nullable":true,"metadata":{}},{"name":"c","type":{"type":"array","elementType":"decimal(10,2)","containsNull":true},"nullable":true,"metadata":{}}]}',
  );
  assert.ok(T.dataTypeFromJson(JSON.parse(s.json())).equals(s));
  assert.throws(() => T.dataTypeFromJson("integr"), /Cannot read a Spark data type from JSON "integr"/);
});

test("field names that are not identifiers are quoted in sql", () => {
  assert.equal(new T.StructType().add("a b", T.IntegerType).sql(), "STRUCT<`a b`: INT>");
});

test("schemas and types read from DDL", () => {
  assert.equal(T.StructType.fromDDL("a INT, b ARRAY<STRING>").simpleString(), "struct<a:int,b:array<string>>");
  assert.equal(T.parseDataType("map<string, decimal(5, 2)>").simpleString(), "map<string,decimal(5,2)>");
  assert.throws(() => T.parseDataType("array<int"), /\[PARSE_SYNTAX_ERROR\] Syntax error at or near end of input/);
});
