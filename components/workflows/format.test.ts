import { describe, expect, test } from "vitest";
import { formatDurationMs, formatDurationShort, formatPercent, formatRelative } from "./format";

describe("workflow formatting", () => {
  test.each([
    [null, "—"],
    [0, "0 ms"],
    [999, "999 ms"],
    [1000, "1.0 s"],
    [9_950, "9.9 s"],
    [10_000, "10 s"],
    [185_000, "3 min 5 s"],
    [119_600, "2 min 0 s"],
    [3_599_700, "1 h 0 min"],
    [3_720_000, "1 h 2 min"],
  ])("duration %s ms reads %s", (ms, text) => expect(formatDurationMs(ms)).toBe(text));

  test("axis durations stay short", () => {
    expect([850, 45_000, 115_000, 125_000, 9_000_000].map(formatDurationShort)).toEqual(["850 ms", "45 s", "115 s", "2.1 min", "2.5 h"]);
  });

  test("percent keeps a decimal except at the ends", () => {
    expect([formatPercent(null), formatPercent(0), formatPercent(1), formatPercent(10 / 11)]).toEqual(["—", "0 %", "100 %", "90.9 %"]);
  });

  test("relative times step from seconds to days", () => {
    const now = Date.parse("2026-01-02T00:00:00Z");
    expect(["2026-01-01T23:59:30Z", "2026-01-01T23:00:00Z", "2026-01-01T12:00:00Z", "2025-12-30T00:00:00Z"].map((iso) => formatRelative(iso, now))).toEqual([
      "30 s ago",
      "1 h ago",
      "12 h ago",
      "3 d ago",
    ]);
  });
});
