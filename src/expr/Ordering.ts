import type { CalendarInterval } from "../types/CalendarInterval.js";
import type { DataType } from "../types/DataType.js";
import type { Decimal } from "../types/Decimal.js";

/**
 * Spark's ordering of non-null values of one type: NaN is larger than any other double and equal to itself,
 * -0.0 equals 0.0, binaries compare as unsigned bytes, arrays and structs element by element. Strings compare
 * by UTF-16 code units, which agrees with Spark's UTF-8 byte order except between surrogate pairs and U+E000-U+FFFF.
 */
export function compareValues(a: unknown, b: unknown, type: DataType): number {
  switch (type.kind) {
    case "float":
    case "double": {
      const [x, y] = [a as number, b as number];
      if (Number.isNaN(x)) return Number.isNaN(y) ? 0 : 1;
      if (Number.isNaN(y)) return -1;
      return x < y ? -1 : x > y ? 1 : 0;
    }
    case "decimal":
      return (a as Decimal).compare(b as Decimal);
    case "boolean":
      return a === b ? 0 : a ? 1 : -1;
    case "binary":
      return compareBytes(a as Uint8Array, b as Uint8Array);
    case "array":
      return compareSequences(a as unknown[], b as unknown[], () => type.elementType);
    case "struct":
      return compareSequences(a as unknown[], b as unknown[], (i) => type.fields[i]!.dataType);
    case "interval": {
      const [x, y] = [a as CalendarInterval, b as CalendarInterval];
      return x.months - y.months || x.days - y.days || (x.microseconds < y.microseconds ? -1 : x.microseconds > y.microseconds ? 1 : 0);
    }
    case "map":
      throw new TypeError("Maps have no ordering in Spark SQL; the analyzer rejects comparing or sorting them");
    default:
      return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
  }
}

/** Compares with nulls as Spark's SortOrder places them: `nullsFirst` puts them before every value. */
export function compareNullable(a: unknown, b: unknown, type: DataType, nullsFirst: boolean): number {
  const [an, bn] = [a === null || a === undefined, b === null || b === undefined];
  if (an || bn) return an && bn ? 0 : an === nullsFirst ? -1 : 1;
  return compareValues(a, b, type);
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

function compareSequences(a: unknown[], b: unknown[], typeAt: (i: number) => DataType): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = compareNullable(a[i], b[i], typeAt(i), true);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}
