import { describe, expect, test } from "vitest";
import type { InvalidationGap, StaleCheck } from "@/lib/cache";
import { CACHE_THRESHOLDS, detectCacheInvalidation, L1_ONLY_NOTE, summarizeDeliveries, type CacheSample } from "./detect";

const NOW = 10_000_000;
const checked = (staleKeys: string[] = []): StaleCheck => ({ status: "checked", compared: 20, missingInL2: 0, staleKeys });

function sample(overrides: { lagsMs?: number[]; gaps?: InvalidationGap[]; staleCheck?: StaleCheck } = {}): CacheSample {
  return {
    atMs: NOW,
    invalidations: { deliveries: (overrides.lagsMs ?? []).map((lagMs, index) => ({ atMs: NOW - 1_000 + index, lagMs })), gaps: overrides.gaps ?? [], gapsTotal: overrides.gaps?.length ?? 0, staleEntriesTotal: 0 },
    staleCheck: overrides.staleCheck ?? checked(),
  };
}

/** 100 deliveries whose p95 (nearest rank: the 95th) is `p95Ms`. */
const lagsWithP95 = (p95Ms: number) => [...Array.from({ length: 95 }, (_, index) => (index === 94 ? p95Ms : 1)), ...Array.from({ length: 5 }, () => 5_000)];

describe("detectCacheInvalidation", () => {
  test.each([
    [99, "ok"],
    [100, "ok"],
    [101, "warning"],
    [1_000, "warning"],
    [1_001, "critical"],
  ] as const)("delivery lag p95 of %i ms → %s", (p95Ms, expected) => {
    const result = detectCacheInvalidation([sample({ lagsMs: lagsWithP95(p95Ms) })]);
    expect(result.evidence.delivery!.p95Ms).toBe(p95Ms);
    expect(result.state).toBe(expected);
  });

  test.each([
    [CACHE_THRESHOLDS.repairedGapWarningMs - 1, "warning"],
    [CACHE_THRESHOLDS.repairedGapWarningMs, "warning"],
    [CACHE_THRESHOLDS.repairedGapWarningMs + 1, "ok"],
  ] as const)("a gap repaired %i ms ago (window 15 min) → %s", (agoMs, expected) => {
    const gap = { startedAtMs: NOW - agoMs - 2_000, endedAtMs: NOW - agoMs, l1EntriesDropped: 7 };
    const result = detectCacheInvalidation([sample({ gaps: [gap] })]);
    expect(result.state).toBe(expected);
    if (expected === "warning") expect(result.reasons[0]).toContain("7 entries dropped");
  });

  test("an open gap (subscription down now) is critical and reported with its start", () => {
    const result = detectCacheInvalidation([sample({ gaps: [{ startedAtMs: NOW - 3_000, endedAtMs: null, l1EntriesDropped: null }] })]);
    expect(result.state).toBe("critical");
    expect(result.evidence.openGapSinceMs).toBe(NOW - 3_000);
    expect(result.reasons[0]).toContain("3.0 s");
  });

  test.each([
    [0, "ok"],
    [1, "critical"],
    [3, "critical"],
  ] as const)("%i stale entries in the latest check → %s", (count, expected) => {
    const keys = Array.from({ length: count }, (_, index) => `agency:template:t:${index}`);
    expect(detectCacheInvalidation([sample({ staleCheck: checked(keys) })]).state).toBe(expected);
  });

  test("an unavailable stale check alone is not judged (the gap rule covers Redis being away)", () => {
    expect(detectCacheInvalidation([sample({ staleCheck: { status: "unavailable" } })]).state).toBe("ok");
  });

  test("embedded mode is ok with the not-applicable note", () => {
    const result = detectCacheInvalidation([{ atMs: NOW, invalidations: null, staleCheck: { status: "not-applicable" } }]);
    expect(result).toMatchObject({ state: "ok", reasons: [], evidence: { mode: "l1-only", note: L1_ONLY_NOTE, delivery: null } });
  });

  test("charts the p95 lag per sample, null where nothing was delivered", () => {
    const samples = [{ ...sample({ lagsMs: [5, 7] }), atMs: NOW - 5_000 }, sample()];
    expect(detectCacheInvalidation(samples).evidence.lagSeries).toEqual([[NOW - 5_000, 7], [NOW, null]]);
  });

  test("is ok with no samples yet", () => {
    expect(detectCacheInvalidation([]).state).toBe("ok");
  });
});

describe("summarizeDeliveries", () => {
  test("takes nearest-rank p50 and p95 and the maximum", () => {
    const lags = Array.from({ length: 20 }, (_, index) => ({ atMs: index, lagMs: index + 1 }));
    expect(summarizeDeliveries(lags)).toEqual({ count: 20, p50Ms: 10, p95Ms: 19, maxMs: 20 });
  });
});
