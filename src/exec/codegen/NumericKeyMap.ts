import { TWO_32 } from "../vector/Int64Words.js";

const EMPTY = 0;
/** Keys in [0, DIRECT) find their group by index, without hashing: small keys are the common case. */
const DIRECT = 1 << 14;

/**
 * The groups of a one-column integral key (ints, dates, longs within ±2^53 as numbers), from key to group
 * number 0, 1, 2… in order of first appearance, with null as a group of its own: small keys by index into a
 * typed array, the others through an open-addressing hash table in typed arrays. No object per group and
 * none per lookup, unlike a Map of group objects.
 */
export class NumericKeyMap {
  /** Per key in [0, DIRECT): its group + 1, or EMPTY. */
  private readonly direct = new Int32Array(DIRECT);
  /** Per slot: its group + 1, or EMPTY. Linear probing, at most half full. */
  private slots = new Int32Array(1024);
  private slotKeys = new Float64Array(1024);
  private mask = 1023;
  /** Per group: its key (meaningless for the null group). */
  private groupKeys = new Float64Array(256);
  private nullGroup = -1;
  private groups = 0;
  /** Groups in the hash table (not the direct one, nor null's). */
  private hashed = 0;

  get size(): number {
    return this.groups;
  }

  get bytes(): number {
    return this.direct.byteLength + this.slots.byteLength + this.slotKeys.byteLength + this.groupKeys.byteLength;
  }

  /** The key of group g, null for the null group. */
  keyOf(g: number): number | null {
    return g === this.nullGroup ? null : this.groupKeys[g]!;
  }

  /** The group of `key`, made if it is new. Small enough for V8 to inline into the generated loop. */
  groupOf(key: number): number {
    if (key >= 0 && key < DIRECT) {
      const found = this.direct[key]!;
      return found !== EMPTY ? found - 1 : this.insertDirect(key);
    }
    let slot = hash(key) & this.mask;
    for (;;) {
      const found = this.slots[slot]!;
      if (found === EMPTY) return this.insert(slot, key);
      if (this.slotKeys[slot] === key) return found - 1;
      slot = (slot + 1) & this.mask;
    }
  }

  /** The null key's group, made if it is new. */
  nullGroupOf(): number {
    if (this.nullGroup < 0) this.nullGroup = this.newGroup(0);
    return this.nullGroup;
  }

  private insertDirect(key: number): number {
    // -0 (a long's `0 * -1`) is 0's group and shows as 0.
    const g = this.newGroup(key + 0);
    this.direct[key] = g + 1;
    return g;
  }

  private insert(slot: number, key: number): number {
    // -0 (a long's `0 * -1`) is 0's group and shows as 0.
    const g = this.newGroup(key + 0);
    this.slots[slot] = g + 1;
    this.slotKeys[slot] = key + 0;
    if (2 * ++this.hashed > this.mask) this.rehash();
    return g;
  }

  private newGroup(key: number): number {
    const g = this.groups++;
    if (g === this.groupKeys.length) this.groupKeys = grown(this.groupKeys, 2 * g);
    this.groupKeys[g] = key;
    return g;
  }

  private rehash(): void {
    const [slots, keys] = [this.slots, this.slotKeys];
    this.slots = new Int32Array(slots.length * 2);
    this.slotKeys = new Float64Array(slots.length * 2);
    this.mask = this.slots.length - 1;
    for (let s = 0; s < slots.length; s++) {
      if (slots[s] === EMPTY) continue;
      let slot = hash(keys[s]!) & this.mask;
      while (this.slots[slot] !== EMPTY) slot = (slot + 1) & this.mask;
      this.slots[slot] = slots[s]!;
      this.slotKeys[slot] = keys[s]!;
    }
  }
}

/** A hash of an integer held as a number: both 32-bit halves mixed (Murmur3's finalizer constants). */
function hash(key: number): number {
  let h = (key | 0) ^ Math.imul((key / TWO_32) | 0, 0x9e3779b1);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** `a` copied into a typed array of `length` elements. */
export function grown<A extends Float64Array | Int32Array | Uint8Array>(a: A, length: number): A {
  const b = new (a.constructor as new (n: number) => A)(length);
  b.set(a);
  return b;
}
