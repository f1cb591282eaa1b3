import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { BATCH_ROWS, rangeBatches } from "../../src/exec/runtime/RowBatches.js";

/** The ids of a range slice, however they are written (32-bit ints, numbers, BigInts), are its exact longs. */
describe("range batches", () => {
  const ids = (slice: [bigint, bigint, bigint]) => [...rangeBatches(slice)].flatMap((b) => [...(b.columns[0]!.values as BigInt64Array)]);
  const expected = (start: bigint, count: number, step: bigint) => Array.from({ length: count }, (_, i) => start + BigInt(i) * step);
  const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

  it("cuts a slice into full batches and a last partial one", () => {
    const batches = [...rangeBatches([0n, BigInt(2 * BATCH_ROWS + 5), 1n])];
    assert.deepEqual(batches.map((b) => b.numRows), [BATCH_ROWS, BATCH_ROWS, 5]);
    assert.ok(batches.every((b) => b.columns[0]!.kind === "int64" && b.columns[0]!.nulls === null));
    assert.deepEqual(ids([0n, BigInt(2 * BATCH_ROWS + 5), 1n]), expected(0n, 2 * BATCH_ROWS + 5, 1n));
  });

  it("writes negative ids and ids across 2^31, 2^32 and 2^53 exactly", () => {
    assert.deepEqual(ids([-10n, 10n, 3n]), expected(-10n, 7, 3n));
    assert.deepEqual(ids([2n ** 31n - 3n, 2n ** 31n + 3n, 1n]), expected(2n ** 31n - 3n, 6, 1n));
    assert.deepEqual(ids([-(2n ** 32n) - 2n, -(2n ** 32n) + 2n, 1n]), expected(-(2n ** 32n) - 2n, 4, 1n));
    assert.deepEqual(ids([SAFE - 2n, SAFE + 3n, 1n]), expected(SAFE - 2n, 5, 1n));
    assert.deepEqual(ids([-(2n ** 63n), -(2n ** 63n) + 4n * 2n ** 60n, 2n ** 60n]), expected(-(2n ** 63n), 4, 2n ** 60n));
  });

  it("for a reader done with each batch before the next, writes every batch into one array", () => {
    const slice: [bigint, bigint, bigint] = [7n, BigInt(3 * BATCH_ROWS + 7), 1n];
    const buffers = new Set<ArrayBufferLike>();
    const read: bigint[] = [];
    for (const b of rangeBatches(slice, true)) {
      const values = b.columns[0]!.values as BigInt64Array;
      buffers.add(values.buffer);
      read.push(...values);
    }
    assert.equal(buffers.size, 1);
    assert.deepEqual(read, ids(slice));
    assert.equal(new Set([...rangeBatches(slice)].map((b) => (b.columns[0]!.values as BigInt64Array).buffer)).size, 3, "each batch its own array by default");
  });

  it("counts down with a negative step, and yields nothing for an empty slice", () => {
    assert.deepEqual(ids([10n, -10n, -3n]), expected(10n, 7, -3n));
    assert.deepEqual(ids([5n, 5n, 1n]), []);
    assert.deepEqual(ids([5n, 0n, 1n]), []);
    assert.deepEqual(ids([0n, 5n, -1n]), []);
  });
});
