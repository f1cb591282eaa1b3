import { test } from "node:test";
import assert from "node:assert/strict";
import { parseJsonExact } from "../../src/connectors/file/JsonText.js";
import { Decimal } from "../../src/types/Decimal.js";

test("numbers beyond a double's precision keep their digits; everything else is as JSON.parse gives it", () => {
  const text = '{"a": [1, -9223372036854775808, 1.5e3], "b": {"c": "x\\"\\u00e9"}, "d": 3.14159265358979323846, "e": true, "f": null, "n": 1234567890123456}';
  const v = parseJsonExact(text) as Record<string, unknown>;
  assert.deepEqual(v["a"], [1, -9223372036854775808n, 1500]);
  assert.deepEqual(v["b"], { c: "x\"é" });
  assert.ok(v["d"] instanceof Decimal);
  assert.equal(String(v["d"]), "3.14159265358979323846");
  assert.equal(v["e"], true);
  assert.equal(v["f"], null);
  assert.equal(v["n"], 1234567890123456);
});

test("malformed text with long digit runs is a SyntaxError naming the position", () => {
  assert.throws(() => parseJsonExact('{"a": 12345678901234567 "b": 1}'), /Expected ',' or '}' at position 24/);
  assert.throws(() => parseJsonExact("[12345678901234567] x"), /Expected the end of the text/);
  assert.throws(() => parseJsonExact('{"a": 12345678901234567'), SyntaxError);
});
