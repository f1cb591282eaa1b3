import { test } from "node:test";
import assert from "node:assert/strict";
import { compareKeys, hashKey, mapKey } from "../../src/util/keys.js";

test("composite keys with NaN, infinities or bigints are not mistaken for null or for strings", () => {
  assert.notEqual(mapKey([NaN, 1]), mapKey([null, 1]));
  assert.notEqual(mapKey([Infinity, 1]), mapKey([null, 1]));
  assert.notEqual(mapKey([Infinity]), mapKey([-Infinity]));
  assert.notEqual(mapKey([1n]), mapKey(["1n"]));
  assert.notEqual(mapKey([1n]), mapKey([1]));
  assert.equal(mapKey([NaN, "a"]), mapKey([NaN, "a"]));
  assert.equal(mapKey({ b: 1, a: 2 }), mapKey({ a: 2, b: 1 }));
});

test("equal keys made separately hash alike; keys order arrays element by element, nulls first", () => {
  assert.equal(hashKey([1, "a"]), hashKey([1, "a"]));
  assert.equal(hashKey({ a: 1, b: [2] }), hashKey({ b: [2], a: 1 }));
  assert.ok(compareKeys([1, "b"], [1, "c"]) < 0);
  assert.ok(compareKeys(null, 0) < 0);
  assert.ok(compareKeys([1], [1, 0]) < 0);
});
