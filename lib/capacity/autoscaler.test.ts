import { describe, expect, test } from "vitest";
import type { MetricsSnapshot } from "@/lib/metrics/snapshot";
import { readTriggers } from "./autoscaler";

function snapshot(buckets: [number, number][], pools: [string, string, number][]): MetricsSnapshot {
  return {
    atMs: 0,
    cpuSeconds: 0,
    rssBytes: 0,
    memoryLimitBytes: 1,
    cores: 1,
    eventLoopLagP99Seconds: null,
    http: { requests: buckets.at(-1)?.[1] ?? 0, serverErrors: 0, buckets: buckets.map(([le, count]) => ({ le, count })) },
    gauges: { db_pool_utilization_ratio: pools.map(([pool, target, value]) => ({ labels: { pool, target }, value })) },
    counters: {},
  };
}

describe("readTriggers", () => {
  test("takes the busiest pool and the p95 of the requests served in the interval", () => {
    const previous = snapshot([[1, 100], [5, 100], [Infinity, 100]], []);
    // 100 new requests, 20 of them between 1 s and 5 s: the p95 rank (95) lies 15 into that bucket.
    const current = snapshot([[1, 180], [5, 200], [Infinity, 200]], [["write", "primary", 0.4], ["read", "replica-0", 0.9]]);
    const readings = readTriggers(previous, current);
    expect(readings.dbPool).toEqual({ name: "read/replica-0", utilizationRatio: 0.9 });
    expect(readings.p95LatencySeconds).toBeCloseTo(1 + 4 * (15 / 20), 10);
  });

  test("no requests and no pools: nothing to measure", () => {
    const quiet = snapshot([[1, 10], [Infinity, 10]], []);
    expect(readTriggers(quiet, quiet)).toEqual({ dbPool: null, p95LatencySeconds: null });
  });
});
