import { describe, expect, test } from "vitest";
import { dashboardDays, emptyCounts, seriesStart, successRate, totalOf } from "./rules";

describe("dashboard rules", () => {
  test("success rate counts finished runs only: queued, running and cancelled say nothing", () => {
    expect(successRate(emptyCounts())).toBeNull();
    const unfinished = { ...emptyCounts(), queued: 5, running: 2, cancelled: 9 };
    expect(successRate(unfinished)).toBeNull();
    const counts = { ...unfinished, succeeded: 3, failed: 1 };
    expect(successRate(counts)).toBe(0.75);
    expect(totalOf(counts)).toBe(20);
  });

  test("seven UTC days ending today, whatever the time of day", () => {
    expect(dashboardDays(new Date("2026-03-02T00:00:00.000Z"))).toEqual(["2026-02-24", "2026-02-25", "2026-02-26", "2026-02-27", "2026-02-28", "2026-03-01", "2026-03-02"]);
    expect(dashboardDays(new Date("2026-03-02T23:59:59.999Z")).at(-1)).toBe("2026-03-02");
    expect(seriesStart(new Date("2026-03-02T13:00:00.000Z")).toISOString()).toBe("2026-02-24T00:00:00.000Z");
  });
});
