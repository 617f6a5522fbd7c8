import { describe, expect, test } from "vitest";
import { sessionEndReason, sessionLimitsFor } from "./session-lifetimes";

const SETTINGS = { SESSION_PLATFORM_MAX_HOURS: 12, SESSION_PLATFORM_IDLE_MINUTES: 30, SESSION_TENANT_MAX_DAYS: 7, SESSION_TENANT_IDLE_HOURS: 24 };
const T0 = 1_800_000_000_000;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe("sessionLimitsFor", () => {
  test("gives platform-role holders 12 hours and 30 idle minutes, everyone else 7 days and 24 idle hours", () => {
    expect(sessionLimitsFor(true, SETTINGS)).toEqual({ maxAgeMs: 12 * HOUR, idleMs: 30 * MINUTE });
    expect(sessionLimitsFor(false, SETTINGS)).toEqual({ maxAgeMs: 7 * 24 * HOUR, idleMs: 24 * HOUR });
  });
});

describe("sessionEndReason", () => {
  const limits = sessionLimitsFor(true, SETTINGS);
  test.each([
    ["just below the idle limit", 30 * MINUTE - 1, null],
    ["at the idle limit", 30 * MINUTE, null],
    ["just above the idle limit", 30 * MINUTE + 1, "idle"],
  ])("%s", (_, idleMs, expected) => {
    expect(sessionEndReason({ createdAtMs: T0 - HOUR, lastActiveAtMs: T0 - idleMs }, limits, T0)).toBe(expected);
  });

  test.each([
    ["just below the absolute limit", 12 * HOUR - 1, null],
    ["at the absolute limit", 12 * HOUR, null],
    ["just above the absolute limit", 12 * HOUR + 1, "max_age"],
  ])("%s, however recent the last request", (_, ageMs, expected) => {
    expect(sessionEndReason({ createdAtMs: T0 - ageMs, lastActiveAtMs: T0 }, limits, T0)).toBe(expected);
  });
});
