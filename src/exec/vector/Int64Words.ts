/**
 * An int64 vector's values read and written as two 32-bit words, so that hot loops handle longs within
 * ±(2^53 - 1) as plain numbers: reading a BigInt64Array element makes a BigInt, and every operation on
 * BigInts allocates. In the words of a vector, `2i + LO` is row i's low word and `2i + HI` its high word, in
 * the platform's byte order, which typed arrays use. The row's long is `hi * 2^32 + (lo >>> 0)`; it is the
 * low word itself when that word, as a signed int, holds it (the high word is then the low word's sign).
 */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
export const LO = LITTLE_ENDIAN ? 0 : 1;
export const HI = LITTLE_ENDIAN ? 1 : 0;

/** 2^32: a long is `hi * TWO_32 + (lo >>> 0)`. */
export const TWO_32 = 4294967296;

/** The words of `values`, sharing its memory. */
export function int64Words(values: BigInt64Array): Int32Array {
  return new Int32Array(values.buffer, values.byteOffset, values.length * 2);
}
