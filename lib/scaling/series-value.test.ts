import { describe, expect, test } from "vitest";
import { findValueAtEvalTime, type SeriesPoint } from "./series-value";

describe("findValueAtEvalTime", () => {
  test.each([
    { evalTimeSeconds: 299, value: 42 },
    { evalTimeSeconds: 300, value: null },
    { evalTimeSeconds: 301, value: null },
  ])("a point at 0 seen at $evalTimeSeconds is $value (5-minute lookback, left-open)", ({ evalTimeSeconds, value }) => {
    expect(findValueAtEvalTime([{ tSeconds: 0, value: 42 }], evalTimeSeconds)).toBe(value);
  });

  test("takes the latest point at or before the evaluation time", () => {
    const series: SeriesPoint[] = [
      { tSeconds: 0, value: 1 },
      { tSeconds: 60, value: 2 },
      { tSeconds: 120, value: 3 },
    ];
    expect(findValueAtEvalTime(series, 60)).toBe(2);
    expect(findValueAtEvalTime(series, 119)).toBe(2);
  });

  test("ignores points after the evaluation time", () => {
    expect(findValueAtEvalTime([{ tSeconds: 10, value: 1 }], 9)).toBeNull();
  });

  test("does not depend on the order of the points", () => {
    const series: SeriesPoint[] = [
      { tSeconds: 60, value: 2 },
      { tSeconds: 0, value: 1 },
    ];
    expect(findValueAtEvalTime(series, 90)).toBe(2);
  });

  test("a staleness marker (null) hides older values inside the lookback", () => {
    const series: SeriesPoint[] = [
      { tSeconds: 0, value: 1 },
      { tSeconds: 30, value: null },
    ];
    expect(findValueAtEvalTime(series, 60)).toBeNull();
  });

  test("of two points at the same time, the later one in the array wins", () => {
    const series: SeriesPoint[] = [
      { tSeconds: 0, value: 1 },
      { tSeconds: 0, value: 2 },
    ];
    expect(findValueAtEvalTime(series, 0)).toBe(2);
  });

  test("an empty series has no value", () => {
    expect(findValueAtEvalTime([], 0)).toBeNull();
  });
});
