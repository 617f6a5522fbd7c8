import { describe, expect, test } from "vitest";
import { fitLine, forecastCrossing, type Point } from "./headroom";

const DAY_MS = 86_400_000;
const now = Date.parse("2026-12-08T00:00:00Z");
/** A week of daily points: `value(day)` where day 0 is a week ago and day 7 is now. */
const week = (value: (day: number) => number): Point[] => Array.from({ length: 8 }, (_, day) => [now - (7 - day) * DAY_MS, value(day)]);

describe("forecastCrossing", () => {
  test("an exact line of +10 users a day, at 100 now, crosses 130 in 3 days, with no spread", () => {
    const headroom = forecastCrossing(week((day) => 30 + 10 * day), 130, now);
    expect(headroom).toMatchObject({ kind: "crossing", threshold: 130 });
    if (headroom.kind !== "crossing") return;
    expect(headroom.perDay).toBeCloseTo(10, 6);
    expect(Math.abs(Date.parse(headroom.at) - (now + 3 * DAY_MS))).toBeLessThan(1_000);
    expect(headroom.earliest).toBe(headroom.at);
    expect(headroom.latest).toBe(headroom.at);
  });

  test("a noisy trend gives a range around the fitted crossing", () => {
    const headroom = forecastCrossing(week((day) => 30 + 10 * day + (day % 2 === 0 ? 6 : -6)), 100, now);
    if (headroom.kind !== "crossing") throw new Error(`expected a crossing, got ${headroom.kind}`);
    expect(Date.parse(headroom.earliest)).toBeLessThan(Date.parse(headroom.at));
    expect(Date.parse(headroom.latest!)).toBeGreaterThan(Date.parse(headroom.at));
  });

  test("flat or shrinking use never crosses", () => {
    expect(forecastCrossing(week(() => 40), 100, now)).toMatchObject({ kind: "not-growing" });
    expect(forecastCrossing(week((day) => 80 - day), 100, now)).toMatchObject({ kind: "not-growing" });
  });

  test("already past the threshold, or too few samples, says so", () => {
    expect(forecastCrossing(week((day) => 101 + day), 100, now)).toMatchObject({ kind: "already-over" });
    expect(forecastCrossing(week((day) => day).slice(0, 2), 100, now)).toMatchObject({ kind: "no-trend" });
  });

  test("fitLine recovers slope and intercept", () => {
    const fit = fitLine([[0, 1], [1, 3], [2, 5]]);
    expect(fit).toMatchObject({ slopePerMs: 2, intercept: 1, slopeStandardError: 0, points: 3 });
  });
});
