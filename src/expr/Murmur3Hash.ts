import type { DataType } from "../types/DataType.js";
import type { Decimal } from "../types/Decimal.js";

/**
 * Spark's `hash()`: Murmur3 x86 32-bit over each value's binary form, seeded with 42 and chained through the
 * columns, so that hashes (and hash partitioning) agree with Spark's for the same values.
 */
export const HASH_SEED = 42;

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

function mixK1(k: number): number {
  return Math.imul(rotl(Math.imul(k, C1), 15), C2);
}

function mixH1(h: number, k: number): number {
  return (Math.imul(rotl(h ^ k, 13), 5) + 0xe6546b64) | 0;
}

function rotl(x: number, r: number): number {
  return (x << r) | (x >>> (32 - r));
}

function fmix(h: number, length: number): number {
  h ^= length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

function hashInt(value: number, seed: number): number {
  return fmix(mixH1(seed, mixK1(value)), 4);
}

function hashLong(value: bigint, seed: number): number {
  const low = Number(BigInt.asIntN(32, value));
  const high = Number(BigInt.asIntN(32, value >> 32n));
  return fmix(mixH1(mixH1(seed, mixK1(low)), mixK1(high)), 8);
}

/** Spark's `hashUnsafeBytes`: whole words, then each remaining byte mixed on its own (sign-extended). */
function hashBytes(bytes: Uint8Array, seed: number): number {
  const aligned = bytes.length - (bytes.length % 4);
  let h = seed;
  for (let i = 0; i < aligned; i += 4) {
    h = mixH1(h, mixK1(bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24)));
  }
  for (let i = aligned; i < bytes.length; i++) h = mixH1(h, mixK1((bytes[i]! << 24) >> 24));
  return fmix(h, bytes.length);
}

const encoder = new TextEncoder();

/** The hash of one value of `type` chained onto `seed`; a null leaves the seed unchanged. */
export function hashValue(value: unknown, type: DataType, seed: number): number {
  if (value === null || value === undefined) return seed;
  switch (type.kind) {
    case "boolean":
      return hashInt(value ? 1 : 0, seed);
    case "byte":
    case "short":
    case "integer":
    case "date":
      return hashInt(value as number, seed);
    case "long":
    case "timestamp":
      return hashLong(value as bigint, seed);
    case "float":
      return hashInt(floatBits(value as number), seed);
    case "double":
      return hashLong(doubleBits(value as number), seed);
    case "decimal": {
      const d = value as Decimal;
      return type.precision <= 18 ? hashLong(d.unscaled, seed) : hashBytes(bigEndianTwosComplement(d.unscaled), seed);
    }
    case "string":
      return hashBytes(encoder.encode(value as string), seed);
    case "binary":
      return hashBytes(value as Uint8Array, seed);
    case "array":
      return (value as unknown[]).reduce<number>((h, v) => hashValue(v, type.elementType, h), seed);
    case "map":
      return [...(value as Map<unknown, unknown>)].reduce<number>((h, [k, v]) => hashValue(v, type.valueType, hashValue(k, type.keyType, h)), seed);
    case "struct":
      return type.fields.reduce<number>((h, f, i) => hashValue((value as unknown[])[i], f.dataType, h), seed);
    case "interval":
    case "null":
      return seed;
  }
}

/** Java's floatToIntBits with -0.0 normalized to 0.0, as Spark normalizes before hashing. */
function floatBits(f: number): number {
  const view = new DataView(new ArrayBuffer(4));
  view.setFloat32(0, f === 0 ? 0 : f);
  return view.getInt32(0);
}

function doubleBits(d: number): bigint {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, d === 0 ? 0 : d);
  return view.getBigInt64(0);
}

/** Java's `BigInteger.toByteArray`: minimal big-endian two's complement. */
function bigEndianTwosComplement(n: bigint): Uint8Array {
  const bytes: number[] = [];
  let v = n;
  do {
    bytes.unshift(Number(BigInt.asUintN(8, v)));
    v >>= 8n;
  } while (!((v === 0n && (bytes[0]! & 0x80) === 0) || (v === -1n && (bytes[0]! & 0x80) !== 0)));
  return Uint8Array.from(bytes);
}
