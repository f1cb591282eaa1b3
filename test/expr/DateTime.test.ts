import { test } from "node:test";
import assert from "node:assert/strict";
import { formatTimestamp, parseTimestamp } from "../../src/expr/DateTimeFormatter.js";
import { addMonths, daysToLocalDate, localDateToDays, stringToTimestamp, timestampToString, zoneOffsetSeconds } from "../../src/expr/DateTimeUtils.js";
import { stringToInterval } from "../../src/expr/IntervalUtils.js";

test("day numbers and civil dates convert both ways in the proleptic Gregorian calendar", () => {
  for (const days of [-719162, -1, 0, 18321, 2932896]) {
    const d = daysToLocalDate(days);
    assert.equal(localDateToDays(d.year, d.month, d.day), days);
  }
  assert.deepEqual(daysToLocalDate(-719162), { year: 1, month: 1, day: 1 });
  assert.equal(addMonths(localDateToDays(2020, 1, 31), 1), localDateToDays(2020, 2, 29), "the day is clamped to the month's end");
});

test("zone offsets come from fixed offsets or the IANA rules, and unknown zones are named", () => {
  assert.equal(zoneOffsetSeconds("+05:30", 0), 19800);
  assert.equal(zoneOffsetSeconds("GMT-3", 0), -10800);
  assert.equal(zoneOffsetSeconds("Europe/Paris", 1593561600), 7200);
  assert.equal(zoneOffsetSeconds("Europe/Paris", 1577836800), 3600);
  assert.throws(() => zoneOffsetSeconds("Mars/Olympus", 0), /\[INVALID_TIMEZONE\] The time zone 'Mars\/Olympus' is not known/);
});

test("timestamp strings with their own offset ignore the session zone", () => {
  assert.equal(stringToTimestamp("2020-01-01T00:00:00+02:00", "America/New_York"), 1577829600000000n);
  assert.equal(stringToTimestamp("2020-01-01 00:00:00 Europe/Paris", "UTC"), 1577833200000000n);
  assert.equal(timestampToString(-1n, "UTC"), "1969-12-31 23:59:59.999999");
});

test("datetime patterns format and parse, with AM/PM, month names, fractions and offsets", () => {
  const ts = stringToTimestamp("2021-11-05 14:03:09.120", "UTC")!;
  assert.equal(formatTimestamp(ts, "MMMM d, yyyy h:mm a", "UTC"), "November 5, 2021 2:03 PM");
  assert.equal(formatTimestamp(ts, "yy-MM-dd'T'HH:mm:ss.SSSXXX", "+01:00"), "21-11-05T15:03:09.120+01:00");
  assert.equal(formatTimestamp(ts, "D", "UTC"), "309");
  assert.equal(parseTimestamp("Nov 5 2021 02:03:09 PM", "MMM d yyyy hh:mm:ss a", "UTC"), stringToTimestamp("2021-11-05 14:03:09", "UTC"));
  assert.equal(parseTimestamp("20211105140309120", "yyyyMMddHHmmssSSS", "UTC"), ts);
  assert.equal(parseTimestamp("2021-11-05T15:03:09.120+01:00", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX", "America/Chicago"), ts);
  assert.equal(parseTimestamp("2021-02-30", "yyyy-MM-dd", "UTC"), null);
  assert.throws(() => formatTimestamp(ts, "yyyy-qq", "UTC"), /the letter 'q' is not supported/);
});

test("interval strings read as Spark's CalendarInterval", () => {
  assert.equal(String(stringToInterval("interval 1 year 2 months 3 weeks -1 day 1.5 seconds")), "1 years 2 months 20 days 1.5 seconds");
  assert.equal(stringToInterval("1 fortnight"), null);
  assert.equal(stringToInterval("1.5 days"), null);
});
