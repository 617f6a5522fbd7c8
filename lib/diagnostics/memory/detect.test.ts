import { describe, expect, test } from "vitest";
import { detectMemoryLeak, MEMORY_THRESHOLDS, type MemorySample } from "./detect";

const MB = 1024 * 1024;
const LIMIT = 4096 * MB;

/** One sample every 5 s for `minutes`, heap growing `mbPerMin` with a ±`noiseMb` sawtooth. */
function series(minutes: number, mbPerMin: number, noiseMb = 0): MemorySample[] {
  return Array.from({ length: Math.floor((minutes * 60) / 5) + 1 }, (_, index) => {
    const atMs = index * 5_000;
    const heap = 100 * MB + (mbPerMin * MB * atMs) / 60_000 + (index % 2 === 0 ? noiseMb : -noiseMb) * MB;
    return { atMs, heapUsedBytes: heap, rssBytes: heap + 50 * MB, heapLimitBytes: LIMIT, eventLoopLagSeconds: 0.01 };
  });
}

describe("detectMemoryLeak", () => {
  test.each([
    [0.9, "ok"],
    [1, "ok"],
    [1.1, "warning"],
    [5, "warning"],
    [5.1, "critical"],
  ] as const)("heap growing %f MB/min for 10 min → %s", (mbPerMin, expected) => {
    expect(detectMemoryLeak(series(10, mbPerMin)).state).toBe(expected);
  });

  test.each([
    [9.9, "ok"],
    [10, "warning"],
    [11, "warning"],
  ] as const)("a 2 MB/min rise sustained for %f min (needs 10) → %s", (minutes, expected) => {
    const samples = series(12, 2).filter((sample) => sample.atMs <= minutes * 60_000);
    expect(detectMemoryLeak(samples).state).toBe(expected);
  });

  test("a steady sawtooth with a large amplitude does not warn (low R²)", () => {
    const result = detectMemoryLeak(series(15, 0, 30));
    expect(result.state).toBe("ok");
    expect(result.evidence.heap!.r2).toBeLessThan(MEMORY_THRESHOLDS.minR2);
  });

  test("a noisy rise warns only when the fit explains at least 80 % of the variance", () => {
    const noisy = detectMemoryLeak(series(10, 2, 12));
    expect(noisy.evidence.heap!.r2).toBeLessThan(0.8);
    expect(noisy.state).toBe("ok");
    expect(detectMemoryLeak(series(10, 2, 1)).state).toBe("warning");
  });

  test.each([
    [0.89, "ok"],
    [0.9, "critical"],
    [0.91, "critical"],
  ] as const)("heap at %f of the V8 limit → %s", (share, expected) => {
    const samples = [{ atMs: 0, heapUsedBytes: share * LIMIT, rssBytes: LIMIT, heapLimitBytes: LIMIT, eventLoopLagSeconds: null }];
    expect(detectMemoryLeak(samples).state).toBe(expected);
  });

  test("reports the fitted heap and RSS slopes and the worst event-loop lag", () => {
    const result = detectMemoryLeak(series(10, 3));
    expect(result.evidence.heap!.slopeMbPerMin).toBeCloseTo(3, 5);
    expect(result.evidence.rss!.slopeMbPerMin).toBeCloseTo(3, 5);
    expect(result.evidence.maxEventLoopLagSeconds).toBe(0.01);
  });
});
