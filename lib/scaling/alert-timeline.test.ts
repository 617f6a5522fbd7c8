import { describe, expect, test } from "vitest";
import { evaluateAlertTimeline, type AlertTimelineInput } from "./alert-timeline";
import { DEFAULT_THRESHOLD_RULES } from "./default-rules";
import type { SeriesPoint } from "./series-value";

function everyMinute(fromSeconds: number, toSeconds: number): number[] {
  const times: number[] = [];
  for (let t = fromSeconds; t <= toSeconds; t += 60) times.push(t);
  return times;
}

function constantSeries(value: number | null, fromSeconds: number, toSeconds: number): SeriesPoint[] {
  return everyMinute(fromSeconds, toSeconds).map((tSeconds) => ({ tSeconds, value }));
}

const base: Omit<AlertTimelineInput, "evalTimesSeconds" | "series"> = {
  forSeconds: 120,
  keepFiringForSeconds: 0,
  comparator: ">",
  threshold: 70,
};

describe("evaluateAlertTimeline", () => {
  test("goes pending, fires after `for`, resolves and is kept as resolved", () => {
    const series = [...constantSeries(80, 0, 180), ...constantSeries(50, 240, 300)];
    const snapshots = evaluateAlertTimeline({ ...base, evalTimesSeconds: everyMinute(0, 300), series });
    expect(snapshots).toEqual([
      { evalTimeSeconds: 0, state: "pending", activeAtSeconds: 0 },
      { evalTimeSeconds: 60, state: "pending", activeAtSeconds: 0 },
      { evalTimeSeconds: 120, state: "firing", activeAtSeconds: 0 },
      { evalTimeSeconds: 180, state: "firing", activeAtSeconds: 0 },
      { evalTimeSeconds: 240, state: "inactive", activeAtSeconds: 0, resolvedAtSeconds: 240 },
      { evalTimeSeconds: 300, state: "inactive", activeAtSeconds: 0, resolvedAtSeconds: 240 },
    ]);
  });

  test("reports inactive with activeAt null once the resolved alert is forgotten after 15 minutes", () => {
    const series = [...constantSeries(80, 0, 0), ...constantSeries(50, 60, 1200)];
    const snapshots = evaluateAlertTimeline({
      ...base,
      forSeconds: 0,
      evalTimesSeconds: [0, 60, 960, 961],
      series,
    });
    expect(snapshots.slice(2)).toEqual([
      { evalTimeSeconds: 960, state: "inactive", activeAtSeconds: 0, resolvedAtSeconds: 60 },
      { evalTimeSeconds: 961, state: "inactive", activeAtSeconds: null },
    ]);
  });

  test("a series that stops reporting resolves the alert once its last sample leaves the lookback", () => {
    const snapshots = evaluateAlertTimeline({
      ...base,
      forSeconds: 0,
      evalTimesSeconds: [0, 299, 300],
      series: [{ tSeconds: 0, value: 90 }],
    });
    expect(snapshots.map((snapshot) => snapshot.state)).toEqual(["firing", "firing", "inactive"]);
  });

  test("a dip while pending restarts the `for` clock", () => {
    const series: SeriesPoint[] = [
      { tSeconds: 0, value: 80 },
      { tSeconds: 60, value: 60 },
      { tSeconds: 120, value: 80 },
    ];
    const snapshots = evaluateAlertTimeline({ ...base, evalTimesSeconds: [0, 60, 120, 180, 240], series });
    expect(snapshots.map((s) => [s.state, s.activeAtSeconds])).toEqual([
      ["pending", 0],
      ["inactive", null],
      ["pending", 120],
      ["pending", 120],
      ["firing", 120],
    ]);
  });

  test("keep_firing_for bridges a short dip", () => {
    const series: SeriesPoint[] = [
      { tSeconds: 0, value: 80 },
      { tSeconds: 60, value: 60 },
      { tSeconds: 120, value: 80 },
    ];
    const snapshots = evaluateAlertTimeline({
      ...base,
      forSeconds: 0,
      keepFiringForSeconds: 120,
      evalTimesSeconds: [0, 60, 120],
      series,
    });
    expect(snapshots.map((s) => s.state)).toEqual(["firing", "firing", "firing"]);
  });

  test.each([
    { minutesAbove: 9, state: "pending" },
    { minutesAbove: 10, state: "firing" },
    { minutesAbove: 11, state: "firing" },
  ])("the default CPU rule is $state after $minutesAbove minutes above 70 %", ({ minutesAbove, state }) => {
    const cpuRule = DEFAULT_THRESHOLD_RULES.find((rule) => rule.id === "cpu-high")!;
    const snapshots = evaluateAlertTimeline({
      ...cpuRule,
      evalTimesSeconds: everyMinute(0, minutesAbove * 60),
      series: constantSeries(71, 0, minutesAbove * 60),
    });
    expect(snapshots.at(-1)?.state).toBe(state);
  });
});
