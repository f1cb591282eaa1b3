/**
 * A value of CalendarIntervalType, as Spark's `CalendarInterval`: months and days are kept apart from the time
 * part because their length depends on the date they are added to.
 */
export class CalendarInterval {
  constructor(
    readonly months: number,
    readonly days: number,
    readonly microseconds: bigint,
  ) {
    Object.freeze(this);
  }

  /** Spark's rendering, e.g. `1 years 2 months 3 days 4 hours 5.5 seconds`. */
  toString(): string {
    const parts: string[] = [];
    const years = Math.trunc(this.months / 12);
    const months = this.months % 12;
    if (years !== 0) parts.push(`${years} years`);
    if (months !== 0) parts.push(`${months} months`);
    if (this.days !== 0) parts.push(`${this.days} days`);
    let rest = this.microseconds;
    const hours = rest / 3_600_000_000n;
    rest %= 3_600_000_000n;
    const minutes = rest / 60_000_000n;
    rest %= 60_000_000n;
    if (hours !== 0n) parts.push(`${hours} hours`);
    if (minutes !== 0n) parts.push(`${minutes} minutes`);
    if (rest !== 0n) {
      const negative = rest < 0n;
      const abs = negative ? -rest : rest;
      const fraction = (abs % 1_000_000n).toString().padStart(6, "0").replace(/0+$/, "");
      parts.push(`${negative ? "-" : ""}${abs / 1_000_000n}${fraction ? "." + fraction : ""} seconds`);
    }
    return parts.length === 0 ? "0 seconds" : parts.join(" ");
  }

  negate(): CalendarInterval {
    return new CalendarInterval(-this.months, -this.days, -this.microseconds);
  }

  add(other: CalendarInterval): CalendarInterval {
    return new CalendarInterval(this.months + other.months, this.days + other.days, this.microseconds + other.microseconds);
  }

  equals(other: CalendarInterval): boolean {
    return this.months === other.months && this.days === other.days && this.microseconds === other.microseconds;
  }
}
