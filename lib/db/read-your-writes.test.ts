import { describe, expect, test } from "vitest";
import { CLOCK_SKEW_ALLOWANCE_MS, wroteRecently } from "./read-your-writes";

describe("wroteRecently", () => {
  const now = 1_000_000;
  test.each([
    [`agency_last_write=${now - 4_999}`, true],
    [`agency_last_write=${now - 5_000}`, false],
    ["agency_last_write=garbage", false],
    ["other=1", false],
  ])("%s within a 5 s window → %s", (cookie, expected) => {
    expect(wroteRecently(cookie, 5, now)).toBe(expected);
  });
  test("no cookie header means no recent write", () => expect(wroteRecently(null, 5, now)).toBe(false));
});

describe("a future agency_last_write cookie does not pin reads to the primary", () => {
  const now = 1_700_000_000_000;
  test.each([
    ["now", now, true],
    ["just inside the clock-skew allowance", now + CLOCK_SKEW_ALLOWANCE_MS - 1, true],
    ["at the clock-skew allowance", now + CLOCK_SKEW_ALLOWANCE_MS, true],
    ["just past the clock-skew allowance", now + CLOCK_SKEW_ALLOWANCE_MS + 1, false],
    ["an hour ahead", now + 3_600_000, false],
    ["in the year 3000", Date.UTC(3000, 0, 1), false],
    ["beyond any date", 1e300, false],
  ])("a write time %s → %s", (_label, writtenAtMs, expected) => {
    expect(wroteRecently(`agency_last_write=${writtenAtMs}`, 5, now)).toBe(expected);
  });

  test("a future time stays ignored as the clock catches up until it is within the allowance", () => {
    const cookie = `agency_last_write=${now + 60_000}`;
    expect(wroteRecently(cookie, 5, now)).toBe(false);
    expect(wroteRecently(cookie, 5, now + 60_000 - CLOCK_SKEW_ALLOWANCE_MS)).toBe(true);
    expect(wroteRecently(cookie, 5, now + 60_000 + 5_000)).toBe(false);
  });

  test.each(["Infinity", "-1", "0", "1e400", "%ZZ", "%E0%A4%A"])("a malformed write time %s is no recent write", (value) => {
    expect(wroteRecently(`agency_last_write=${value}`, 5, now)).toBe(false);
  });
});
