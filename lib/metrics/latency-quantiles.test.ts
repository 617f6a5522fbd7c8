import { Histogram, Registry } from "prom-client";
import { describe, expect, test } from "vitest";
import { HTTP_DURATION_BUCKETS } from "./registry";
import { intervalLatencyQuantile } from "./signals";
import { takeSnapshot } from "./snapshot";

/** The exact quantile of a sample, by the nearest-rank definition. */
function exactQuantile(values: number[], quantile: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(quantile * sorted.length) - 1)]!;
}

/** The width of the bucket a value falls in: the most a bucket-interpolated quantile can be off. */
function bucketWidth(value: number): number {
  const upper = HTTP_DURATION_BUCKETS.findIndex((le) => value <= le);
  return HTTP_DURATION_BUCKETS[upper]! - (upper > 0 ? HTTP_DURATION_BUCKETS[upper - 1]! : 0);
}

async function quantilesOf(latenciesSeconds: number[]) {
  const registry = new Registry();
  const histogram = new Histogram({ name: "http_request_duration_seconds", help: "test", labelNames: ["method", "route", "status"] as const, buckets: HTTP_DURATION_BUCKETS, registers: [registry] });
  const before = await takeSnapshot(registry, 0);
  for (const latency of latenciesSeconds) histogram.observe({ method: "GET", route: "/v1/templates", status: "200" }, latency);
  const after = await takeSnapshot(registry, 15_000);
  return { p50: intervalLatencyQuantile(before, after, 0.5), p95: intervalLatencyQuantile(before, after, 0.95), p99: intervalLatencyQuantile(before, after, 0.99) };
}

describe("latency quantiles from the request histogram", () => {
  // A fast API: most requests 3–40 ms, a tail to 900 ms (deterministic spread, no randomness).
  const fast = Array.from({ length: 1000 }, (_, index) => (index < 900 ? 0.003 + (index / 900) * 0.037 : 0.04 + ((index - 900) / 100) * 0.86));

  test("p50/p95/p99 of known latencies come within the error of the bucket they fall in", async () => {
    const measured = await quantilesOf(fast);
    for (const [name, quantile] of [["p50", 0.5], ["p95", 0.95], ["p99", 0.99]] as const) {
      const exact = exactQuantile(fast, quantile);
      expect(Math.abs(measured[name]! - exact), `${name}: ${measured[name]} vs exact ${exact}`).toBeLessThanOrEqual(bucketWidth(exact));
    }
    // The exact p50 is ~21.5 ms: within 25 ms of a fine bucket, not the 50 ms a single 0–100 ms bucket gives.
    expect(measured.p50! * 1000).toBeGreaterThan(10);
    expect(measured.p50! * 1000).toBeLessThan(25);
  });

  test("the quantiles are interpolated, never bucket edges reported as values", async () => {
    const measured = await quantilesOf(fast);
    for (const value of Object.values(measured)) expect(HTTP_DURATION_BUCKETS).not.toContain(value);
    expect(new Set(Object.values(measured)).size).toBe(3);
  });

  test("requests of exactly 2.4 s put the p95 past the 2 s trigger", async () => {
    const slow = Array.from({ length: 100 }, (_, index) => (index < 90 ? 0.02 : 2.4));
    const measured = await quantilesOf(slow);
    expect(measured.p95).toBeGreaterThan(2);
    expect(measured.p95).toBeLessThanOrEqual(2.5);
  });
});
