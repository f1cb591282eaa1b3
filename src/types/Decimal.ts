/**
 * A value of DecimalType: an exact `unscaled × 10^-scale`. Immutable. Arithmetic is exact; fitting a result into
 * a DecimalType's precision (`toPrecision`) rounds half up and yields null on overflow, as Spark does with
 * ANSI mode off.
 */
export class Decimal {
  constructor(
    readonly unscaled: bigint,
    readonly scale: number,
  ) {
    Object.freeze(this);
  }

  /** Parses `-12.340`, `1e3`, `.5`; null when the text is not a number (Spark's cast yields null then). */
  static fromString(text: string): Decimal | null {
    const m = /^\s*([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?\s*$/.exec(text);
    if (!m || (m[2] === "" && (m[3] ?? "") === "")) return null;
    const fraction = m[3] ?? "";
    let unscaled = BigInt((m[2] || "0") + fraction);
    let scale = fraction.length - Number(m[4] ?? 0);
    if (scale < 0) {
      unscaled *= 10n ** BigInt(-scale);
      scale = 0;
    }
    return new Decimal(m[1] === "-" ? -unscaled : unscaled, scale);
  }

  /** The exact decimal of a finite double's shortest representation (Java's `BigDecimal.valueOf`). */
  static fromNumber(n: number): Decimal | null {
    return Number.isFinite(n) ? Decimal.fromString(String(n)) : null;
  }

  static fromBigInt(n: bigint): Decimal {
    return new Decimal(n, 0);
  }

  toNumber(): number {
    return Number(this.toString());
  }

  /** Truncates toward zero, as Spark's decimal-to-integral cast. */
  toBigInt(): bigint {
    return this.unscaled / 10n ** BigInt(this.scale);
  }

  /** Plain notation with exactly `scale` fraction digits, as Spark prints decimals (`1.50`, never `1.5E+0`). */
  toString(): string {
    const negative = this.unscaled < 0n;
    const digits = (negative ? -this.unscaled : this.unscaled).toString().padStart(this.scale + 1, "0");
    const text = this.scale === 0 ? digits : `${digits.slice(0, -this.scale)}.${digits.slice(-this.scale)}`;
    return negative ? `-${text}` : text;
  }

  toJSON(): string {
    return this.toString();
  }

  /** This value with `scale` fraction digits, rounding half up (away from zero) when digits are dropped. */
  rescale(scale: number): Decimal {
    if (scale >= this.scale) return new Decimal(this.unscaled * 10n ** BigInt(scale - this.scale), scale);
    return new Decimal(divideHalfUp(this.unscaled, 10n ** BigInt(this.scale - scale)), scale);
  }

  /** Spark's `changePrecision`: the value rescaled to fit DECIMAL(precision, scale), or null if it does not fit. */
  toPrecision(precision: number, scale: number): Decimal | null {
    const r = this.rescale(scale);
    const abs = r.unscaled < 0n ? -r.unscaled : r.unscaled;
    return abs < 10n ** BigInt(precision) ? r : null;
  }

  /** Number of significant digits of the unscaled value (at least 1), Java's `BigDecimal.precision`. */
  get precision(): number {
    return (this.unscaled < 0n ? -this.unscaled : this.unscaled).toString().length;
  }

  add(other: Decimal): Decimal {
    const s = Math.max(this.scale, other.scale);
    return new Decimal(this.rescale(s).unscaled + other.rescale(s).unscaled, s);
  }

  subtract(other: Decimal): Decimal {
    return this.add(other.negate());
  }

  multiply(other: Decimal): Decimal {
    return new Decimal(this.unscaled * other.unscaled, this.scale + other.scale);
  }

  /** The quotient rounded half up to `scale` digits; the caller has excluded a zero divisor. */
  divide(other: Decimal, scale: number): Decimal {
    const shift = scale - this.scale + other.scale;
    const n = shift >= 0 ? this.unscaled * 10n ** BigInt(shift) : this.unscaled;
    const d = shift >= 0 ? other.unscaled : other.unscaled * 10n ** BigInt(-shift);
    return new Decimal(divideHalfUp(n, d), scale);
  }

  /** The remainder with the sign of the dividend, as Java's `BigDecimal.remainder`. */
  remainder(other: Decimal): Decimal {
    const s = Math.max(this.scale, other.scale);
    return new Decimal(this.rescale(s).unscaled % other.rescale(s).unscaled, s);
  }

  negate(): Decimal {
    return new Decimal(-this.unscaled, this.scale);
  }

  isZero(): boolean {
    return this.unscaled === 0n;
  }

  compare(other: Decimal): number {
    const s = Math.max(this.scale, other.scale);
    const a = this.rescale(s).unscaled;
    const b = other.rescale(s).unscaled;
    return a < b ? -1 : a > b ? 1 : 0;
  }

  equals(other: Decimal): boolean {
    return this.compare(other) === 0;
  }
}

function divideHalfUp(n: bigint, d: bigint): bigint {
  const q = n / d;
  const r = n % d;
  const twice = (r < 0n ? -r : r) * 2n;
  if (twice < (d < 0n ? -d : d)) return q;
  return (n < 0n) !== (d < 0n) ? q - 1n : q + 1n;
}
