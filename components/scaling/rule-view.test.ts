import { describe, expect, test } from "vitest";
import { describeAlert, findAlertIntervals, findNiceAxis, formatDuration, ruleBadgeState, toRuleSeries } from "./rule-view";

const NOW = Date.parse("2026-11-27T12:00:00.000Z");
const ago = (seconds: number) => new Date(NOW - seconds * 1000).toISOString();
const alert = (overrides: Partial<Parameters<typeof ruleBadgeState>[0]["alert"]> = {}) => ({
  state: "inactive" as const,
  activeAt: null,
  keepFiringSince: null,
  resolvedAt: null,
  value: 40,
  evaluatedAt: ago(5),
  ...overrides,
});

describe("ruleBadgeState", () => {
  test.each([
    { name: "a firing alert", rule: { enabled: true, alert: alert({ state: "firing" }) }, badge: "critical" },
    { name: "a pending alert", rule: { enabled: true, alert: alert({ state: "pending" }) }, badge: "warning" },
    { name: "no value", rule: { enabled: true, alert: alert({ value: null }) }, badge: "no-data" },
    { name: "a value within threshold", rule: { enabled: true, alert: alert() }, badge: "ok" },
    { name: "a disabled rule", rule: { enabled: false, alert: alert({ state: "firing" }) }, badge: null },
  ])("shows $badge for $name", ({ rule, badge }) => {
    expect(ruleBadgeState(rule)).toBe(badge);
  });
});

describe("formatDuration", () => {
  test.each([
    [0, "0 s"],
    [59, "59 s"],
    [60, "1 min"],
    [90, "1 min 30 s"],
    [600, "10 min"],
    [3600, "1 h"],
    [3900, "1 h 5 min"],
  ])("formats %i s as %s", (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });
});

describe("describeAlert", () => {
  const timing = { forSeconds: 600, keepFiringForSeconds: 300 };
  test.each([
    { alert: alert({ state: "pending", activeAt: ago(120) }), text: "Pending for 2 min of 10 min" },
    { alert: alert({ state: "firing", activeAt: ago(900) }), text: "Firing for 15 min" },
    { alert: alert({ state: "firing", activeAt: ago(900), keepFiringSince: ago(60) }), text: "Firing for 15 min; condition cleared 1 min ago, resolves after 5 min" },
    { alert: alert({ activeAt: ago(900), resolvedAt: ago(30) }), text: "Resolved 30 s ago" },
    { alert: alert({ value: null }), text: "No value in the last 5 min" },
    { alert: alert({ evaluatedAt: null }), text: "Not evaluated yet" },
  ])("says $text", ({ alert: current, text }) => {
    expect(describeAlert({ enabled: true, alert: current, ...timing }, NOW)).toBe(text);
  });
});

describe("findAlertIntervals", () => {
  const FROM = NOW - 3600_000;

  test("shades pending then firing, clipped to the range, and extends the current state to now", () => {
    const history = {
      initialState: "pending" as const,
      transitions: [
        { at: ago(3000), from: "pending" as const, to: "firing" as const, value: 90 },
        { at: ago(2000), from: "firing" as const, to: "inactive" as const, value: 50 },
        { at: ago(600), from: "inactive" as const, to: "pending" as const, value: 85 },
      ],
    };
    expect(findAlertIntervals(history, FROM, NOW)).toEqual([
      { state: "pending", fromMs: FROM, toMs: NOW - 3000_000 },
      { state: "firing", fromMs: NOW - 3000_000, toMs: NOW - 2000_000 },
      { state: "pending", fromMs: NOW - 600_000, toMs: NOW },
    ]);
  });

  test("is empty for a rule that stayed inactive", () => {
    expect(findAlertIntervals({ initialState: "inactive", transitions: [] }, FROM, NOW)).toEqual([]);
  });
});

describe("toRuleSeries", () => {
  test("takes the largest series at each time and scales it", () => {
    const series = [{ points: [[1, 0.2], [2, 0.5]] as [number, number][] }, { points: [[1, 0.4], [3, 0.1]] as [number, number][] }];
    expect(toRuleSeries(series, 100)).toEqual([
      [1, 40],
      [2, 50],
      [3, 10],
    ]);
  });
});

describe("findNiceAxis", () => {
  test.each([
    { top: 77, ticks: [0, 20, 40, 60, 80] },
    { top: 88, ticks: [0, 25, 50, 75, 100] },
    { top: 2.2, ticks: [0, 1, 2, 3] },
    { top: 1.2, ticks: [0, 0.5, 1, 1.5] },
    { top: 0.3, ticks: [0, 0.1, 0.2, 0.3] },
    { top: 0, ticks: [0, 0.25, 0.5, 0.75, 1] },
  ])("covers $top with ticks $ticks", ({ top, ticks }) => {
    expect(findNiceAxis(top)).toEqual({ max: ticks.at(-1), ticks });
  });
});
